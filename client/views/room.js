// The room page: connecting, not found, full and connection-error states as cards; once in, the
// room itself with a banner while the connection is being restored.

import { h, replaceChildren, setText, spinner } from '../dom.js';
import { RoomSession } from '../room-session.js';
import { copyText } from '../clipboard.js';
import { createMessageList } from './message-list.js';
import { createUnread } from '../unread.js';
import { createComposer } from './composer.js';
import { createUserList } from './user-list.js';
import { ROOM_ID_PATTERN, NOTICE_MS } from '../config.js';
import { rememberRoom } from '../recent-rooms.js';

const CARD_STATES = new Set(['connecting', 'error', 'not-found', 'full']);

export function roomView(main, { params, user }) {
  const roomId = params.roomId;
  document.title = `Room ${roomId} · Scalable Chat`;
  const page = h('div', { class: 'page room-page' });
  main.append(page);

  if (!ROOM_ID_PATTERN.test(roomId)) {
    page.append(notFoundCard());
    return () => {};
  }

  let ui = null; // the room itself, built at the first welcome
  let sentByMe = false; // the next change of lines comes from the user's own send: scroll to it
  const session = new RoomSession(roomId, user.userId, (what, text) => {
    if (what === 'state') return showState();
    if (!ui) return;
    if (what === 'lines') {
      ui.messages.update(session.lines(), { follow: sentByMe });
      ui.showFailed(session.failedCount);
      ui.showHistoryEdge();
      sentByMe = false;
    } else if (what === 'older') {
      ui.messages.update(session.lines(), { older: true });
      ui.showHistoryEdge();
    } else if (what === 'users') ui.showUsers(session.users);
    else if (what === 'notice') ui.notify(text);
    else if (what === 'typing') ui.showTyping(session.typists);
  });

  function showState() {
    const { name, detail } = session.state;
    if (CARD_STATES.has(name) && !(name === 'connecting' && ui)) {
      if (ui) { ui.stop(); ui = null; }
      replaceChildren(page, stateCard(name, detail, () => session.retryNow()));
      return;
    }
    if (!ui) {
      rememberRoom(user.userId, roomId);
      ui = buildRoom(roomId, session, {
        send: text => { sentByMe = true; session.send(text); },
      });
      replaceChildren(page, ui.element);
      ui.messages.update(session.lines(), { follow: true });
      ui.showHistoryEdge();
      ui.showUsers(session.users);
      ui.composer.focus();
    }
    ui.showConnection(name, detail, session.host);
  }

  showState();
  session.start();
  return () => {
    session.stop();
    ui?.stop();
  };
}

