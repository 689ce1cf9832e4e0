// Who is in the room, as pills: you first, then everyone else alphabetically.

import { h, replaceChildren, setText } from '../dom.js';

export function createUserList(me) {
  const count = h('span', { class: 'count' });
  const list = h('ul', { class: 'user-pills', id: 'users' });
  // Focusable, so its list can be scrolled from the keyboard when it overflows.
  const element = h('section', { class: 'users', id: 'users-panel', 'aria-labelledby': 'users-title', tabindex: '0' },
    h('h2', { id: 'users-title' }, h('span', { class: 'users-label' }, 'In this room '), count),
    list,
  );

  function update(users) {
    const others = users.filter(u => u !== me).sort((a, b) => a.localeCompare(b));
    const ordered = users.includes(me) ? [me, ...others] : others;
    setText(count, String(ordered.length));
    replaceChildren(list, ordered.map(userId => h('li', { class: userId === me ? 'pill own' : 'pill' },
      h('span', { class: `avatar hue-${hue(userId)}`, 'aria-hidden': 'true', text: initial(userId) }),
      h('span', { class: 'name', text: userId }),
      userId === me && h('span', { class: 'you' }, '(you)'),
    )));
  }

  return { element, update };
}

function initial(userId) {
  return Array.from(userId)[0]?.toUpperCase() ?? '?';
}

/** One of 8 colours, stable for a name. */
function hue(userId) {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return hash % 8;
}
