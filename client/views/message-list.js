// The room's message list: keyed updates (a line's element is made once and reused, so an own
// message turns from "sending…" to sent in place), consecutive messages of one author grouped, and
// the view kept at the newest message unless the reader has scrolled up to read older ones. Scrolling to
// the top asks for older pages; one that arrives keeps the reader's place.

import { h } from '../dom.js';
import { formatTime, withDaySeparators } from '../time.js';
import { linkParts } from '../links.js';
import { STICKY_SCROLL_PX, LOAD_OLDER_PX } from '../config.js';

const GROUP_WITHIN_MS = 5 * 60 * 1000;

/**
 * `onUnseen(n)`: n messages from others arrived while the reader could not see them (scrolled up or tab hidden);
 * `onSeen()`: the reader is at the newest message again, with the tab visible;
 * `onNearTop()`: the reader is at (or near) the oldest message shown: time to ask for older ones.
 */
export function createMessageList({ onRetry, onDiscard, onUnseen = () => {}, onSeen = () => {}, onNearTop = () => {} }) {
  // The scrolling box is the ARIA log; the lines inside it stay a real list (a log on the <ol> itself would take
  // away its list role and leave the <li>s orphaned).
  const list = h('ol', { class: 'message-lines' });
  const empty = h('p', { class: 'messages-empty' }, 'No messages yet. Say hello!');
  // The top of the list: older messages loading, a button for them (for keyboards), or the room's start.
  const olderButton = h('button', { type: 'button', class: 'link-button', onclick: () => onNearTop() }, 'Show older messages');
  const olderStatus = h('span');
  const edge = h('div', { class: 'line history-edge', hidden: true }, olderStatus, olderButton);
  const scroller = h('div', {
    class: 'messages', id: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages', tabindex: '0',
  }, edge, list);
  const jump = h('button', { type: 'button', class: 'jump', hidden: true, onclick: () => toEnd() }, 'New messages ↓');
  const element = h('div', { class: 'messages-wrap' }, scroller, empty, jump);
  const rendered = new Map(); // key -> {el, signature}

  // Whether the reader is following the newest messages: decided by their scrolling, and kept when
  // the list's box changes size (the composer grows, the phone keyboard opens).
  let following = true;
  const nearEnd = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < STICKY_SCROLL_PX;
  let primed = false; // the first update is the history the room was opened with, not news
  const seen = () => { if (following && !document.hidden) onSeen(); };
  const toEnd = () => {
    scroller.scrollTop = scroller.scrollHeight;
    following = true;
    jump.hidden = true;
    seen();
  };
  const checkTop = () => { if (scroller.scrollTop < LOAD_OLDER_PX) onNearTop(); };
  scroller.addEventListener('scroll', () => {
    following = nearEnd();
    if (following) jump.hidden = true;
    seen();
    checkTop();
  });
  document.addEventListener('visibilitychange', seen);
  new ResizeObserver(() => { if (following) scroller.scrollTop = scroller.scrollHeight; }).observe(scroller);

  /**
   * Shows `lines`; `follow` scrolls to the end whatever the reader was doing (after their own send); `older`: the
   * change is a page of older messages in front, so the reader's place stays where it is and nothing counts as new.
   */
  function update(lines, { follow = false, older = false } = {}) {
    const wasNearEnd = following || nearEnd();
    const fromBottom = scroller.scrollHeight - scroller.scrollTop;
    let added = 0;
    let fromOthers = 0;
    const keep = new Set();
    let cursor = list.firstChild;
    let previous = null;
    for (const line of withDaySeparators(lines)) {
      const grouped = continues(previous, line);
      const signature = `${line.kind}|${line.state ?? ''}|${line.reason ?? ''}|${grouped}|${line.kind === 'day' ? line.text : ''}`;
      let item = rendered.get(line.key);
      if (!item) {
        item = { el: h('li'), signature: null };
        rendered.set(line.key, item);
        added++;
        if (line.kind === 'message' && !line.own) fromOthers++;
      }
      if (item.signature !== signature) {
        fill(item.el, line, grouped, { onRetry, onDiscard });
        item.signature = signature;
      }
      keep.add(line.key);
      if (item.el === cursor) cursor = cursor.nextSibling;
      else list.insertBefore(item.el, cursor);
      previous = line;
    }
    while (cursor) {
      const next = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
    for (const key of rendered.keys()) if (!keep.has(key)) rendered.delete(key);

    empty.hidden = lines.length > 0;
    if (older) {
      if (wasNearEnd) toEnd();
      else scroller.scrollTop = scroller.scrollHeight - fromBottom; // the same message stays under the reader's eyes
      checkTop(); // a short page may still leave the top in view
      return;
    }
    if (primed && fromOthers > 0 && (document.hidden || !(follow || wasNearEnd))) onUnseen(fromOthers);
    primed = true;
    if (follow || wasNearEnd) toEnd();
    else if (added > 0) jump.hidden = false;
    checkTop(); // a list that does not fill its box shows its top: older messages may fill it
  }

  /** The top of the list: 'loading', 'more' (older messages can be asked for), 'start' (none older) or 'none'. */
  function showHistoryEdge(state) {
    edge.hidden = state === 'none';
    edge.dataset.state = state;
    olderButton.hidden = state !== 'more';
    olderStatus.textContent = state === 'loading' ? 'Loading older messages…'
      : state === 'start' ? 'This is the start of the room.' : '';
  }

  const stop = () => document.removeEventListener('visibilitychange', seen);
  return { element, update, showHistoryEdge, stop, focus: () => scroller.focus() };
}

function continues(previous, line) {
  if (!previous || line.kind === 'system' || previous.kind === 'system' || previous.kind === 'day') return false;
  if (previous.userId !== line.userId) return false;
  if (line.kind === 'pending' || previous.kind === 'pending') return true;
  return Math.abs(Date.parse(line.ts) - Date.parse(previous.ts)) < GROUP_WITHIN_MS;
}

function fill(li, line, grouped, { onRetry, onDiscard }) {
  if (line.kind === 'day') {
    li.className = 'line day';
    li.replaceChildren(h('span', { text: line.text }));
    return;
  }
  if (line.kind === 'system') {
    li.className = 'line system';
    li.replaceChildren(h('span', { text: line.text }));
    return;
  }
  const own = line.kind === 'pending' || line.own;
  li.className = ['line', 'msg', own && 'own', grouped && 'grouped', line.kind === 'pending' && line.state]
    .filter(Boolean).join(' ');
  if (line.id) li.dataset.id = String(line.id);
  const time = line.ts ? formatTime(line.ts) : null;
  li.replaceChildren(h('div', { class: 'bubble' },
    h('div', { class: 'meta' },
      h('span', { class: 'author', text: line.userId }),
      time && time.short && h('time', { datetime: line.ts, title: time.long, text: time.short }),
    ),
    h('p', { class: 'text', dir: 'auto' }, linkParts(line.text).map(part => part.url
      ? h('a', { href: part.url, rel: 'noopener noreferrer', target: '_blank', text: part.url })
      : part.text)),
    line.kind === 'pending' && status(line, { onRetry, onDiscard }),
  ));
}

function status(line, { onRetry, onDiscard }) {
  if (line.state === 'sending') return h('div', { class: 'status' }, h('span', { class: 'dot-pulse', 'aria-hidden': 'true' }), 'sending…');
  return h('div', { class: 'status failed' },
    h('span', { text: line.reason || 'Not sent' }),
    h('button', { type: 'button', class: 'link-button', onclick: () => onRetry(line.cid) }, 'Retry'),
    h('button', { type: 'button', class: 'link-button', onclick: () => onDiscard(line.cid) }, 'Discard'),
  );
}
