// Older history (issue 15 item 5): scrolling up pages back through the room, from the server's memory and then
// from its log on disk, keeps the reader's place, and ends at the room's first message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../support/stack.js';
import { launchBrowser, openPage, logIn } from '../support/browser.js';

const MESSAGES = 250;
let stack;
let browser;

before(async () => {
  // The session server keeps only the newest 100 in memory, so pages before message 151 come from its log.
  stack = await startStack({ name: 'history', env: { ROOM_HISTORY_SIZE: '100', SEND_RATE_PER_SECOND: '100000', SEND_RATE_BURST: '100000' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Sends `count` messages into the page's room over a socket of its own, with the page's login, and waits for them. */
async function seed(page, roomId, count) {
  await page.evaluate(async ({ roomId, count }) => {
    const { lookUpRoom } = await import('/api.js');
    const { host, token } = await lookUpRoom(roomId);
    const socket = new WebSocket(`ws://${host}/?token=${encodeURIComponent(token)}`, 'scalable-chat.v2');
    await new Promise((resolve, reject) => {
      let stored = 0;
      socket.onmessage = event => {
        const frame = JSON.parse(event.data);
        if (frame.type === 'welcome') for (let i = 1; i <= count; i++) socket.send(JSON.stringify({ type: 'send', text: `m${i}` }));
        if (frame.type === 'message' && ++stored === count) { socket.close(); resolve(); }
        if (frame.type === 'error') reject(new Error(JSON.stringify(frame)));
      };
      socket.onerror = () => reject(new Error('socket failed'));
    });
  }, { roomId, count });
}

const ids = page => page.locator('#messages li.msg').evaluateAll(items => items.map(li => Number(li.dataset.id)));
const topOf = (page, id) => page.locator(`#messages li[data-id="${id}"]`).evaluate(li => li.getBoundingClientRect().top);

test('scrolling up loads older pages, keeps the reader in place, and reaches the first message', async () => {
  const page = await openPage(browser);
  await page.goto(`${stack.url}/`);
  await logIn(page, 'alice');
  await page.click('button:has-text("Create Room")');
  await page.locator('.room[data-connection="open"]').waitFor();
  const roomId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  await seed(page, roomId, MESSAGES);

  await page.reload();
  await page.locator('.room[data-connection="open"]').waitFor();
  await page.locator(`#messages li[data-id="${MESSAGES}"]`).waitFor();
  assert.deepEqual(await ids(page), range(151, MESSAGES), 'a fresh page shows the newest 100');
  await page.locator('.history-edge[data-state="more"]').waitFor();

  // Scroll to the top: the page before 151 comes in, and what the reader saw stays where it was (151 itself may
  // lose its name line, now grouped with 150 of the same author, so the next one is measured).
  const seenAt = await page.locator('#messages').evaluate(list => {
    list.scrollTop = 0;
    return list.querySelector('li[data-id="152"]').getBoundingClientRect().top;
  });
  await page.locator('#messages li[data-id="51"]').waitFor();
  await page.locator('.history-edge[data-state="more"]').waitFor();
  const nowAt = await topOf(page, 152);
  assert.ok(Math.abs(nowAt - seenAt) <= 2, `the reader keeps their place: ${seenAt} then ${nowAt}`);
  assert.ok(await page.locator('#messages').evaluate(list => list.scrollTop > 0));
  assert.equal(await page.locator('.jump').isHidden(), true, 'older messages are not announced as new');
  assert.equal(await page.title(), `Room ${roomId} · Scalable Chat`, 'nor counted as unread');

  await page.locator('#messages').evaluate(list => { list.scrollTop = 0; });
  await page.locator('.history-edge[data-state="start"]', { hasText: 'This is the start of the room.' }).waitFor();
  assert.deepEqual(await ids(page), range(1, MESSAGES), 'every message once, in order');
  const texts = await page.locator('#messages li.msg .text').allTextContents();
  assert.equal(texts[0], 'm1');

  // New messages still arrive at the bottom while the older ones stay.
  await page.locator('#messages').evaluate(list => { list.scrollTop = list.scrollHeight; });
  await page.fill('#message-input', 'after paging');
  await page.press('#message-input', 'Enter');
  await page.locator(`#messages li.msg:not(.sending)`, { hasText: 'after paging' }).waitFor();
  assert.deepEqual(await ids(page), range(1, MESSAGES + 1));
  await page.close();
});

function range(from, to) {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
