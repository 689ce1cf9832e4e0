// Any path the app does not know.

import { h } from '../dom.js';

export function notFoundView(main, { path }) {
  document.title = 'Page not found · Scalable Chat';
  main.append(h('section', { class: 'card narrow state', 'data-state': 'page-not-found' },
    h('div', { class: 'state-icon', 'aria-hidden': 'true' }, '404'),
    h('h1', { tabindex: '-1' }, 'Page not found'),
    h('p', {}, 'There is nothing at ', h('code', { text: path }), '.'),
    h('a', { class: 'button primary', href: '/' }, 'Go to the lobby'),
  ));
}
