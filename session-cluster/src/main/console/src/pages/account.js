import { h, replace } from '../dom.js';
import { ago, clock, duration, words } from '../format.js';
import { badge, facts, input, notice, problemView, table, time, whyForm } from '../views.js';

const PLANS = ['basic', 'standard', 'premium'];

/**
 * An account as an agent on the phone needs it: plan, live streams (device, title, position, CDN,
 * license), reservations, devices, recent sessions; and the actions, each with a reason.
 */
export async function accountPage(ctx, accountId) {
  const status = h('div', { class: 'status-area' });
  const body = h('div', {}, h('p', { class: 'pending' }, 'Loading the account…'));
  replace(ctx.main, h('h1', {}, 'Account ', h('code', {}, accountId)), status, body);

  const after = (text) => {
    notice(status, text);
    return load();
  };

  async function load() {
    let account;
    try {
      account = await ctx.api.account(accountId);
    } catch (failure) {
      replace(body, problemView(failure));
      return;
    }
    replace(
      body,
      streamsSection(ctx, account, after),
      planSection(ctx, account, after),
      devicesSection(ctx, account, after),
      reservationsSection(account),
      recentSection(account),
      signOutSection(ctx, account, after),
    );
  }
  await load();
}

function section(title, ...children) {
  const id = `sec-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), children);
}

function planSection(ctx, account, after) {
  const p = account.plan;
  const form = h('div', {});
  const open = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: () => {
        const plan = input('plan', 'New plan', { value: p.name, required: true });
        plan.focusable.setAttribute('list', 'plans');
        const f = whyForm({
          legend: 'Change the plan',
          submit: 'Change plan',
          fields: [plan],
          run: ({ plan: name, why }) => ctx.api.changePlan(account.accountId, name, why),
          done: (changed) => after(`Plan changed to ${changed.plan.name}.`),
          onCancel: () => replace(form),
        });
        replace(form, h('datalist', { id: 'plans' }, PLANS.map((name) => h('option', { value: name }))), f.form);
        f.focus();
      },
    },
    'Change plan…',
  );
  return section(
    'Plan',
    facts([
      ['Plan', h('strong', {}, p.name)],
      ['Streams at once', String(p.maxStreams)],
      ['Devices', `${account.devices.length} of ${p.maxDevices}`],
      ['At the limit', words(p.policy)],
      ['Hand-off grace', duration(p.handoffGraceSeconds * 1000)],
    ]),
    h('div', { class: 'buttons' }, open),
    form,
  );
}

function streamsSection(ctx, account, after) {
  const streams = account.activeStreams;
  const live = new Map(streams.map((s) => [s.sessionId, liveCells()]));
  const rows = table(
    `${streams.length} of ${account.plan.maxStreams} streams in use`,
    [
      { label: 'Session', cell: (s) => h('a', { href: `#/care/sessions/${encodeURIComponent(s.sessionId)}`, title: s.sessionId }, h('code', {}, short(s.sessionId))) },
      { label: 'Device', cell: (s) => s.deviceId },
      { label: 'Profile', cell: (s) => s.profileId },
      { label: 'Title', cell: (s) => s.titleId },
      { label: 'State', cell: (s) => live.get(s.sessionId).state },
      { label: 'Position', cell: (s) => live.get(s.sessionId).position, numeric: true },
      { label: 'CDN', cell: (s) => live.get(s.sessionId).cdn },
      { label: 'License', cell: (s) => live.get(s.sessionId).license },
      { label: 'Started', cell: (s) => time(s.startedAtMs) },
      {
        label: 'Action',
        cell: (s) =>
          h(
            'button',
            {
              type: 'button',
              class: 'danger small',
              'aria-label': `End stream ${s.sessionId} on ${s.deviceId}`,
              onclick: (event) => terminateForm(ctx, s, event.currentTarget, after),
            },
            'End stream…',
          ),
      },
    ],
    streams,
    { empty: 'No stream is playing.', rowProps: (s) => ({ 'data-session': s.sessionId }) },
  );
  for (const s of streams) fillLive(ctx, s.sessionId, live.get(s.sessionId));
  return section('Live streams', rows);
}

function liveCells() {
  const cell = () => h('span', { class: 'pending' }, '…');
  return { state: cell(), position: cell(), cdn: cell(), license: cell() };
}

/** Fills a cell that was waiting for its answer. */
function fill(cell, ...children) {
  cell.classList.remove('pending');
  replace(cell, ...children);
}

/** Position and CDN from the session, license status from its timeline: filled in as they come. */
async function fillLive(ctx, sessionId, cells) {
  ctx.api.session(sessionId).then(
    (s) => {
      fill(cells.state, badge(words(s.state), s.state === 'PLAYING' ? 'ok' : 'muted'));
      fill(cells.position, clock(s.positionMs));
      fill(cells.cdn, s.pathway || s.steering?.choices?.[0]?.pathway || '—');
    },
    (failure) => {
      for (const c of [cells.state, cells.position, cells.cdn]) fill(c, badge(failure.problem?.title ?? 'unavailable', 'warn'));
    },
  );
  ctx.api.timeline(sessionId).then(
    (t) => {
      const last = [...t.entries].reverse().find((e) => e.source === 'license');
      if (!last) fill(cells.license, badge('none yet', 'muted'));
      else {
        const tone = last.kind === 'license-denied' ? 'bad' : 'ok';
        const text = last.kind === 'license-denied' ? `denied: ${last.details?.reason ?? ''}` : words(last.kind.replace('license-', ''));
        fill(cells.license, h('span', { title: last.summary }, badge(text, tone), ' ', h('small', {}, ago(last.atMs))));
      }
    },
    (failure) => fill(cells.license, badge(failure.problem?.title ?? 'unavailable', 'warn')),
  );
}

