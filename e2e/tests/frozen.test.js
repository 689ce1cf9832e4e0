// A session server frozen with SIGSTOP keeps its sockets open, so nothing tells the page it is gone. The page
// must notice on its own (a send that hears nothing back, or a missed heartbeat), say so, reconnect, and once
// the server is thawed deliver the message exactly once (the resend carries the same cid).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../support/stack.js';
import { launchBrowser, aliceAndBobInARoom, say, messageTexts } from '../support/browser.js';

let stack;
let browser;

before(async () => {
  stack = await startStack({ name: 'frozen', sessionServers: 1, env: { HEARTBEAT_SECONDS: '2' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('a send to a frozen server shows "Connection problem" within about 5 s; thawed, the message arrives once', async () => {
  const { alice, bob } = await aliceAndBobInARoom(browser, stack.url);
  await say(alice, 'before the freeze');
  await bob.locator('#messages .text', { hasText: 'before the freeze' }).waitFor();

  const server = stack.sessions[0].process.child;
  server.kill('SIGSTOP');
  try {
    await say(alice, 'sent to a frozen server');
    // 5 s without an answer, checked every 0.5 s; the rest is slack for a busy machine.
    await alice.locator('.room[data-connection="reconnecting"]').waitFor({ timeout: 8000 });
    await alice.getByText('Connection problem', { exact: false }).first().waitFor();
    // Bob sent nothing: his page notices the missed heartbeat (2 s + 2 s of slack) instead.
    await bob.locator('.room[data-connection="reconnecting"]').waitFor({ timeout: 8000 });
  } finally {
    server.kill('SIGCONT');
  }

  await alice.locator('.room[data-connection="open"]').waitFor({ timeout: 20000 });
  await bob.locator('.room[data-connection="open"]').waitFor({ timeout: 20000 });
  await bob.locator('#messages li.msg:not(.sending) .text', { hasText: 'sent to a frozen server' }).waitFor({ timeout: 20000 });
  await alice.locator('#messages li.msg:not(.sending) .text', { hasText: 'sent to a frozen server' }).waitFor();
  for (const page of [alice, bob]) {
    const texts = await messageTexts(page);
    assert.equal(texts.filter(t => t === 'sent to a frozen server').length, 1, `once on each page: ${texts}`);
  }
});