function buildRoom(roomId, session, { send }) {
  const link = `${location.origin}/room/${encodeURIComponent(roomId)}`;
  const timers = new Set();
  const later = (fn, ms) => { const t = setTimeout(() => { timers.delete(t); fn(); }, ms); timers.add(t); };

  const shareLabel = h('span', { class: 'label-long' }, 'Share Link');
  const shareShort = h('span', { class: 'label-short' }, 'Share');
  const shareStatus = h('span', { class: 'sr-only', 'aria-live': 'polite' });
  const share = h('button', {
    type: 'button', class: 'button', id: 'share-link',
    onclick: async () => {
      const copied = await copyText(link);
      shareLabel.textContent = shareShort.textContent = shareStatus.textContent = copied ? 'Copied!' : 'Copy failed';
      if (!copied) notify(`Copy this link: ${link}`);
      later(() => {
        shareLabel.textContent = 'Share Link';
        shareShort.textContent = 'Share';
        shareStatus.textContent = '';
      }, NOTICE_MS);
    },
  }, shareLabel, shareShort, shareStatus);

  const statusDot = h('span', { class: 'status-dot', 'aria-hidden': 'true' });
  const statusText = h('span', { id: 'server-status' });
  const bannerText = h('span');
  const bannerButton = h('button', { type: 'button', class: 'button small', onclick: () => session.retryNow() });
  const banner = h('div', { class: 'banner', role: 'status', hidden: true }, bannerText, bannerButton);
  const notice = h('div', { class: 'notice', role: 'status', 'aria-live': 'polite' });

  const unread = createUnread(document.title);
  const messages = createMessageList({
    onRetry: cid => session.retry(cid), onDiscard: cid => session.discard(cid),
    onUnseen: n => unread.add(n), onSeen: () => unread.clear(), onNearTop: () => session.loadOlder(),
  });
  const showHistoryEdge = () => messages.showHistoryEdge(
    session.loadingOlder ? 'loading' : session.hasOlder ? 'more' : session.lines().some(l => l.kind === 'message') ? 'start' : 'none');
  const users = createUserList(session.me);
  // On a phone the user list hides behind this button (CSS shows it only there), as a panel over the messages.
  const usersCount = h('span', { class: 'count' });
  const usersToggle = h('button', {
    type: 'button', class: 'button ghost users-toggle', id: 'users-toggle',
    'aria-expanded': 'false', 'aria-controls': users.element.id,
    onclick: () => setUsersOpen(usersToggle.getAttribute('aria-expanded') !== 'true'),
  }, h('span', {}, 'Users'), usersCount);
  const setUsersOpen = open => {
    usersToggle.setAttribute('aria-expanded', String(open));
    element.classList.toggle('users-open', open);
  };
  users.element.addEventListener('keydown', event => {
    if (event.key === 'Escape') { setUsersOpen(false); usersToggle.focus(); }
  });
  const composer = createComposer({ onSend: send, onTyping: () => session.typing(), draftKey: `draft:${roomId}` });
  const typing = h('p', { class: 'typing', id: 'typing', 'aria-live': 'polite' });

  // More than one message refused (a burst over the rate limit, a full disk): act on them all at once.
  const failedText = h('span', { id: 'failed-count' });
  const failedBar = h('div', { class: 'failed-bar', role: 'status', hidden: true },
    failedText,
    h('button', { type: 'button', class: 'link-button', id: 'retry-all', onclick: () => session.retryAll() }, 'Retry all'),
    h('button', { type: 'button', class: 'link-button', id: 'discard-all', onclick: () => session.discardAll() }, 'Discard all'),
  );
  const showFailed = count => {
    failedBar.hidden = count < 2;
    failedText.textContent = `${count} messages were not sent`;
  };

  const element = h('div', { class: 'room' },
    h('header', { class: 'room-head card' },
      h('div', { class: 'room-title' },
        h('h1', { tabindex: '-1' }, 'Room ', h('code', { class: 'room-id', id: 'room-id', text: roomId })),
        h('p', { class: 'room-server' }, statusDot, statusText),
      ),
      h('div', { class: 'room-actions' },
        usersToggle,
        share,
        h('a', { class: 'button ghost', href: '/' },
          h('span', { class: 'label-long' }, 'Back to Lobby'), h('span', { class: 'label-short' }, 'Lobby')),
      ),
    ),
    banner,
    h('div', { class: 'room-body' },
      users.element,
      h('section', { class: 'chat card', 'aria-label': 'Conversation' },
        messages.element,
        typing,
        notice,
        failedBar,
        composer.element,
      ),
    ),
  );

  let countdown = null;
  function showConnection(name, detail, host) {
    clearInterval(countdown);
    countdown = null;
    statusDot.className = `status-dot ${name}`;
    element.dataset.connection = name;
    if (name === 'open') {
      setText(statusText, `Connected to ${host}`);
      banner.hidden = true;
      return;
    }
    banner.hidden = false;
    if (name === 'disconnected') {
      setText(statusText, 'Disconnected');
      setText(bannerText, `Disconnected: ${detail.reason ?? 'the connection was lost'}. Messages you send now wait until you reconnect.`);
      setText(bannerButton, 'Reconnect');
      return;
    }
    setText(statusText, 'Connection problem: reconnecting…');
    setText(bannerButton, 'Reconnect now');
    const due = Date.now() + (detail.delayMs ?? 0);
    const tick = () => {
      const seconds = Math.ceil((due - Date.now()) / 1000);
      const reason = detail.reason ? `${detail.reason}. ` : '';
      setText(bannerText, seconds > 0 ? `${reason}Reconnecting in ${seconds} s…` : `${reason}Reconnecting…`);
      if (seconds <= 0) { clearInterval(countdown); countdown = null; }
    };
    tick();
    if (due > Date.now()) countdown = setInterval(tick, 250);
  }

  function showTyping(typists) {
    setText(typing, typingText(typists));
  }

  function notify(text) {
    notice.replaceChildren(h('span', { text }));
    notice.classList.add('visible');
    later(() => {
      if (notice.textContent === text) notice.classList.remove('visible');
    }, NOTICE_MS);
  }

  return {
    element, messages, users, composer, notify, showConnection, showFailed, showTyping, showHistoryEdge,
    showUsers(list) {
      users.update(list);
      setText(usersCount, String(list.length));
    },
    stop() {
      clearInterval(countdown);
      for (const t of timers) clearTimeout(t);
      messages.stop();
      unread.clear(); // leaving the room: the title and icon go back to plain
    },
  };
}

