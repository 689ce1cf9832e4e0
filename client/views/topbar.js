// The bar on every page: the app's name, the fleet link, and who is logged in.

import { h, replaceChildren } from '../dom.js';
import { logOut } from '../auth.js';

export function renderTopbar(topbar, user, navigate) {
  replaceChildren(topbar,
    h('a', { class: 'brand', href: '/' },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
      h('span', { class: 'brand-name' }, 'Scalable Chat'),
    ),
    h('nav', { class: 'topnav', 'aria-label': 'Main' },
      h('a', { href: '/fleet', 'aria-current': location.pathname === '/fleet' ? 'page' : null }, 'Fleet'),
    ),
    user && h('div', { class: 'whoami' },
      h('span', { class: 'whoami-text' }, 'Logged in as ', h('strong', { text: user.userId })),
      h('button', {
        type: 'button',
        class: 'button ghost small',
        onclick: () => { logOut(); navigate('/'); },
      }, 'Logout'),
    ),
  );
}
