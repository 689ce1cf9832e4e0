// The only way the app builds DOM. Text always goes in through textContent (or a Text node), never
// innerHTML, so anything a user typed is shown exactly as typed and can never become markup.

/**
 * h('button', {class: 'primary', onclick: fn, disabled: true}, 'Send') builds an element.
 * Attributes: `class`, `text` (textContent), `on<event>` (listener), booleans (set or removed),
 * `dataset` (object), anything else via setAttribute. Children: nodes, strings (as text), null/false (skipped), arrays.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = String(value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** s('polyline', {points: '0,0 1,1'}) builds an SVG element: attributes as given, children as for h(). */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') el.textContent = String(value);
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

/** Appends nodes and strings (as text nodes); skips null, undefined and false; flattens arrays. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of `parent` with `children`. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** Sets textContent only when it changed, so live updates don't disturb selection or screen readers. */
export function setText(el, text) {
  const value = String(text);
  if (el.textContent !== value) el.textContent = value;
}

/** A spinner with an accessible label. */
export function spinner(label) {
  return h('span', { class: 'spinner', role: 'status', 'aria-label': label });
}
