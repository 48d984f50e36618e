// Pieces every page uses: the problem box, tables, definition lists, and the "why" form that
// every care and SRE action goes through.
import { announce, h, replace, uid } from './dom.js';
import { iso, when } from './format.js';

/** An API refusal as the node worded it: title, detail, and every field at fault. */
export function problemView(failure, { heading = 'h2' } = {}) {
  const p = failure?.problem ?? { title: 'Something went wrong', detail: String(failure) };
  const status = p.status ? ` (${p.status})` : '';
  return h(
    'div',
    { class: 'problem', role: 'alert' },
    h(heading, { class: 'problem-title' }, `${p.title ?? 'Refused'}${status}`),
    p.detail ? h('p', { class: 'problem-detail' }, p.detail) : null,
    p.errors?.length
      ? h('ul', { class: 'problem-errors' }, p.errors.map((e) => h('li', {}, h('code', {}, e.field), `: ${e.message}`)))
      : null,
    p.type ? h('p', { class: 'problem-type' }, h('code', {}, p.type)) : null,
  );
}

/** A time element: readable text, exact ISO time for machines and on hover. */
export function time(ms) {
  return ms ? h('time', { datetime: iso(ms), title: iso(ms) }, when(ms)) : '—';
}

/**
 * A table with a caption. columns: [{label, cell: (row) => node|string, numeric?}].
 * An empty list shows `empty` in place of the rows.
 */
export function table(caption, columns, rows, { empty = 'None.', rowProps } = {}) {
  if (!rows.length) {
    return h('div', { class: 'table-block' }, h('p', { class: 'caption' }, caption), h('p', { class: 'empty' }, empty));
  }
  return h(
    'div',
    { class: 'table-block' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)))),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            rowProps ? rowProps(row) : {},
            columns.map((c) => h('td', { class: c.numeric ? 'num' : null, 'data-label': c.label }, c.cell(row))),
          ),
        ),
      ),
    ),
  );
}

/** A definition list from [label, value] pairs. */
export function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs.filter(Boolean).map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value ?? '—'))),
  );
}

/** A small coloured word: tone is ok, warn, bad or muted. Colour is never the only signal. */
export function badge(text, tone = 'muted') {
  return h('span', { class: `badge ${tone}` }, text);
}

/**
 * A form that runs an action only with a reason. fields: extra inputs built by `input()`/`select()`
 * before the reason. run(values) returns a promise; its failure is shown in the form as the
 * node's problem, its success calls done(result).
 */
export function whyForm({ legend, whyLabel = 'Why', submit, tone = 'primary', fields = [], run, done, onCancel }) {
  const whyId = uid('why');
  const out = h('div', { class: 'form-result' });
  const why = h('textarea', { id: whyId, name: 'why', required: true, rows: 2, maxlength: 500 });
  const button = h('button', { type: 'submit', class: tone }, submit);
  const form = h(
    'form',
    { class: 'action-form', novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, legend),
      fields.map((f) => f.node),
      h('div', { class: 'field' }, h('label', { for: whyId }, whyLabel, h('span', { class: 'required' }, ' (required)')), why),
      h(
        'div',
        { class: 'buttons' },
        button,
        onCancel ? h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Cancel') : null,
      ),
      out,
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const reason = why.value.trim();
    if (!reason) {
      replace(out, h('p', { class: 'field-error', role: 'alert' }, 'Say why: the reason is recorded with your name.'));
      why.focus();
      return;
    }
    const values = Object.fromEntries(fields.map((f) => [f.name, f.value()]));
    button.disabled = true;
    replace(out, h('p', { class: 'pending' }, 'Working…'));
    try {
      const result = await run({ ...values, why: reason });
      replace(out);
      done(result);
    } catch (failure) {
      replace(out, problemView(failure, { heading: 'h3' }));
      button.disabled = false;
    }
  });
  return { form, focus: () => (fields[0]?.focusable ?? why).focus() };
}

/** A labelled text input for whyForm. */
export function input(name, label, { required = false, placeholder, value = '' } = {}) {
  const id = uid(name);
  const el = h('input', { id, name, type: 'text', required, placeholder, value, autocomplete: 'off', spellcheck: 'false' });
  return {
    name,
    focusable: el,
    value: () => el.value.trim(),
    node: h('div', { class: 'field' }, h('label', { for: id }, label), el),
  };
}

/** A labelled select for whyForm. */
export function select(name, label, options, selected) {
  const id = uid(name);
  const el = h(
    'select',
    { id, name },
    options.map((o) => h('option', { value: o, selected: o === selected }, o)),
  );
  return { name, focusable: el, value: () => el.value, node: h('div', { class: 'field' }, h('label', { for: id }, label), el) };
}

/** Says what an action did, on the page and to screen readers. */
export function notice(container, text) {
  replace(container, h('p', { class: 'notice', role: 'status' }, text));
  announce(text);
}
