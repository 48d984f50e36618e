import { h, replace } from '../dom.js';
import { ago } from '../format.js';
import { badge, facts, notice, problemView, table, time, whyForm } from '../views.js';

/**
 * The delivery network's caches: each one's own health report, load, the failures players report
 * (which demote it for their sessions), an SRE's mark, and whether steering may choose it. An SRE
 * marks a cache unhealthy (down: never chosen) or back, with a reason.
 */
export async function cachesPage(ctx) {
  const status = h('div', { class: 'status-area' });
  const body = h('div', {}, h('p', { class: 'pending' }, 'Loading the caches…'));
  const refresh = h('button', { type: 'button', class: 'secondary small', onclick: () => load() }, 'Refresh now');
  replace(ctx.main, h('h1', {}, 'Caches'), h('div', { class: 'toolbar' }, refresh), status, body);

  /**
   * Loads the list; with `until`, keeps loading for a few seconds until the list shows it. A mark
   * reaches every node through replicated data, so this node's own view may show it a moment after
   * the mark was acknowledged.
   */
  async function load(until) {
    let caches;
    try {
      const [network, list] = await Promise.all([ctx.api.network(), ctx.api.caches()]);
      caches = list;
      replace(body, networkFacts(network), cacheTable(ctx, caches, status, load));
    } catch (failure) {
      replace(body, problemView(failure));
      return;
    }
    if (until && !until.shown(caches) && until.tries > 0) {
      timer = setTimeout(() => load({ ...until, tries: until.tries - 1 }), SETTLE_MS);
    }
  }
  let timer = null;
  // Reports age and players fail while the page is open: refresh, unless an SRE is typing a reason.
  const refresher = setInterval(() => {
    if (!body.querySelector('tr.inline-form')) load();
  }, REFRESH_MS);
  ctx.onLeave(() => {
    clearTimeout(timer);
    clearInterval(refresher);
  });
  await load();
}

const REFRESH_MS = 10000;
const SETTLE_MS = 500;

function networkFacts(n) {
  return facts([
    ['Network version', h('code', {}, n.version)],
    ['Loaded', n.loadedAtMs ? h('span', {}, time(n.loadedAtMs), n.loadedBy ? ` by ${n.loadedBy}` : '') : '—'],
    ['Origin', `${n.originId} (${n.originUrl})`],
    ['Caches / prefixes', `${n.caches} / ${n.prefixes}`],
  ]);
}

function statusBadge(c) {
  if (c.status === 'eligible') return badge('eligible', 'ok');
  return badge(c.status, c.mark?.down ? 'bad' : 'warn');
}

function cacheTable(ctx, caches, status, reload) {
  return table(
    `${caches.length} caches`,
    [
      { label: 'Cache', cell: (c) => h('span', {}, h('strong', {}, c.id), h('br'), h('small', {}, `${c.site} · ${c.tier} · ${c.capacityGbps} Gbps`)) },
      { label: 'Steering', cell: statusBadge },
      {
        label: 'Own report',
        cell: (c) =>
          c.report
            ? h('span', {}, c.report.healthy ? badge('healthy', 'ok') : badge('unhealthy', 'bad'), ' ', h('small', {}, ago(c.report.reportedAtMs)))
            : badge('no report', 'muted'),
      },
      { label: 'Load', cell: (c) => (c.report ? `${Math.round(c.report.loadPercent)} %` : '—'), numeric: true },
      { label: 'Player failures', cell: (c) => String(c.recentPlayerFailures), numeric: true },
      {
        label: 'SRE mark',
        cell: (c) =>
          c.mark
            ? h('span', {}, c.mark.down ? badge('marked unhealthy', 'bad') : badge('marked back', 'ok'), ' ', h('small', {}, `${c.mark.by}: ${c.mark.why}`))
            : '—',
      },
      {
        label: 'Action',
        cell: (c) => {
          const down = !c.mark?.down;
          return h(
            'button',
            {
              type: 'button',
              class: `${down ? 'danger' : 'secondary'} small`,
              'aria-label': `${down ? 'Mark unhealthy' : 'Mark back'}: cache ${c.id}`,
              onclick: (event) => markForm(ctx, c, down, event.currentTarget, status, reload),
            },
            down ? 'Mark unhealthy…' : 'Mark back…',
          );
        },
      },
    ],
    caches,
    { empty: 'The delivery network has no caches: load one with PUT /v1/sre/steering/network.', rowProps: (c) => ({ 'data-cache': c.id }) },
  );
}

function markForm(ctx, cache, down, button, status, reload) {
  const row = button.closest('tr');
  if (row.nextElementSibling?.classList.contains('inline-form')) {
    row.nextElementSibling.querySelector('textarea')?.focus();
    return;
  }
  const f = whyForm({
    legend: down ? `Mark ${cache.id} unhealthy: steering stops choosing it on every node` : `Mark ${cache.id} back: steering may choose it again`,
    submit: down ? 'Mark unhealthy' : 'Mark back',
    tone: down ? 'danger' : 'primary',
    run: ({ why }) => ctx.api.markCache(cache.id, down, why),
    done: (mark) => {
      notice(status, down ? `Marked ${cache.id} unhealthy.` : `Marked ${cache.id} back.`);
      const shown = (caches) => caches.some((c) => c.id === cache.id && c.mark?.atMs >= mark.atMs);
      return reload({ shown, tries: 20 });
    },
    onCancel: () => {
      formRow.remove();
      button.focus();
    },
  });
  const formRow = h('tr', { class: 'inline-form' }, h('td', { colspan: row.children.length }, f.form));
  row.after(formRow);
  f.focus();
}
