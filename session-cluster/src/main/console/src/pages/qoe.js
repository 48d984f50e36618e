import uPlot from 'uplot';
import { h, replace, uid } from '../dom.js';
import { badge, facts, problemView, table, time } from '../views.js';

const POLL_MS = 5000;
const HISTORY_MS = 10 * 60 * 1000;
// Lines per chart: the values with the most concurrent plays; the table lists every value.
const MAX_SERIES = 6;
// Line colours with at least 3:1 contrast on white, each with its own dash so that colour is never
// the only way to tell two lines apart.
const PALETTE = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#374151'];
const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 5]];
const DASH_NAMES = ['solid', 'dashed', 'dotted', 'dash-dot', 'short dashes', 'sparse dots'];

const DIMENSIONS = [
  { name: 'title', label: 'Title', noun: 'title', plural: 'titles' },
  { name: 'pathway', label: 'CDN pathway', noun: 'CDN pathway', plural: 'CDN pathways' },
];
const CHARTS = [
  { metric: 'concurrentPlays', title: 'Concurrent plays', value: (f) => f.concurrentPlays, axis: (v) => String(Math.round(v)) },
  { metric: 'rebufferingRatio', title: 'Rebuffering ratio', value: (f) => f.rebufferingRatio * 100, axis: (v) => `${round(v, 1)} %` },
  {
    metric: 'videoStartupP95Ms',
    title: 'Video startup p95',
    value: (f) => (f.videoStartupP95Ms >= 0 ? f.videoStartupP95Ms / 1000 : null),
    axis: (v) => `${round(v, 2)} s`,
  },
];

/**
 * Live quality of experience: the cluster's current QoE figures (GET /v1/sre/qoe) per title and
 * per CDN pathway as tables, and charts of concurrent plays, rebuffering ratio and startup p95
 * that poll every few seconds and keep the last ten minutes in the page (the node keeps only the
 * current window). The tables are the charts' text alternative.
 */
export async function qoePage(ctx) {
  const status = h('div', { class: 'status-area' });
  const updated = h('p', { class: 'help', 'aria-live': 'off' }, 'Asking the cluster…');
  const summary = h('div', {});
  let paused = false;
  const pause = h(
    'button',
    {
      type: 'button',
      class: 'secondary small',
      'aria-pressed': 'false',
      onclick: () => {
        paused = !paused;
        pause.setAttribute('aria-pressed', String(paused));
        pause.textContent = paused ? 'Resume updates' : 'Pause updates';
        if (!paused) poll();
      },
    },
    'Pause updates',
  );
  const refresh = h('button', { type: 'button', class: 'secondary small', onclick: () => poll() }, 'Refresh now');
  const sections = DIMENSIONS.map((d) => dimensionSection(d));
  replace(
    ctx.main,
    h('h1', {}, 'Quality of experience'),
    h(
      'p',
      { class: 'lead' },
      'Live figures from the sessions\u2019 published events and QoE samples, summed over every node. The charts keep the last ten minutes while this page is open; each chart\u2019s figures are in the table above it.',
    ),
    h('div', { class: 'toolbar' }, updated, h('div', { class: 'buttons' }, pause, refresh)),
    status,
    summary,
    sections.map((s) => s.node),
  );

  const history = { times: [], byDimension: Object.fromEntries(DIMENSIONS.map((d) => [d.name, new Map()])) };

  async function poll() {
    let answers;
    try {
      answers = await Promise.all([ctx.api.qoe('all'), ...DIMENSIONS.map((d) => ctx.api.qoe(d.name))]);
    } catch (failure) {
      replace(status, problemView(failure));
      return;
    }
    replace(status);
    const [all, ...perDimension] = answers;
    const nowMs = Date.now();
    replace(
      updated,
      `Over the last ${all.windowSeconds} s, from ${all.nodesAnswered} of ${all.nodes} node${all.nodes === 1 ? '' : 's'}, at `,
      time(nowMs),
      paused ? ' · paused' : ` · updates every ${POLL_MS / 1000} s`,
    );
    replace(summary, summaryFacts(all.figures[0]));
    record(history, nowMs, perDimension);
    sections.forEach((s, i) => s.show(perDimension[i], history));
  }

  const timer = setInterval(() => {
    if (!paused) poll();
  }, POLL_MS);
  ctx.onLeave(() => {
    clearInterval(timer);
    sections.forEach((s) => s.destroy());
  });
  await poll();
}

