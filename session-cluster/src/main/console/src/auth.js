// Who the operator is, and the credentials every API call carries.
//
// The console depends only on this shape (an "auth source"):
//   current()        -> {role: 'care' | 'sre', subject} or null when signed out
//   authorization()  -> the Authorization header value for API calls, or null
//   signIn(input)    -> resolves to current() once the node accepted the credentials
//   signOut()
// Today's source is a pasted bearer token. It lives in sessionStorage: gone when the tab closes,
// never in a URL, a cookie or localStorage. An OIDC login later is a second source with the same
// shape (signIn redirects to the identity provider and completes on its callback with an access
// token the node verifies); pages and the API client stay as they are.

const KEY = 'playhead.console.operator';

export class PastedTokenAuth {
  /** @param storage sessionStorage, or any Storage; @param whoAmI (token) => Promise<{role, subject}> */
  constructor(storage, whoAmI) {
    this.storage = storage;
    this.whoAmI = whoAmI;
  }

  current() {
    const saved = this.read();
    return saved ? { role: saved.role, subject: saved.subject } : null;
  }

  authorization() {
    const saved = this.read();
    return saved ? `Bearer ${saved.token}` : null;
  }

  /** Asks the node whose token this is (GET /v1/operators/me); keeps it only if accepted. */
  async signIn(pasted) {
    const token = String(pasted ?? '')
      .trim()
      .replace(/^Bearer\s+/i, '');
    const operator = await this.whoAmI(token);
    this.storage.setItem(KEY, JSON.stringify({ token, role: operator.role, subject: operator.subject }));
    return this.current();
  }

  signOut() {
    this.storage.removeItem(KEY);
  }

  read() {
    try {
      const saved = JSON.parse(this.storage.getItem(KEY) ?? 'null');
      return saved && saved.token && saved.role ? saved : null;
    } catch {
      return null;
    }
  }
}
