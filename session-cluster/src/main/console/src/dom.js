// Builds DOM nodes from plain values. Text is always set as text (never parsed as HTML), so what
// the API returns (a viewer's device name, an agent's "why") can never become markup.

/**
 * h('button', {class: 'danger', onclick: fn, 'aria-label': 'End'}, 'End stream')
 * Props: `class`, `on<event>` listeners, booleans (true sets the attribute, false leaves it out),
 * anything else as an attribute. Children: nodes, strings, numbers, arrays, null (skipped).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A fresh id for label/input pairs. */
let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Tells screen readers what just happened (the polite live region in index.html). */
export function announce(text) {
  const region = document.getElementById('announce');
  region.textContent = '';
  // A new text node in a cleared region is announced even when the text repeats.
  requestAnimationFrame(() => {
    region.textContent = text;
  });
}
