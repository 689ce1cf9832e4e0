// Login: pick a name. The backend answers with a user token; auth.js keeps it for this tab.

import { h } from '../dom.js';
import { login } from '../api.js';
import { logIn, takeExpiredReason } from '../auth.js';

const MAX_USER_ID_LENGTH = 32; // scalablechat.common.UserIds

export function loginView(main, { path }) {
  document.title = 'Log in · Scalable Chat';
  let busy = false;

  const input = h('input', {
    id: 'username', name: 'username', type: 'text', autocomplete: 'username', autocapitalize: 'off',
    spellcheck: 'false', maxlength: MAX_USER_ID_LENGTH * 2, required: true, 'aria-describedby': 'login-hint login-error',
  });
  const button = h('button', { type: 'submit', class: 'button primary', disabled: true }, 'Log in');
  const error = h('p', { id: 'login-error', class: 'form-error', role: 'alert' });

  const update = () => { button.disabled = busy || input.value.trim() === ''; };
  input.addEventListener('input', () => { error.textContent = ''; update(); });

  const form = h('form', {
    class: 'stack',
    onsubmit: async event => {
      event.preventDefault();
      const userId = input.value.trim();
      if (busy || userId === '') return;
      busy = true;
      button.textContent = 'Logging in…';
      update();
      try {
        logIn(await login(userId)); // re-renders the page through the auth listener
      } catch (e) {
        error.textContent = e.message;
        busy = false;
        button.textContent = 'Log in';
        update();
        input.focus();
      }
    },
  },
    h('label', { for: 'username' }, 'Username'),
    h('div', { class: 'row' }, input, button),
    h('p', { id: 'login-hint', class: 'hint' }, `Up to ${MAX_USER_ID_LENGTH} characters. No password: this is a demo.`),
    error,
  );

  const expired = takeExpiredReason();
  main.append(h('section', { class: 'card narrow hero' },
    h('h1', { tabindex: '-1' }, 'Welcome to Scalable Chat'),
    expired && h('p', { class: 'expired', id: 'session-expired', role: 'status', text: expired }),
    h('p', { class: 'lead' }, path.startsWith('/room/')
      ? 'Choose a username to join the room you were invited to.'
      : 'Choose a username to create a room or join one.'),
    form,
  ));
  input.focus();
}
