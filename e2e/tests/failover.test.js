// A session server killed with SIGKILL mid-conversation and restarted on the same port with the same
// DATA_DIR: both pages get back into the room on their own, the history is intact, nothing is shown
// twice, and a message typed during the outage is delivered exactly once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../support/stack.js';
import { launchBrowser, aliceAndBobInARoom, say, messageTexts } from '../support/browser.js';

let stack;
let browser;

before(async () => {
  stack = await startStack({ name: 'failover', sessionServers: 1 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('a killed session server: both pages come back, history intact, no duplicates, the outage message delivered once',
  async () => {
    const { alice, bob } = await aliceAndBobInARoom(browser, stack.url);

    const before = ['one from alice', 'two from bob', 'three from alice'];
    await say(alice, before[0]);
    await bob.locator('#messages .text', { hasText: before[0] }).waitFor();
    await say(bob, before[1]);
    await alice.locator('#messages .text', { hasText: before[1] }).waitFor();
    await say(alice, before[2]);
    await bob.locator('#messages .text', { hasText: before[2] }).waitFor();

    await stack.crashSession(0);
    await alice.locator('.room[data-connection="reconnecting"], .room[data-connection="disconnected"]').waitFor();
    await bob.locator('.room[data-connection="reconnecting"], .room[data-connection="disconnected"]').waitFor();

    const outage = 'typed while the server was down';
    await say(alice, outage);
    await alice.locator('#messages li.msg.sending .text', { hasText: outage }).waitFor();

    await stack.restartSession(0);
    // "Disconnected" (the backoff gave up) would need a click; automatic reconnect must be enough.
    await alice.locator('.room[data-connection="open"]').waitFor({ timeout: 45_000 });
    await bob.locator('.room[data-connection="open"]').waitFor({ timeout: 45_000 });
    await bob.locator('#messages li.msg .text', { hasText: outage }).waitFor();
    await alice.locator('#messages li.msg.sending').waitFor({ state: 'detached' });

    await say(bob, 'and we are back');
    await alice.locator('#messages .text', { hasText: 'and we are back' }).waitFor();

    const expected = [...before, outage, 'and we are back'];
    assert.deepEqual(await messageTexts(alice), expected);
    assert.deepEqual(await messageTexts(bob), expected);
    for (const page of [alice, bob]) {
      const ids = await page.locator('#messages li.msg').evaluateAll(items => items.map(li => Number(li.dataset.id)));
      assert.equal(new Set(ids).size, ids.length, `no id shown twice: ${ids}`);
      assert.deepEqual([...ids].sort((a, b) => a - b), ids, 'in id order');
      assert.deepEqual(page.problems, []);
    }
    await alice.context().close();
    await bob.context().close();
  });
