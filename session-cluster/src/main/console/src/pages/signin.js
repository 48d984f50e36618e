import { h, replace, uid } from '../dom.js';
import { problemView } from '../views.js';

/** Paste a care or SRE token; the node says whose it is before the console keeps it. */
export function signInPage(ctx) {
  const id = uid('token');
  const out = h('div', {});
  const field = h('textarea', { id, name: 'token', rows: 4, required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-help` });
  const form = h(
    'form',
    { class: 'sign-in', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: id }, 'Bearer token'), field),
    h(
      'p',
      { id: `${id}-help`, class: 'help' },
      'A care or SRE token, e.g. from ',
      h('code', {}, './playhead token --role care --subject agent-7'),
      '. It stays in this tab only (session storage) and is sent to this node alone.',
    ),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Sign in')),
    out,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!field.value.trim()) {
      replace(out, h('p', { class: 'field-error', role: 'alert' }, 'Paste a token first.'));
      field.focus();
      return;
    }
    try {
      await ctx.auth.signIn(field.value);
      field.value = '';
      ctx.signedIn();
    } catch (failure) {
      replace(out, problemView(failure));
      field.focus();
    }
  });
  replace(ctx.main, h('h1', {}, 'Sign in'), form);
  field.focus();
}
