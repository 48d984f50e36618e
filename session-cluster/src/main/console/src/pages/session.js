import { h, replace } from '../dom.js';
import { clock, words } from '../format.js';
import { badge, facts, notice, problemView, table, time, whyForm } from '../views.js';

const SOURCES = [
  ['session', 'Session'],
  ['account', 'Account'],
  ['license', 'License'],
];

/** One playback: what it is now, and what happened to it (session, account, license journals). */
export async function sessionPage(ctx, sessionId) {
  const status = h('div', { class: 'status-area' });
  const body = h('div', {}, h('p', { class: 'pending' }, 'Loading the session…'));
  replace(ctx.main, h('h1', {}, 'Session ', h('code', {}, sessionId)), status, body);

  async function load() {
    let session;
    try {
      session = await ctx.api.session(sessionId);
    } catch (failure) {
      replace(body, problemView(failure));
      return;
    }
    const timeline = h('div', {}, h('p', { class: 'pending' }, 'Reading the journals…'));
    replace(body, summary(ctx, session, status, load), steering(session), h('section', { 'aria-labelledby': 'sec-timeline' }, h('h2', { id: 'sec-timeline' }, 'Timeline'), timeline));
    try {
      renderTimeline(timeline, await ctx.api.timeline(sessionId), session.startedAtMs);
    } catch (failure) {
      replace(timeline, problemView(failure, { heading: 'h3' }));
    }
  }
  await load();
}

function summary(ctx, s, status, reload) {
  const live = !s.stopReason && s.state !== 'STOPPED';
  const actions = h('div', {});
  if (live) {
    const f = whyForm({
      legend: 'End this stream',
      whyLabel: 'Why end it',
      submit: 'End stream',
      tone: 'danger',
      run: ({ why }) => ctx.api.terminate(s.sessionId, why),
      done: (ended) => {
        notice(status, `Ended the stream (${words(ended.stopReason ?? ended.state)}); its player learns it on its next heartbeat.`);
        return reload();
      },
    });
    replace(actions, f.form);
  }
  return h(
    'section',
    { 'aria-labelledby': 'sec-now' },
    h('h2', { id: 'sec-now' }, 'Now'),
    facts([
      ['State', badge(words(s.state), live ? 'ok' : 'muted')],
      s.stopReason ? ['Stopped because', badge(words(s.stopReason), 'warn')] : null,
      ['Account', h('a', { href: `#/care/accounts/${encodeURIComponent(s.accountId)}` }, s.accountId)],
      ['Profile', s.profileId],
      ['Device', `${s.device.deviceId} (${s.device.deviceType || 'unknown type'}, security level ${s.device.drmSecurityLevel}, HDCP ${String(s.device.hdcp ?? '—').replace('_', '.')})`],
      ['Title', s.titleId],
      ['Position', clock(s.positionMs)],
      ['CDN pathway', s.pathway || '—'],
      ['Bitrate', s.encodedBitrateKbps ? `${s.encodedBitrateKbps} kbps` : '—'],
      ['Buffer', s.bufferLengthMs ? clock(s.bufferLengthMs) : '—'],
      ['Started', time(s.startedAtMs)],
      ['Last heartbeat', time(s.lastHeartbeatAtMs)],
      live ? ['Lease until', time(s.leaseExpiresAtMs)] : ['Stopped', time(s.stoppedAtMs)],
    ]),
    actions,
  );
}

function steering(s) {
  const choices = s.steering?.choices ?? [];
  return h(
    'section',
    { 'aria-labelledby': 'sec-steering' },
    h('h2', { id: 'sec-steering' }, 'CDN steering'),
    table(
      'The last ranking the session was given',
      [
        { label: 'Rank', cell: (c) => String(c.rank + 1), numeric: true },
        { label: 'Pathway', cell: (c) => c.pathway },
        { label: 'Tier', cell: (c) => c.tier },
        { label: 'Why', cell: (c) => c.reason },
      ],
      choices.map((c, i) => ({ ...c, rank: i })),
      { empty: 'No steering decision recorded.' },
    ),
  );
}

/** The journals merged by time, each entry one line: when (and since start), which journal, what. */
function renderTimeline(container, timeline, startedAtMs) {
  const shown = new Set(SOURCES.map(([key]) => key));
  const list = h('ol', { class: 'timeline' });
  const draw = () =>
    replace(
      list,
      timeline.entries
        .filter((e) => shown.has(e.source))
        .map((e) =>
          h(
            'li',
            { class: `entry ${e.source} ${e.kind}` },
            h('div', { class: 'entry-when' }, time(e.atMs), h('span', { class: 'since' }, startedAtMs ? ` +${clock(Math.max(0, e.atMs - startedAtMs))}` : '')),
            h('div', { class: 'entry-what' }, badge(e.source, e.source), ' ', h('strong', {}, words(e.kind)), ' ', e.summary),
            Object.keys(e.details ?? {}).length
              ? h('details', {}, h('summary', {}, 'Details'), h('dl', { class: 'details' }, Object.entries(e.details).map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v || '—')))))
              : null,
          ),
        ),
    );
  const filters = h(
    'fieldset',
    { class: 'inline' },
    h('legend', {}, 'Show'),
    SOURCES.map(([key, label]) => {
      const id = `show-${key}`;
      return h(
        'span',
        { class: 'checkbox' },
        h('input', { type: 'checkbox', id, checked: true, onchange: (ev) => { if (ev.target.checked) shown.add(key); else shown.delete(key); draw(); } }),
        h('label', { for: id }, label),
      );
    }),
  );
  draw();
  replace(
    container,
    timeline.truncated ? h('p', { class: 'notice warn' }, `A journal holds more than ${timeline.maxEventsRead} events: the latest are not shown.`) : null,
    timeline.entries.length ? [filters, list] : h('p', { class: 'empty' }, 'Nothing recorded yet.'),
  );
}
