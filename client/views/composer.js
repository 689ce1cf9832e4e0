// The message input: Enter sends, Shift+Enter adds a line, the box grows with its text, and a
// counter appears as the text nears the server's limit.

import { h } from '../dom.js';
import { sendableText, messageLength } from '../room-session.js';
import { MAX_MESSAGE_LENGTH, COUNTER_VISIBLE_FROM } from '../config.js';

export function createComposer({ onSend }) {
  const input = h('textarea', {
    id: 'message-input', name: 'message', rows: '1', placeholder: 'Write a message…',
    'aria-describedby': 'composer-hint message-counter', enterkeyhint: 'send',
  });
  const counter = h('span', { id: 'message-counter', class: 'counter', hidden: true });
  const button = h('button', { type: 'submit', class: 'button primary send', disabled: true, 'aria-label': 'Send' },
    h('span', { class: 'send-label' }, 'Send'));

  const refresh = () => {
    const length = messageLength(input.value);
    counter.hidden = length < COUNTER_VISIBLE_FROM;
    counter.textContent = `${length} / ${MAX_MESSAGE_LENGTH}`;
    counter.classList.toggle('over', length > MAX_MESSAGE_LENGTH);
    button.disabled = sendableText(input.value) === null;
    input.style.height = 'auto';
    input.style.height = `${input.scrollHeight}px`;
  };

  const submit = () => {
    if (sendableText(input.value) === null) return;
    onSend(input.value);
    input.value = '';
    refresh();
    input.focus();
  };

  input.addEventListener('input', refresh);
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
      h('span', { id: 'composer-hint', class: 'hint' }, 'Enter sends · Shift+Enter adds a line'),
      counter,
    ),
  );
  return { element, focus: () => input.focus() };
}
