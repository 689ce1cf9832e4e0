// The message input: Enter sends, Shift+Enter adds a line, the box grows with its text, a counter
// appears as the text nears the server's limit, and the draft survives a reload (per room, in sessionStorage).

import { h } from '../dom.js';
import { sendableText, messageLength } from '../room-session.js';
import { MAX_MESSAGE_LENGTH, COUNTER_VISIBLE_FROM } from '../config.js';

const HINT = 'Enter sends · Shift+Enter adds a line';
const TOO_LONG = `Messages can be at most ${MAX_MESSAGE_LENGTH} characters`;

/** `draftKey`: where this room's unsent text is kept in sessionStorage, or null to keep none. */
export function createComposer({ onSend, onTyping = () => {}, draftKey = null }) {
  const input = h('textarea', {
    id: 'message-input', name: 'message', rows: '1', placeholder: 'Write a message…',
    'aria-describedby': 'composer-hint message-counter', enterkeyhint: 'send',
  });
  const counter = h('span', { id: 'message-counter', class: 'counter', hidden: true });
  const button = h('button', { type: 'submit', class: 'button primary send', disabled: true, 'aria-label': 'Send' },
    h('span', { class: 'send-label' }, 'Send'));
  const hint = h('span', { id: 'composer-hint', class: 'hint' }, HINT);

  const refresh = () => {
    const length = messageLength(input.value);
    counter.hidden = length < COUNTER_VISIBLE_FROM;
    counter.textContent = `${length} / ${MAX_MESSAGE_LENGTH}`;
    counter.classList.toggle('over', length > MAX_MESSAGE_LENGTH);
    // Over the limit, Send stays enabled so that pressing it can say why nothing was sent.
    button.disabled = length === 0 || (sendableText(input.value) === null && length <= MAX_MESSAGE_LENGTH);
    if (length <= MAX_MESSAGE_LENGTH) showHint(HINT, false);
    saveDraft(input.value);
    input.style.height = 'auto';
    input.style.height = `${input.scrollHeight}px`;
  };

  const submit = () => {
    if (messageLength(input.value) > MAX_MESSAGE_LENGTH) {
      showHint(TOO_LONG, true);
      return;
    }
    if (sendableText(input.value) === null) return;
    onSend(input.value);
    input.value = '';
    refresh();
    input.focus();
  };

  const showHint = (text, problem) => {
    if (hint.textContent !== text) hint.textContent = text;
    hint.classList.toggle('problem', problem);
    if (problem) hint.setAttribute('role', 'alert'); else hint.removeAttribute('role');
  };

  const saveDraft = text => {
    if (draftKey === null) return;
    try {
      if (text) sessionStorage.setItem(draftKey, text); else sessionStorage.removeItem(draftKey);
    } catch { /* storage full or off: the draft is only a convenience */ }
  };

  input.addEventListener('input', refresh);
  input.addEventListener('input', () => { if (input.value.trim() !== '') onTyping(); });
  input.addEventListener('keydown', event => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    submit();
  });

  const element = h('form', {
    class: 'composer',
    onsubmit: event => { event.preventDefault(); submit(); },
  },
    h('label', { for: 'message-input', class: 'sr-only' }, 'Message'),
    input,
    button,
    h('div', { class: 'composer-foot' },
      hint,
      counter,
    ),
  );
  try {
    input.value = (draftKey !== null && sessionStorage.getItem(draftKey)) || '';
  } catch { /* no storage: start empty */ }
  queueMicrotask(refresh); // once the box is in the page, so that it can size itself
  return { element, focus: () => input.focus() };
}
