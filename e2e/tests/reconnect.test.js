// Reconnecting against a real session server. The test sits between alice's page and the server
// (playwright's routeWebSocket connects the page's socket to the real server and can cut it), so it
// can drop her connection, refuse her reconnects for a while, or close with a given code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../support/stack.js';
import { launchBrowser, aliceAndBobInARoom, say, messageTexts } from '../support/browser.js';

let stack;
let browser;

before(async () => {
  stack = await startStack({ name: 'reconnect', sessionServers: 1 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Alice's page with her WebSockets routed through `link`; bob's page in the same room, unrouted. */
async function aliceAndBob() {
  const link = { urls: [], current: null, refuse: null, lookups: 0 };
  const { alice, bob } = await aliceAndBobInARoom(browser, stack.url, {
    beforeAlice: async alice => {
      await alice.routeWebSocket(/\/\?token=/, ws => {
        link.urls.push(new URL(ws.url()));
        if (link.refuse) return ws.close(link.refuse); // never reaches the server
        link.current = ws;
        ws.connectToServer();
      });
      alice.on('request', request => { if (/\/api\/rooms\/[^/]+$/.test(request.url()) && request.method() === 'GET') link.lookups++; });
    },
  });
  await alice.locator('#users .pill', { hasText: 'bob' }).waitFor();
  return { alice, bob, link };
}

const seen = (page, text) => page.locator('#messages li.msg:not(.sending) .text', { hasText: text }).first().waitFor();

test('a dropped connection resumes with since: messages sent meanwhile arrive, the outbox is sent once, nothing twice', async () => {
  const { alice, bob, link } = await aliceAndBob();
  await say(alice, 'm1 from alice');
  await seen(bob, 'm1 from alice');
  await say(bob, 'm2 from bob');
  await seen(alice, 'm2 from bob');

  link.refuse = { code: 4000, reason: 'test: network down' };
  link.current.close({ code: 4000, reason: 'test: connection dropped' });
  await alice.locator('.room[data-connection="reconnecting"]').waitFor();
  await bob.locator('li.system', { hasText: 'alice left' }).waitFor();

  await say(bob, 'm3 from bob while alice is away');
  await seen(bob, 'm3 from bob while alice is away');
  await say(bob, 'm4 from bob while alice is away');
  await seen(bob, 'm4 from bob while alice is away');
  await say(alice, 'm5 typed by alice while away');
  await alice.locator('#messages li.msg.sending .text', { hasText: 'm5 typed by alice while away' }).waitFor();
  await alice.locator('.banner', { hasText: /Reconnecting/ }).waitFor();

  const refusedSoFar = link.urls.length;
  link.refuse = null;
  await alice.locator('.room[data-connection="open"]').waitFor({ timeout: 30_000 });
  await seen(bob, 'm5 typed by alice while away');
  await alice.locator('#messages li.msg.sending').waitFor({ state: 'detached' });

  const resumed = link.urls.at(-1);
  assert.ok(link.urls.length > refusedSoFar);
  assert.equal(resumed.searchParams.get('since'), '2', 'resumed after the last id alice had');
  assert.equal(link.urls[0].searchParams.get('since'), null, 'the first connection asks for no resume');

  const expected = ['m1 from alice', 'm2 from bob', 'm3 from bob while alice is away', 'm4 from bob while alice is away', 'm5 typed by alice while away'];
  await say(bob, 'm6 all good');
  await seen(alice, 'm6 all good');
  expected.push('m6 all good');
  assert.deepEqual(await messageTexts(alice), expected);
  assert.deepEqual(await messageTexts(bob), expected);
  const ids = await alice.locator('#messages li.msg').evaluateAll(items => items.map(li => Number(li.dataset.id)));
  assert.deepEqual(ids, [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(alice.problems, []);
  assert.deepEqual(bob.problems, []);
  await alice.context().close();
  await bob.context().close();
});

test('typing shows "bob is typing…" to alice until his message arrives; nothing is stored for it', async () => {
  const { alice, bob } = await aliceAndBob();
  await bob.fill('#message-input', 'hel');
  await alice.locator('#typing', { hasText: 'bob is typing…' }).waitFor();
  assert.equal(await bob.locator('#typing').textContent(), '', 'not to the typist');
  await bob.fill('#message-input', 'hello from a typist');
  await bob.press('#message-input', 'Enter');
  await seen(alice, 'hello from a typist');
  await alice.waitForFunction(() => document.querySelector('#typing')?.textContent === '');
});

test('a reload within the presence grace posts neither "left" nor "joined", and the user list keeps bob', async () => {
  const { alice, bob } = await aliceAndBob();
  const systemLines = () => alice.locator('li.system').allTextContents();
  const before = await systemLines();
  await bob.reload();
  await bob.locator('.room[data-connection="open"]').waitFor();
  await say(bob, 'back after a reload');
  await seen(alice, 'back after a reload');
  await alice.locator('#users .pill', { hasText: 'bob' }).waitFor();
  await new Promise(resolve => setTimeout(resolve, 3500)); // past the grace of bob's first connection
  assert.deepEqual(await systemLines(), before, 'no "bob left" or "bob joined" for a reload');
  await alice.locator('#users .pill', { hasText: 'bob' }).waitFor();
});

test('after 1001 "server draining" or 4401 the room is looked up again; 1008 "Room is full" waits for Try Again', async () => {
  const { alice, bob, link } = await aliceAndBob();
  for (const close of [{ code: 1001, reason: 'server draining' }, { code: 4401, reason: 'invalid token: expired' }]) {
    const lookups = link.lookups;
    const connections = link.urls.length;
    link.refuse = close;
    link.current.close({ code: 4000, reason: 'test: drop' }); // the live socket goes; the next attempt gets `close`
    await waitFor(() => link.urls.length >= connections + 2, 'a retry after the refusal');
    link.refuse = null;
    await alice.locator('.room[data-connection="open"]').waitFor({ timeout: 30_000 });
    assert.ok(link.lookups >= lookups + 3, `a fresh lookup before each attempt (${link.lookups - lookups})`);
  }

  link.refuse = { code: 1008, reason: 'Room is full' };
  link.current.close({ code: 4000, reason: 'test: drop' });
  await alice.locator('[data-state="full"] h1', { hasText: 'This room is full' }).waitFor({ timeout: 30_000 });
  const attempts = link.urls.length;
  link.refuse = null;
  assert.equal(link.urls.length, attempts, 'no retry on its own');
  await alice.click('button:has-text("Try Again")');
  await alice.locator('.room[data-connection="open"]').waitFor();
  assert.equal(link.urls.length, attempts + 1);

  await say(alice, 'still here');
  await seen(bob, 'still here');
  assert.deepEqual(alice.problems, []);
  await alice.context().close();
  await bob.context().close();
});

async function waitFor(check, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}