function summaryFacts(f) {
  if (!f) return h('p', { class: 'empty' }, 'No sessions in the window yet.');
  return facts([
    ['Concurrent plays', String(f.concurrentPlays)],
    ['Plays started', String(f.plays)],
    ['Video startup p50 / p95', `${ms(f.videoStartupP50Ms)} / ${ms(f.videoStartupP95Ms)}`],
    ['Rebuffering ratio', percent(f.rebufferingRatio)],
    ['Video start failures', String(f.videoStartFailures)],
    ['Exits before video start', String(f.exitsBeforeVideoStart)],
    ['Average bitrate', kbps(f.averageBitrateKbps)],
    ['Error rate', percent(f.errorRate)],
  ]);
}

/** Appends this poll's figures to the page's history and forgets what is older than ten minutes. */
function record(history, nowMs, perDimension) {
  history.times.push(nowMs / 1000);
  DIMENSIONS.forEach((d, i) => {
    const series = history.byDimension[d.name];
    const seen = new Set();
    for (const f of perDimension[i].figures) {
      seen.add(f.key);
      let s = series.get(f.key);
      if (!s) {
        s = Object.fromEntries(CHARTS.map((c) => [c.metric, new Array(history.times.length - 1).fill(null)]));
        series.set(f.key, s);
      }
      for (const c of CHARTS) s[c.metric].push(c.value(f));
    }
    for (const [key, s] of series) {
      if (!seen.has(key)) for (const c of CHARTS) s[c.metric].push(null);
    }
  });
  let drop = 0;
  while (drop < history.times.length && history.times[drop] < (nowMs - HISTORY_MS) / 1000) drop++;
  if (!drop) return;
  history.times.splice(0, drop);
  for (const series of Object.values(history.byDimension)) {
    for (const [key, s] of series) {
      for (const c of CHARTS) s[c.metric].splice(0, drop);
      if (CHARTS.every((c) => s[c.metric].every((v) => v === null))) series.delete(key);
    }
  }
}

/** One dimension: its table of current figures and its three charts over the page's history. */
function dimensionSection(d) {
  const tableId = uid(`qoe-${d.name}`);
  const tableSlot = h('div', { id: tableId }, h('p', { class: 'pending' }, 'Loading…'));
  const legend = h('ul', { class: 'chart-legend', 'aria-label': `Lines in the ${d.plural} charts` });
  const charts = CHARTS.map((c) => chart(d, c, tableId));
  const node = h(
    'section',
    { 'aria-labelledby': `${tableId}-h` },
    h('h2', { id: `${tableId}-h` }, `Per ${d.noun}`),
    tableSlot,
    legend,
    h('div', { class: 'chart-grid' }, charts.map((c) => c.node)),
  );
  return {
    node,
    show(answer, history) {
      replace(tableSlot, figuresTable(d, answer.figures));
      const series = history.byDimension[d.name];
      // The lines: the values with the most concurrent plays now, then by name; stable order.
      const current = new Map(answer.figures.map((f) => [f.key, f.concurrentPlays]));
      const keys = [...series.keys()]
        .sort((a, b) => (current.get(b) ?? -1) - (current.get(a) ?? -1) || a.localeCompare(b))
        .slice(0, MAX_SERIES)
        .sort((a, b) => a.localeCompare(b));
      replace(
        legend,
        keys.map((k, i) =>
          h(
            'li',
            {},
            swatch(i),
            h('span', {}, k, h('span', { class: 'visually-hidden' }, ` (${DASH_NAMES[i]} line)`)),
          ),
        ),
        series.size > keys.length ? h('li', { class: 'help' }, `and ${series.size - keys.length} more in the table`) : null,
      );
      charts.forEach((c) => c.draw(history.times, keys, series));
    },
    destroy() {
      charts.forEach((c) => c.destroy());
    },
  };
}