/** "ana is typing…", "ana and bob are typing…", "ana, bob and 2 others are typing…"; empty for nobody. */
export function typingText(typists) {
  if (typists.length === 0) return '';
  if (typists.length === 1) return `${typists[0]} is typing…`;
  if (typists.length === 2) return `${typists[0]} and ${typists[1]} are typing…`;
  const others = typists.length - 2;
  return `${typists[0]}, ${typists[1]} and ${others} ${others === 1 ? 'other' : 'others'} are typing…`;
}

function stateCard(name, detail, retry) {
  switch (name) {
    case 'connecting':
      return h('section', { class: 'card narrow state', 'data-state': 'connecting', 'aria-busy': 'true' },
        spinner('Connecting'),
        h('h1', { tabindex: '-1' }, 'Connecting to the room…'),
        detail.reason && h('p', { class: 'hint', text: `${detail.reason}. Trying again…` }),
      );
    case 'not-found':
      return notFoundCard();
    case 'full':
      return h('section', { class: 'card narrow state', 'data-state': 'full' },
        h('div', { class: 'state-icon', 'aria-hidden': 'true' }, '⛔'),
        h('h1', { tabindex: '-1' }, 'This room is full'),
        h('p', {}, 'Every seat is taken. Try again when someone leaves.'),
        h('div', { class: 'row center' },
          h('button', { type: 'button', class: 'button primary', onclick: retry }, 'Try Again'),
          h('a', { class: 'button ghost', href: '/' }, 'Back to Lobby'),
        ),
      );
    default: // 'error'
      return h('section', { class: 'card narrow state', 'data-state': 'error' },
        h('div', { class: 'state-icon', 'aria-hidden': 'true' }, '⚠'),
        h('h1', { tabindex: '-1' }, 'Could not connect'),
        h('p', { text: detail.reason ?? 'The chat server could not be reached.' }),
        h('div', { class: 'row center' },
          h('button', { type: 'button', class: 'button primary', onclick: retry }, 'Try Again'),
          h('a', { class: 'button ghost', href: '/' }, 'Back to Lobby'),
        ),
      );
  }
}

function notFoundCard() {
  return h('section', { class: 'card narrow state', 'data-state': 'not-found' },
    h('div', { class: 'state-icon', 'aria-hidden': 'true' }, '?'),
    h('h1', { tabindex: '-1' }, 'Room not found'),
    h('p', {}, 'This room does not exist, or it has closed.'),
    h('a', { class: 'button primary', href: '/' }, 'Back to the lobby'),
  );
}
