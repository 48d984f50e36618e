import { h, replace, uid } from '../dom.js';
import { words } from '../format.js';
import { badge, facts, problemView, table, time } from '../views.js';

const POLL_MS = 2000;
const STATE_TONE = { running: 'warn', passed: 'ok', failed: 'bad', error: 'bad' };

/** Drills: start one from a form, and the list of drills the drill server knows. */
export async function drillsPage(ctx) {
  const list = h('div', {}, h('p', { class: 'pending' }, 'Asking the drill server…'));
  replace(ctx.main, h('h1', {}, 'Chaos drills'), startForm(ctx), h('section', { 'aria-labelledby': 'sec-drills' }, h('h2', { id: 'sec-drills' }, 'Drills'), list));
  try {
    const { drills } = await ctx.api.drills();
    replace(
      list,
      table(
        'Newest first',
        [
          { label: 'Drill', cell: (d) => h('a', { href: `#/sre/drills/${encodeURIComponent(d.id)}` }, d.id) },
          { label: 'State', cell: (d) => badge(d.state, STATE_TONE[d.state] ?? 'muted') },
          { label: 'Submitted', cell: (d) => time(Date.parse(d.submittedAt)) },
        ],
        [...drills].sort((a, b) => Date.parse(b.submittedAt) - Date.parse(a.submittedAt)),
        { empty: 'No drill has run yet.' },
      ),
    );
  } catch (failure) {
    replace(list, problemView(failure, { heading: 'h3' }));
  }
}

function field(name, label, value, help) {
  const id = uid(name);
  const el = h('input', { id, name, type: 'text', value, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': help ? `${id}-help` : null });
  return {
    el,
    node: h('div', { class: 'field' }, h('label', { for: id }, label), el, help ? h('small', { id: `${id}-help`, class: 'help' }, help) : null),
  };
}

function startForm(ctx) {
  const nodes = field('nodes', 'Nodes', '3');
  const sessions = field('sessions', 'Sessions', '2000');
  const faults = field('faults', 'Faults', 'kill9:random', 'comma-separated, in order: kill9:random, freeze:node-2:8s, cassandra:5s');
  const baseline = field('baseline', 'Baseline', '20s');
  const observe = field('observe', 'Observe after each fault', '90s');
  const out = h('div', {});
  const form = h(
    'form',
    { class: 'action-form', novalidate: true },
    h('fieldset', {}, h('legend', {}, 'Start a drill (on a cluster of its own, never this one)'), h('div', { class: 'grid' }, [nodes, sessions, baseline, observe].map((f) => f.node)), faults.node, h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Start drill')), out),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const request = {
      nodes: Number(nodes.el.value),
      sessions: Number(sessions.el.value),
      faults: faults.el.value.split(',').map((f) => f.trim()).filter(Boolean),
      baseline: baseline.el.value.trim(),
      observe: observe.el.value.trim(),
    };
    replace(out, h('p', { class: 'pending' }, 'Starting…'));
    try {
      const started = await ctx.api.startDrill(request);
      ctx.go(`#/sre/drills/${encodeURIComponent(started.id)}`);
    } catch (failure) {
      replace(out, problemView(failure, { heading: 'h3' }));
    }
  });
  return h('section', { 'aria-labelledby': 'sec-start' }, h('h2', { id: 'sec-start', class: 'visually-hidden' }, 'Start a drill'), form);
}

/** One drill: progress while it runs (polled every 2 s), then its report. */
export async function drillPage(ctx, id) {
  const body = h('div', {}, h('p', { class: 'pending' }, 'Asking the drill server…'));
  replace(ctx.main, h('h1', {}, 'Drill ', h('code', {}, id)), body);
  let timer = null;
  ctx.onLeave(() => clearTimeout(timer));
  async function poll() {
    try {
      const drill = await ctx.api.drill(id);
      replace(body, drillView(ctx, drill));
      if (drill.state === 'running') timer = setTimeout(poll, POLL_MS);
    } catch (failure) {
      replace(body, problemView(failure));
    }
  }
  await poll();
}

function drillView(ctx, d) {
  return [
    facts([
      ['State', badge(d.state, STATE_TONE[d.state] ?? 'muted')],
      ['Requested by', d.requestedBy],
      ['Submitted', time(Date.parse(d.submittedAt))],
      ['Finished', d.finishedAt ? time(Date.parse(d.finishedAt)) : '—'],
    ]),
    d.progress?.length
      ? h('section', { 'aria-labelledby': 'sec-progress' }, h('h2', { id: 'sec-progress' }, 'Progress'), h('ol', { class: 'progress-log', 'aria-live': d.state === 'running' ? 'polite' : 'off' }, d.progress.map((line) => h('li', {}, line))))
      : null,
    d.report ? report(ctx, d) : null,
  ];
}

function report(ctx, d) {
  const r = d.report;
  const out = h('div', {});
  const download = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        // The page needs the SRE token, which a plain link cannot carry: fetch it, save it.
        try {
          const html = await ctx.api.drillPage(d.id);
          const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
          const a = h('a', { href: url, download: `${d.id}.html` });
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 10000);
          replace(out);
        } catch (failure) {
          replace(out, problemView(failure, { heading: 'h3' }));
        }
      },
    },
    'Download the report page',
  );
  return h(
    'section',
    { 'aria-labelledby': 'sec-report' },
    h('h2', { id: 'sec-report' }, 'Report'),
    facts([
      ['Outcome', badge(r.outcome, STATE_TONE[r.outcome] ?? (r.verification?.passed ? 'ok' : 'bad'))],
      ['Verification', r.verification ? (r.verification.passed ? badge('passed', 'ok') : badge(`${r.verification.violations.length} violation(s)`, 'bad')) : '—'],
      ['Plan', r.plan ? `${r.plan.nodes} nodes, ${r.plan.sessions} sessions, faults ${r.plan.faults.join(', ')}` : '—'],
      ['Operations', r.totals ? `${r.totals.acknowledged} acknowledged, ${r.totals.errors} errors, ${r.totals.refused} refused` : '—'],
      r.error ? ['Error', r.error] : null,
    ]),
    table(
      'Faults and failover phases',
      [
        { label: 'Fault', cell: (f) => f.fault },
        { label: 'Node', cell: (f) => f.node ?? '—' },
        { label: 'Detect', cell: (f) => ms(f.detectMs), numeric: true },
        { label: 'Decide', cell: (f) => ms(f.decideMs), numeric: true },
        { label: 'Move', cell: (f) => ms(f.moveMs), numeric: true },
        { label: 'Recover', cell: (f) => ms(f.recoverMs), numeric: true },
        { label: 'Settle', cell: (f) => ms(f.settleMs), numeric: true },
        { label: 'Sessions recovered', cell: (f) => (f.recovery ? `${f.recovery.recovered} / ${f.recovery.sessions}` : '—'), numeric: true },
      ],
      r.faults ?? [],
      { empty: 'No fault was injected.' },
    ),
    r.verification?.violations?.length
      ? table(
          'Violations',
          [
            { label: 'Rule', cell: (v) => words(v.rule) },
            { label: 'Sessions', cell: (v) => String(v.sessionCount), numeric: true },
            { label: 'Detail', cell: (v) => v.detail },
          ],
          r.verification.violations,
        )
      : null,
    h('div', { class: 'buttons' }, download),
    out,
  );
}

function ms(value) {
  return value === null || value === undefined ? '—' : `${(value / 1000).toFixed(1)} s`;
}
