// Lobby: create a room, or join one by id (a pasted room link works too).

import { h } from '../dom.js';
import { createRoom } from '../api.js';
import { ROOM_ID_PATTERN } from '../config.js';
import { recentRooms } from '../recent-rooms.js';

/** The room id in what the user typed: a bare id, or any URL or path ending in /room/{id}. */
export function roomIdFrom(text) {
  const trimmed = text.trim();
  const inLink = /\/room\/([^/?#\s]+)\/?(?:[?#].*)?$/.exec(trimmed);
  let id = inLink ? inLink[1] : trimmed;
  try { id = decodeURIComponent(id); } catch { /* keep it as typed; the pattern check rejects it */ }
  return ROOM_ID_PATTERN.test(id) ? id : null;
}

export function lobbyView(main, { user, navigate }) {
  document.title = 'Lobby · Scalable Chat';
  let alive = true;

  const createError = h('p', { class: 'form-error', role: 'alert' });
  const createButton = h('button', {
    type: 'button',
    class: 'button primary large',
    onclick: async () => {
      createButton.disabled = true;
      createButton.textContent = 'Creating…';
      createError.textContent = '';
      try {
        const roomId = await createRoom();
        if (alive) navigate(`/room/${encodeURIComponent(roomId)}`);
      } catch (e) {
        if (!alive) return;
        createError.textContent = (e.status === 503 || e.status === 429) && e.retryAfterSeconds
          ? `${e.message}. Try again in ${e.retryAfterSeconds} s.`
          : e.message;
        createButton.disabled = false;
        createButton.textContent = 'Create Room';
      }
    },
  }, 'Create Room');

  const roomInput = h('input', {
    id: 'room-id', name: 'room-id', type: 'text', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false',
    placeholder: 'Room ID or link', 'aria-describedby': 'join-error',
  });
  const joinButton = h('button', { type: 'submit', class: 'button', disabled: true }, 'Join');
  const joinError = h('p', { id: 'join-error', class: 'form-error', role: 'alert' });
  roomInput.addEventListener('input', () => {
    joinError.textContent = '';
    joinButton.disabled = roomInput.value.trim() === '';
  });

  const joinForm = h('form', {
    class: 'stack',
    onsubmit: event => {
      event.preventDefault();
      if (roomInput.value.trim() === '') return;
      const roomId = roomIdFrom(roomInput.value);
      if (roomId === null) {
        joinError.textContent = 'That is not a room ID: letters, digits, "-" and "_" only.';
        return;
      }
      navigate(`/room/${encodeURIComponent(roomId)}`);
    },
  },
    h('label', { for: 'room-id' }, 'Room ID'),
    h('div', { class: 'row' }, roomInput, joinButton),
    joinError,
  );

  main.append(h('div', { class: 'page lobby' },
    h('header', { class: 'page-head' },
      h('h1', { tabindex: '-1' }, 'Lobby'),
      h('p', { class: 'lead' }, 'Hi ', h('strong', { text: user.userId }), ', start a conversation or jump into one.'),
    ),
    h('div', { class: 'lobby-grid' },
      h('section', { class: 'card', 'aria-labelledby': 'create-title' },
        h('span', { class: 'card-icon new-room', 'aria-hidden': 'true' }),
        h('h2', { id: 'create-title' }, 'New room'),
        h('p', { class: 'hint' }, 'A fresh room on whichever session server has space. Share its link to invite others.'),
        createButton,
        createError,
      ),
      h('section', { class: 'card', 'aria-labelledby': 'join-title' },
        h('span', { class: 'card-icon join-room', 'aria-hidden': 'true' }),
        h('h2', { id: 'join-title' }, 'Join Existing Room'),
        joinForm,
      ),
      recentCard(user.userId),
    ),
  ));
  return () => { alive = false; };
}

function recentCard(userId) {
  const rooms = recentRooms(userId);
  if (rooms.length === 0) return null;
  return h('section', { class: 'card recent', 'aria-labelledby': 'recent-title' },
    h('span', { class: 'card-icon recent', 'aria-hidden': 'true' }),
    h('h2', { id: 'recent-title' }, 'Recent rooms'),
    h('ul', { class: 'recent-list' }, rooms.map(roomId =>
      h('li', {}, h('a', { href: `/room/${encodeURIComponent(roomId)}`, text: roomId })))),
  );
}
