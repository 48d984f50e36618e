import { h, replace, uid } from '../dom.js';
import { problemView, table, time } from '../views.js';

/**
 * Find a viewer by account, session, device or profile id. A session id opens its session page
 * (which links to its account); an account id opens the account page; a device or profile id opens
 * its account, or lists its accounts when several share the id (apps choose device and profile
 * ids, unique only within an account). The device and profile search follows the accounts'
 * journals, so it shows a change a few seconds late.
 */
export function searchPage(ctx) {
  const id = uid('q');
  const kindName = uid('kind');
  const out = h('div', {});
  const query = h('input', { id, name: 'q', type: 'search', required: true, autocomplete: 'off', spellcheck: 'false' });
  const kinds = [
    ['account', 'Account id'],
    ['session', 'Session id'],
    ['device', 'Device id'],
    ['profile', 'Profile id'],
  ];
  const radios = kinds.map(([value, label], i) => {
    const rid = `${kindName}-${value}`;
    return h('span', { class: 'radio' }, h('input', { type: 'radio', id: rid, name: kindName, value, checked: i === 0 }), h('label', { for: rid }, label));
  });
  const form = h(
    'form',
    { class: 'search', role: 'search', novalidate: true },
    h('fieldset', { class: 'inline' }, h('legend', {}, 'Look up by'), radios),
    h('div', { class: 'field' }, h('label', { for: id }, 'Id'), query),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Find')),
    out,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = query.value.trim();
    const kind = form.querySelector(`input[name="${kindName}"]:checked`).value;
    if (!value) {
      replace(out, h('p', { class: 'field-error', role: 'alert' }, 'Type an id.'));
      query.focus();
      return;
    }
    if (kind === 'account') {
      ctx.go(`#/care/accounts/${encodeURIComponent(value)}`);
      return;
    }
    if (kind === 'device' || kind === 'profile') {
      replace(out, h('p', { class: 'pending' }, 'Looking…'));
      try {
        const found = kind === 'device' ? await ctx.api.accountsOfDevice(value) : await ctx.api.accountsOfProfile(value);
        if (found.accounts.length === 1) {
          ctx.go(`#/care/accounts/${encodeURIComponent(found.accounts[0].accountId)}`);
          return;
        }
        replace(out, accountList(kind, value, found.accounts));
      } catch (failure) {
        replace(out, problemView(failure));
      }
      return;
    }
    try {
      await ctx.api.session(value);
      ctx.go(`#/care/sessions/${encodeURIComponent(value)}`);
    } catch (failure) {
      replace(out, problemView(failure));
    }
  });
  replace(
    ctx.main,
    h('h1', {}, 'Find a viewer'),
    h('p', { class: 'lead' }, 'An account shows its plan, devices, live streams and recent sessions; a session shows its timeline.'),
    form,
    h(
      'p',
      { class: 'help' },
      'A device id finds the accounts it is registered on; a profile id, the accounts it has streamed on. Both follow the accounts\u2019 journals: a device registered or removed a few seconds ago may not show yet.',
    ),
  );
  query.focus();
}

/** Several accounts share the id: the agent picks the viewer's. */
function accountList(kind, id, accounts) {
  const columns =
    kind === 'device'
      ? [
          { label: 'Account', cell: (a) => h('a', { href: `#/care/accounts/${encodeURIComponent(a.accountId)}` }, a.accountId) },
          { label: 'Device type', cell: (a) => a.deviceType || '—' },
          { label: 'Registered', cell: (a) => time(a.registeredAtMs) },
        ]
      : [
          { label: 'Account', cell: (a) => h('a', { href: `#/care/accounts/${encodeURIComponent(a.accountId)}` }, a.accountId) },
          { label: 'Latest stream on', cell: (a) => a.lastDeviceId || '—' },
          { label: 'Latest stream started', cell: (a) => time(a.lastStreamAtMs) },
        ];
  return table(`${accounts.length} accounts have ${kind} ${id}`, columns, accounts, { rowProps: (a) => ({ 'data-account': a.accountId }) });
}