function figuresTable(d, figures) {
  const rows = [...figures].sort((a, b) => b.concurrentPlays - a.concurrentPlays || a.key.localeCompare(b.key));
  return table(
    `Current figures per ${d.noun} (${rows.length})`,
    [
      { label: d.label, cell: (f) => h('strong', {}, f.key) },
      { label: 'Concurrent plays', cell: (f) => String(f.concurrentPlays), numeric: true },
      { label: 'Plays', cell: (f) => String(f.plays), numeric: true },
      { label: 'Startup p50', cell: (f) => ms(f.videoStartupP50Ms), numeric: true },
      { label: 'Startup p95', cell: (f) => ms(f.videoStartupP95Ms), numeric: true },
      { label: 'Rebuffering', cell: (f) => percent(f.rebufferingRatio), numeric: true },
      { label: 'Start failures', cell: (f) => String(f.videoStartFailures), numeric: true },
      { label: 'Exits before start', cell: (f) => String(f.exitsBeforeVideoStart), numeric: true },
      { label: 'Avg bitrate', cell: (f) => kbps(f.averageBitrateKbps), numeric: true },
      { label: 'Error rate', cell: (f) => (f.errorRate > 0 ? badge(percent(f.errorRate), f.errorRate >= 0.05 ? 'bad' : 'warn') : percent(0)), numeric: true },
    ],
    rows,
    { empty: `No ${d.plural} in the window: no session has started or sent a heartbeat lately.`, rowProps: (f) => ({ [`data-qoe-${d.name}`]: f.key }) },
  );
}

/** One uPlot chart; rebuilt when its set of lines changes, otherwise given new data. */
function chart(d, c, tableId) {
  const captionId = uid('chart');
  const plot = h('div', { class: 'chart-plot', 'aria-hidden': 'true' });
  const node = h(
    'figure',
    { class: 'qoe-chart', role: 'group', 'aria-labelledby': captionId, 'aria-describedby': tableId, 'data-chart': `${d.name}-${c.metric}` },
    h('figcaption', { id: captionId }, `${c.title} per ${d.noun}, last 10 minutes`),
    plot,
  );
  let u = null;
  let shownKeys = '';
  const resize = new ResizeObserver(() => u?.setSize(size(plot)));
  resize.observe(plot);

  function draw(times, keys, series) {
    const data = [times, ...keys.map((k) => series.get(k)[c.metric])];
    if (u && shownKeys === keys.join('\n')) {
      u.setData(data);
      return;
    }
    u?.destroy();
    shownKeys = keys.join('\n');
    u = new uPlot(
      {
        ...size(plot),
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true }, y: { range: (self, min, max) => [0, Math.max(max ?? 0, c.metric === 'concurrentPlays' ? 1 : 0.001) * 1.1] } },
        axes: [
          { stroke: '#4a5366', grid: { stroke: '#e5e8ef' }, ticks: { stroke: '#c9cfdb' } },
          { stroke: '#4a5366', grid: { stroke: '#e5e8ef' }, ticks: { stroke: '#c9cfdb' }, values: (self, ticks) => ticks.map(c.axis), size: 60 },
        ],
        series: [{}, ...keys.map((k, i) => ({ label: k, stroke: PALETTE[i], dash: DASHES[i], width: 2, spanGaps: false, points: { show: false } }))],
      },
      data,
      plot,
    );
  }

  return {
    node,
    draw,
    destroy() {
      resize.disconnect();
      u?.destroy();
      u = null;
    },
  };
}

/** A short sample of line i as the chart draws it (same colour, same dash). */
function swatch(i) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'swatch');
  svg.setAttribute('width', '32');
  svg.setAttribute('height', '8');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(ns, 'line');
  for (const [k, v] of Object.entries({ x1: 0, y1: 4, x2: 32, y2: 4, stroke: PALETTE[i], 'stroke-width': 2.5, 'stroke-dasharray': DASHES[i].join(' ') || 'none' })) {
    line.setAttribute(k, String(v));
  }
  svg.append(line);
  return svg;
}

function size(plot) {
  return { width: Math.max(240, Math.floor(plot.clientWidth)), height: 180 };
}

function round(v, digits) {
  return String(Number(Number(v).toFixed(digits)));
}

function ms(v) {
  if (v === null || v === undefined || v < 0) return '—';
  return v < 1000 ? `${v} ms` : `${round(v / 1000, 2)} s`;
}

function percent(ratio) {
  return `${round(ratio * 100, 2)} %`;
}

function kbps(v) {
  if (!v) return '—';
  return v >= 1000 ? `${round(v / 1000, 2)} Mbps` : `${v} kbps`;
}
