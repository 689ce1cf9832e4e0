// axe-core finds nothing on any page (issue 15 item 14): login, lobby, a room with everything a room can show,
// on a desktop and a phone, the fleet with and without room ids, and the not-found pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../support/stack.js';
import { launchBrowser, openPage, logIn, aliceAndBobInARoom, say } from '../support/browser.js';
import { axeViolations } from '../support/axe.js';

let stack;
let browser;

before(async () => {
  stack = await startStack({ name: 'accessibility', sessionServers: 2 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

async function assertNoViolations(page, what) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${what}`);
}

test('the login page, the lobby and the not-found pages', async () => {
  const page = await openPage(browser);
  await page.goto(`${stack.url}/`);
  await page.locator('#username').waitFor();
  await assertNoViolations(page, 'the login page');
  await logIn(page, 'ana');
  await page.locator('h1', { hasText: 'Lobby' }).waitFor();
  await assertNoViolations(page, 'the lobby');
  await page.goto(`${stack.url}/no/such/page`);
  await page.locator('h1').waitFor();
  await assertNoViolations(page, 'the 404 page');
  await page.goto(`${stack.url}/room/NoSuchRoom`);
  await page.locator('[data-state="not-found"]').waitFor();
  await assertNoViolations(page, 'a room that does not exist');
  await page.context().close();
});

test('a room with messages, a link, presence lines, a typing hint and a refused draft, on a desktop and a phone', async () => {
  const { alice, bob } = await aliceAndBobInARoom(browser, stack.url);
  await say(alice, 'Hello https://example.com and welcome');
  await say(bob, 'Hi alice!');
  await alice.locator('#messages li.msg', { hasText: 'Hi alice!' }).waitFor();
  await new Promise(resolve => setTimeout(resolve, 2100)); // bob's client sends a typing hint at most every 2 s
  await bob.fill('#message-input', 'typing something');
  await alice.locator('#typing', { hasText: 'bob is typing' }).waitFor();
  await alice.locator('#messages .history-edge[data-state="start"]').waitFor();
  await assertNoViolations(alice, 'a room on a desktop');
  await alice.fill('#message-input', 'x'.repeat(1001));
  await alice.click('button.send');
  await alice.locator('#composer-hint', { hasText: 'Messages can be at most 1000 characters' }).waitFor();
  await assertNoViolations(alice, 'a room whose draft is too long');

  const phone = await openPage(browser, { viewport: { width: 390, height: 844 } });
  await phone.goto(`${stack.url}/`);
  await logIn(phone, 'carol-with-a-name-of-32-characters'.slice(0, 32));
  await phone.goto(alice.url());
  await phone.locator('.room[data-connection="open"]').waitFor();
  await assertNoViolations(phone, 'a room on a phone');
  await phone.locator('#users-toggle').click();
  await assertNoViolations(phone, 'a room on a phone with its user list open');

  await alice.context().close();
  await bob.context().close();
  await phone.context().close();
});

test('the fleet page, without and with room ids', async () => {
  const carol = await openPage(browser);
  await carol.goto(`${stack.url}/`);
  await logIn(carol, 'carol');
  await carol.click('button:has-text("Create Room")');
  await carol.locator('.room[data-connection="open"]').waitFor();
  await say(carol, 'Anyone here?');

  const watcher = await openPage(browser);
  await watcher.goto(`${stack.url}/fleet`);
  await watcher.locator('#fleet .server').first().waitFor();
  await watcher.waitForFunction(() => document.querySelectorAll('#fleet .room-tile:not(.idle)').length > 0, null, { timeout: 15_000 });
  await assertNoViolations(watcher, 'the fleet page');
  await watcher.click('summary:has-text("Show room ids")');
  await watcher.fill('#admin-token', stack.adminToken);
  await watcher.click('button:has-text("Use")');
  await watcher.locator('#fleet a.room-name').first().waitFor();
  await assertNoViolations(watcher, 'the fleet page with room ids');
  await carol.context().close();
  await watcher.context().close();
});