function terminateForm(ctx, stream, button, after) {
  const row = button.closest('tr');
  const next = row.nextElementSibling;
  if (next?.classList.contains('inline-form')) {
    next.querySelector('textarea')?.focus();
    return;
  }
  const cancel = () => {
    formRow.remove();
    button.focus();
  };
  const f = whyForm({
    legend: `End the stream on ${stream.deviceId} (${stream.titleId})`,
    whyLabel: 'Why end it',
    submit: 'End stream',
    tone: 'danger',
    run: ({ why }) => ctx.api.terminate(stream.sessionId, why),
    done: (session) =>
      after(`Ended the stream on ${stream.deviceId} (${words(session.stopReason ?? session.state)}); its player learns it on its next heartbeat.`),
    onCancel: cancel,
  });
  const formRow = h('tr', { class: 'inline-form' }, h('td', { colspan: row.children.length }, f.form));
  row.after(formRow);
  f.focus();
}

function reservationsSection(account) {
  return section(
    'Reservations',
    table(
      'Slots kept for a profile that is moving to another device',
      [
        { label: 'Profile', cell: (s) => s.profileId },
        { label: 'Device', cell: (s) => s.deviceId },
        { label: 'Title', cell: (s) => s.titleId },
        { label: 'Held until', cell: (s) => time(s.reservedUntilMs) },
      ],
      account.reservations,
      { empty: 'No slot is reserved.' },
    ),
  );
}

function devicesSection(ctx, account, after) {
  const form = h('div', {});
  const register = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: () => {
        const deviceId = input('deviceId', 'Device id', { required: true });
        const deviceType = input('deviceType', 'Device type', { placeholder: 'tv, phone, console…' });
        const f = whyForm({
          legend: 'Register a device',
          submit: 'Register device',
          fields: [deviceId, deviceType],
          run: (v) => ctx.api.registerDevice(account.accountId, v.deviceId, v.deviceType || undefined, v.why),
          done: () => after(`Registered device ${deviceId.value()}.`),
          onCancel: () => replace(form),
        });
        replace(form, f.form);
        f.focus();
      },
    },
    'Register a device…',
  );
  return section(
    'Devices',
    table(
      `${account.devices.length} of ${account.plan.maxDevices} devices`,
      [
        { label: 'Device', cell: (d) => d.deviceId },
        { label: 'Type', cell: (d) => d.deviceType || '—' },
        { label: 'Registered', cell: (d) => time(d.registeredAtMs) },
        {
          label: 'Action',
          cell: (d) =>
            h(
              'button',
              {
                type: 'button',
                class: 'danger small',
                'aria-label': `Remove device ${d.deviceId}`,
                onclick: () => {
                  const f = whyForm({
                    legend: `Remove device ${d.deviceId} (its streams end)`,
                    submit: 'Remove device',
                    tone: 'danger',
                    run: ({ why }) => ctx.api.removeDevice(account.accountId, d.deviceId, why),
                    done: () => after(`Removed device ${d.deviceId}.`),
                    onCancel: () => replace(form),
                  });
                  replace(form, f.form);
                  f.focus();
                },
              },
              'Remove…',
            ),
        },
      ],
      account.devices,
      { empty: 'No device is registered.' },
    ),
    h('div', { class: 'buttons' }, register),
    form,
  );
}

function recentSection(account) {
  return section(
    'Recent sessions',
    table(
      'Ended streams, newest first',
      [
        { label: 'Session', cell: (s) => h('a', { href: `#/care/sessions/${encodeURIComponent(s.sessionId)}`, title: s.sessionId }, h('code', {}, short(s.sessionId))) },
        { label: 'Device', cell: (s) => s.deviceId },
        { label: 'Profile', cell: (s) => s.profileId },
        { label: 'Title', cell: (s) => s.titleId },
        { label: 'Started', cell: (s) => time(s.startedAtMs) },
        { label: 'Ended', cell: (s) => time(s.endedAtMs) },
        { label: 'Why', cell: (s) => badge(words(s.stopReason), s.stopReason === 'REVOKED' || s.stopReason === 'EXPIRED' ? 'warn' : 'muted') },
      ],
      [...account.recentSessions].sort((a, b) => b.endedAtMs - a.endedAtMs),
      { empty: 'No stream has ended yet.' },
    ),
  );
}

function signOutSection(ctx, account, after) {
  const f = whyForm({
    legend: 'Sign out all devices: every stream ends and every device must sign in again',
    submit: 'Sign out all devices',
    tone: 'danger',
    run: ({ why }) => ctx.api.signOutAll(account.accountId, why),
    done: () => after('Signed out all devices.'),
  });
  return section('Sign out everywhere', f.form);
}

/** Long UUIDs shortened for the table; the full id is in the link and on the session page. */
function short(id) {
  return id.length > 18 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}
