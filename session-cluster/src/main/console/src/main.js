// The console's shell: sign-in, the role-aware navigation, and hash routes (#/care/accounts/acc-1),
// so the node serves one page and nothing but ids ever goes into a URL.
import { createApi } from './api.js';
import { PastedTokenAuth } from './auth.js';
import { h, replace } from './dom.js';
import { accountPage } from './pages/account.js';
import { cachesPage } from './pages/caches.js';
import { clusterPage } from './pages/cluster.js';
import { drillPage, drillsPage } from './pages/drills.js';
import { qoePage } from './pages/qoe.js';
import { searchPage } from './pages/search.js';
import { sessionPage } from './pages/session.js';
import { signInPage } from './pages/signin.js';

const ROLE_NAMES = { care: 'care agent', sre: 'SRE' };

// Each page: the role it is for, its hash pattern, its nav label and path (if in the nav), its
// renderer. A new page is one more line here.
const ROUTES = [
  { role: 'care', pattern: /^\/care\/search$/, nav: 'Find', path: '/care/search', render: searchPage },
  { role: 'care', pattern: /^\/care\/accounts\/([^/]+)$/, render: accountPage },
  { role: 'care', pattern: /^\/care\/sessions\/([^/]+)$/, render: sessionPage },
  { role: 'sre', pattern: /^\/sre\/cluster$/, nav: 'Cluster', path: '/sre/cluster', render: clusterPage },
  { role: 'sre', pattern: /^\/sre\/caches$/, nav: 'Caches', path: '/sre/caches', render: cachesPage },
  { role: 'sre', pattern: /^\/sre\/qoe$/, nav: 'QoE', path: '/sre/qoe', render: qoePage },
  { role: 'sre', pattern: /^\/sre\/drills$/, nav: 'Drills', path: '/sre/drills', render: drillsPage },
  { role: 'sre', pattern: /^\/sre\/drills\/([^/]+)$/, render: drillPage },
];
const HOME = { care: '#/care/search', sre: '#/sre/cluster' };

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');

let leaving = [];
const auth = new PastedTokenAuth(sessionStorage, (token) => api.whoAmI(token));
const api = createApi(auth, {
  onSignedOut: () => {
    auth.signOut();
    renderChrome();
  },
});

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function renderChrome() {
  const operator = auth.current();
  if (!operator) {
    replace(nav);
    replace(who);
    return;
  }
  const current = location.hash.slice(1);
  replace(
    nav,
    h(
      'ul',
      {},
      ROUTES.filter((r) => r.nav && r.role === operator.role).map((r) => {
        return h('li', {}, h('a', { href: `#${r.path}`, 'aria-current': current.startsWith(r.path) ? 'page' : null }, r.nav));
      }),
    ),
  );
  replace(
    who,
    h('span', {}, 'Signed in as ', h('strong', {}, operator.subject), ` (${ROLE_NAMES[operator.role] ?? operator.role})`),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary small',
        onclick: () => {
          auth.signOut();
          go('#/sign-in');
        },
      },
      'Sign out',
    ),
  );
}

async function route() {
  for (const stop of leaving) stop();
  leaving = [];
  const hash = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const operator = auth.current();
  renderChrome();
  const ctx = {
    api,
    auth,
    operator,
    main,
    go,
    onLeave: (stop) => leaving.push(stop),
    signedIn: () => {
      renderChrome();
      const back = sessionStorage.getItem('playhead.console.after-sign-in');
      sessionStorage.removeItem('playhead.console.after-sign-in');
      go(back && back !== '#/sign-in' ? back : HOME[auth.current().role]);
    },
  };
  if (!operator || hash === '/sign-in') {
    if (!operator && hash !== '/sign-in' && hash !== '/') {
      sessionStorage.setItem('playhead.console.after-sign-in', `#${hash}`);
    }
    return show(ctx, 'Sign in', signInPage, []);
  }
  if (hash === '/') return go(HOME[operator.role]);
  for (const r of ROUTES) {
    const match = hash.match(r.pattern);
    if (!match) continue;
    if (r.role !== operator.role) return show(ctx, 'Not for your role', wrongRole, [r.role]);
    return show(ctx, null, r.render, match.slice(1).map(decodeURIComponent));
  }
  return show(ctx, 'Not found', notFound, [hash]);
}

async function show(ctx, title, render, params) {
  replace(main);
  if (title) document.title = `${title} · Playhead console`;
  await render(ctx, ...params);
  // Keyboard and screen-reader users start at the new page's heading.
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
    document.title = `${heading.textContent} · Playhead console`;
  }
}

function wrongRole(ctx, needed) {
  const mine = ROLE_NAMES[ctx.operator.role];
  replace(
    ctx.main,
    h('h1', {}, 'Not for your role'),
    h(
      'div',
      { class: 'problem', role: 'alert' },
      h('p', { class: 'problem-detail' }, `This page is for ${ROLE_NAMES[needed]}s. You are signed in as ${mine} ${ctx.operator.subject}, and the node refuses ${ROLE_NAMES[needed]} calls with your token.`),
    ),
    h('p', {}, h('a', { href: HOME[ctx.operator.role] }, 'Go to your pages')),
  );
}

function notFound(ctx, hash) {
  replace(ctx.main, h('h1', {}, 'Not found'), h('p', {}, `The console has no page ${hash}.`), h('p', {}, h('a', { href: '#/' }, 'Start page')));
}

window.addEventListener('hashchange', route);
route();
