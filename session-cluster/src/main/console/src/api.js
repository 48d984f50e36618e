// The care and SRE APIs, as the console calls them. Every refusal becomes an ApiProblem carrying
// the node's RFC 9457 problem (title, detail, the fields at fault), so a page can show exactly
// what the node said instead of a blank screen.

export class ApiProblem extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || 'Request failed');
    this.problem = problem;
  }

  get status() {
    return this.problem.status;
  }

  /** The last part of the problem type: "wrong-role", "session-not-found"... */
  get kind() {
    return String(this.problem.type ?? '').split('/').pop();
  }
}

export function createApi(auth, { onSignedOut } = {}) {
  async function call(method, path, { body, token, accept = 'application/json' } = {}) {
    const headers = { Accept: `${accept}, application/problem+json` };
    const authorization = token !== undefined ? `Bearer ${token}` : auth.authorization();
    if (authorization) headers.Authorization = authorization;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiProblem({
        title: 'The node did not answer',
        status: 0,
        detail: `${method} ${path} failed: ${e.message}. Check that the node is running.`,
      });
    }
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok) {
      const problem = type.includes('json') ? await response.json().catch(() => null) : null;
      const failure = new ApiProblem(
        problem && typeof problem === 'object'
          ? { ...problem, status: problem.status ?? response.status }
          : {
              title: response.statusText || `HTTP ${response.status}`,
              status: response.status,
              detail: `${method} ${path} answered ${response.status} without a problem body.`,
            },
      );
      // An expired or revoked token: forget it, so the next page asks to sign in again.
      if (response.status === 401 && token === undefined && onSignedOut) onSignedOut(failure);
      throw failure;
    }
    if (accept !== 'application/json') return response.text();
    return type.includes('json') ? response.json() : response.text();
  }

  const enc = encodeURIComponent;
  return {
    whoAmI: (token) => call('GET', '/v1/operators/me', { token }),

    // Care (care tokens only)
    account: (id) => call('GET', `/v1/care/accounts/${enc(id)}`),
    session: (id) => call('GET', `/v1/care/sessions/${enc(id)}`),
    accountsOfDevice: (id) => call('GET', `/v1/care/devices/${enc(id)}`),
    accountsOfProfile: (id) => call('GET', `/v1/care/profiles/${enc(id)}`),
    timeline: (id) => call('GET', `/v1/care/sessions/${enc(id)}/timeline`),
    terminate: (id, why) => call('POST', `/v1/care/sessions/${enc(id)}/terminate`, { body: { why } }),
    signOutAll: (account, why) =>
      call('POST', `/v1/care/accounts/${enc(account)}/sign-out`, { body: { why } }),
    changePlan: (account, plan, why) =>
      call('PUT', `/v1/care/accounts/${enc(account)}/plan`, { body: { plan, why } }),
    registerDevice: (account, deviceId, deviceType, why) =>
      call('POST', `/v1/care/accounts/${enc(account)}/devices`, {
        body: { deviceId, deviceType, why },
      }),
    removeDevice: (account, deviceId, why) =>
      call('POST', `/v1/care/accounts/${enc(account)}/devices/${enc(deviceId)}/remove`, {
        body: { why },
      }),

    // SRE (SRE tokens only)
    cluster: () => call('GET', '/v1/sre/cluster'),
    caches: () => call('GET', '/v1/sre/steering/caches'),
    network: () => call('GET', '/v1/sre/steering/network'),
    markCache: (id, down, why) =>
      call('POST', `/v1/sre/steering/caches/${enc(id)}/${down ? 'down' : 'up'}`, { body: { why } }),
    qoe: (dimension) => call('GET', `/v1/sre/qoe?dimension=${enc(dimension)}`),
    drills: () => call('GET', '/v1/sre/drills'),
    drill: (id) => call('GET', `/v1/sre/drills/${enc(id)}`),
    startDrill: (request) => call('POST', '/v1/sre/drills', { body: request }),
    drillPage: (id) => call('GET', `/v1/sre/drills/${enc(id)}/report.html`, { accept: 'text/html' }),
  };
}
