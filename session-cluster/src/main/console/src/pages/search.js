import { h, replace, uid } from '../dom.js';
import { problemView } from '../views.js';

/**
 * Find a viewer by account id or session id. A session id opens its session page (which links to
 * its account); an account id opens the account page.
 */
export function searchPage(ctx) {
  const id = uid('q');
  const kindName = uid('kind');
  const out = h('div', {});
  const query = h('input', { id, name: 'q', type: 'search', required: true, autocomplete: 'off', spellcheck: 'false' });
  const kinds = [
    ['account', 'Account id'],
    ['session', 'Session id'],
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
  );
  query.focus();
}
