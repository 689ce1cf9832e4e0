// The web client against a real stack: one backend, two session servers, Debian's chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../support/stack.js';
import { launchBrowser, openPage, logIn, say, messageTexts, screenshot } from '../support/browser.js';

let stack;
let browser;

before(async () => {
  // The fleet page's charts take a point a second here (5 s by default), so a test sees them move.
  stack = await startStack({ name: 'chat', sessionServers: 2, env: { FLEET_CHART_SAMPLE_MS: '1000' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A new user (own browser context) logged in on the lobby. */
async function newUser(userId, options) {
  const page = await openPage(browser, options);
  await page.goto(`${stack.url}/`);
  await logIn(page, userId);
  return page;
}

async function createRoom(page) {
  await page.click('button:has-text("Create Room")');
  await page.waitForURL(/\/room\/[A-Za-z0-9_-]+$/);
  await page.locator('.room[data-connection="open"]').waitFor();
  return new URL(page.url()).pathname.split('/').pop();
}

async function waitForText(page, text) {
  await page.locator('#messages li.msg:not(.sending) .text', { hasText: text }).first().waitFor();
}

test('login shows who is logged in, and Logout returns to the login form', async () => {
  const page = await openPage(browser);
  await page.goto(`${stack.url}/`);
  const button = page.locator('button:has-text("Log in")');
  assert.equal(await button.isDisabled(), true, 'disabled while the name is empty');
  await page.fill('#username', '   ');
  assert.equal(await button.isDisabled(), true, 'disabled while the name is blank');
  await logIn(page, 'lena');
  assert.match(await page.locator('.whoami').textContent(), /Logged in as\s*lena/);
  assert.ok(await page.evaluate(() => sessionStorage.getItem('scalable-chat.token')), 'token kept in sessionStorage');
  await page.click('button:has-text("Logout")');
  await page.locator('#username').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('scalable-chat.token')), null);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('two users in two browser contexts chat both ways; the share link opens the same room', async () => {
  const alice = await newUser('alice');
  await screenshot(alice, 'lobby');
  const roomId = await createRoom(alice);
  assert.match(await alice.locator('#server-status').textContent(), /Connected to 127\.0\.0\.1:\d+/);

  await alice.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
  await alice.click('#share-link');
  await alice.locator('#share-link', { hasText: 'Copied!' }).waitFor();
  const link = await alice.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, `${stack.url}/room/${roomId}`);

  // Bob opens the shared link before logging in: he logs in on the spot and lands in the room.
  const bob = await openPage(browser, { viewport: { width: 390, height: 844 } });
  await bob.goto(link);
  await logIn(bob, 'bob');
  await bob.locator('.room[data-connection="open"]').waitFor();
  assert.equal(await bob.locator('#room-id').textContent(), roomId);

  await alice.locator('#users .pill', { hasText: 'bob' }).waitFor();
  assert.match(await alice.locator('#users .pill.own').textContent(), /alice\s*\(you\)/);
  await alice.locator('li.system', { hasText: 'bob joined' }).waitFor();

  await say(alice, 'Hi Bob, welcome to the room!');
  await waitForText(bob, 'Hi Bob, welcome to the room!');
  await say(bob, 'Thanks Alice.\nTwo lines, sent with Enter.');
  await waitForText(alice, 'Two lines, sent with Enter.');

  // Shift+Enter adds a line instead of sending.
  await alice.fill('#message-input', 'first line');
  await alice.press('#message-input', 'Shift+Enter');
  await alice.type('#message-input', 'second line');
  assert.equal(await alice.inputValue('#message-input'), 'first line\nsecond line');
  await alice.press('#message-input', 'Enter');
  await waitForText(bob, 'second line');

  const expected = ['Hi Bob, welcome to the room!', 'Thanks Alice.\nTwo lines, sent with Enter.', 'first line\nsecond line'];
  assert.deepEqual(await messageTexts(alice), expected);
  assert.deepEqual(await messageTexts(bob), expected);
  assert.equal(await alice.locator('#messages li.msg.own').count(), 2, 'own messages highlighted');
  assert.equal(await bob.locator('#messages li.msg.own').count(), 1);

  // A busier room for the screenshots: a third user and a few more lines.
  const carol = await openPage(browser);
  await carol.goto(link);
  await logIn(carol, 'carol');
  await carol.locator('.room[data-connection="open"]').waitFor();
  await alice.locator('li.system', { hasText: 'carol joined' }).waitFor();
  const talk = [
    [carol, 'Morning! Did the deploy go through?'],
    [alice, 'Yes: both session servers took rooms, the fleet page shows them live.'],
    [bob, 'Latency looks good from here.'],
    [carol, 'Then let us ship it.\nI will write the release notes.'],
  ];
  for (const [page, line] of talk) {
    await say(page, line);
    await waitForText(alice, line);
    await waitForText(bob, line);
  }
  await alice.fill('#message-input', 'Sounds good, thanks both!');
  await screenshot(alice, 'room');
  await screenshot(bob, 'room-phone');
  await carol.context().close();
  await alice.locator('li.system', { hasText: 'carol left' }).waitFor();

  await bob.click('a:has-text("Back to Lobby")');
  await bob.locator('h1', { hasText: 'Lobby' }).waitFor();
  await alice.locator('li.system', { hasText: 'bob left' }).waitFor();
  await alice.locator('#users .pill', { hasText: 'bob' }).waitFor({ state: 'detached' });

  assert.deepEqual(alice.problems, []);
  assert.deepEqual(alice.consoleErrors, []);
  assert.deepEqual(bob.problems, []);
  assert.deepEqual(bob.consoleErrors, []);
  await alice.context().close();
  await bob.context().close();
});

test('a message with markup is shown as typed and never runs', async () => {
  const mallory = await newUser('mallory');
  await createRoom(mallory);
  const attack = '<img src=x onerror=alert(1)><script>alert(2)</script>';
  await say(mallory, attack);
  await waitForText(mallory, attack);
  assert.deepEqual(await messageTexts(mallory), [attack]);
  assert.equal(await mallory.locator('#messages img, #messages script').count(), 0);
  assert.deepEqual(mallory.problems, [], 'no dialog opened, no error thrown');
  assert.deepEqual(mallory.consoleErrors, []);
  await mallory.context().close();
});

test('web addresses are links that open apart; everything else is text; each message sets its own direction', async () => {
  const ana = await newUser('ana-links');
  await createRoom(ana);
  const message = 'read https://example.com/a?b=1. <b>bold</b> مرحبا';
  await say(ana, message);
  await waitForText(ana, 'read https://example.com/a?b=1.');
  const link = ana.locator('#messages .text a');
  assert.equal(await link.count(), 1);
  assert.equal(await link.getAttribute('href'), 'https://example.com/a?b=1');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.deepEqual(await messageTexts(ana), [message], 'the text reads as typed');
  assert.equal(await ana.locator('#messages b').count(), 0, 'markup is never interpreted');
  assert.equal(await ana.locator('#messages .text').first().getAttribute('dir'), 'auto');
  assert.deepEqual(await ana.locator('#messages li.day').allTextContents(), ['Today'], 'a day separator above today\'s first');
  await ana.context().close();
});

test('over 1000 characters, Send and Enter say why nothing was sent, and the text and counter stay', async () => {
  const ben = await newUser('ben-long');
  await createRoom(ben);
  const long = 'x'.repeat(1001);
  await ben.fill('#message-input', long);
  await ben.click('button.send');
  await ben.locator('#composer-hint', { hasText: 'Messages can be at most 1000 characters' }).waitFor();
  await ben.press('#message-input', 'Enter');
  assert.equal(await ben.inputValue('#message-input'), long, 'the text stays for editing');
  assert.equal(await ben.locator('#message-counter').textContent(), '1001 / 1000');
  assert.equal(await ben.locator('#messages li.msg').count(), 0, 'nothing was sent');
  await ben.fill('#message-input', 'x'.repeat(1000));
  await ben.locator('#composer-hint', { hasText: 'Enter sends' }).waitFor();
  await ben.context().close();
});

test('the draft in the message box survives a reload, per room', async () => {
  const cy = await newUser('cy-draft');
  await createRoom(cy);
  await cy.fill('#message-input', 'half a thought');
  await cy.reload();
  await cy.locator('.room[data-connection="open"]').waitFor();
  assert.equal(await cy.inputValue('#message-input'), 'half a thought');
  await cy.press('#message-input', 'Enter');
  await waitForText(cy, 'half a thought');
  await cy.reload();
  await cy.locator('.room[data-connection="open"]').waitFor();
  assert.equal(await cy.inputValue('#message-input'), '', 'a sent draft is gone');
  await cy.goto(`${stack.url}/`);
  await createRoom(cy);
  assert.equal(await cy.inputValue('#message-input'), '', 'another room has its own draft');
  await cy.context().close();
});

test('messages from others arriving while the tab is hidden are counted in the title and on the icon', async () => {
  const dee = await newUser('dee-unread');
  await createRoom(dee);
  const eli = await newUser('eli-unread');
  await eli.goto(dee.url());
  await eli.locator('.room[data-connection="open"]').waitFor();
  const title = await dee.title();
  // Chromium has no hidden tab in a headless page: the page is told it is hidden, as a browser would tell it.
  const setHidden = hidden => dee.evaluate(value => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
  await setHidden(true);
  await say(eli, 'one');
  await waitForText(dee, 'one');
  await say(eli, 'two');
  await waitForText(dee, 'two');
  await say(dee, 'my own does not count');
  await waitForText(dee, 'my own does not count');
  assert.equal(await dee.title(), `(2) ${title}`);
  assert.equal(await dee.locator('link[rel="icon"]').getAttribute('href'), '/favicon-unread.svg');
  await setHidden(false);
  assert.equal(await dee.title(), title, 'seen once the tab is visible at the newest message');
  assert.equal(await dee.locator('link[rel="icon"]').getAttribute('href'), '/favicon.svg');
  await dee.context().close();
  await eli.context().close();
});

/** Types `count` messages "<prefix> 0".. and presses Enter after each, as fast as a script can. */
async function burst(page, prefix, count) {
  await page.evaluate(({ prefix, count }) => {
    const input = document.querySelector('#message-input');
    for (let i = 0; i < count; i++) {
      input.value = `${prefix} ${i}`;
      input.dispatchEvent(new Event('input'));
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    }
  }, { prefix, count });
}

test('a burst over the send allowance is paced by the client: every message arrives, in order, none refused', async () => {
  const ivy = await newUser('ivy-paced');
  await createRoom(ivy);
  // 35 at once, over SEND_RATE_BURST (20): the client holds back what the welcome's allowance does not cover.
  await burst(ivy, 'paced', 35);
  await waitForText(ivy, 'paced 34');
  await ivy.waitForFunction(() => document.querySelectorAll('#messages li.msg.sending').length === 0);
  assert.deepEqual(await messageTexts(ivy), Array.from({ length: 35 }, (_, i) => `paced ${i}`));
  assert.equal(await ivy.locator('#messages li.msg.failed').count(), 0, 'the server refused nothing');
  assert.equal(await ivy.locator('.notice.visible').count(), 0, 'no "slow down"');
  await ivy.context().close();
});

/** A user whose welcomes overstate the send allowance, so the client sends everything and the server refuses the excess. */
async function overstatedUser(userId) {
  const page = await openPage(browser);
  await page.routeWebSocket(/\/\?token=/, ws => {
    const server = ws.connectToServer();
    server.onMessage(message => {
      const frame = JSON.parse(message);
      ws.send(JSON.stringify(frame.type === 'welcome' ? { ...frame, sendRatePerSecond: 1000, sendBurst: 1000 } : frame));
    });
  });
  await page.goto(`${stack.url}/`);
  await logIn(page, userId);
  await createRoom(page);
  return page;
}

test('when the server refuses anyway, several refused messages can be retried or discarded at once', async () => {
  const fay = await overstatedUser('fay-burst');
  await burst(fay, 'burst', 35); // over SEND_RATE_BURST (20): refused with rate_limited (under FLOOD_STRIKES, 20)
  await fay.locator('#retry-all').waitFor();
  const failed = await fay.locator('#messages li.msg.failed').count();
  assert.ok(failed >= 2, `${failed} failed`);
  assert.match(await fay.locator('#failed-count').textContent(), /^\d+ messages were not sent$/);
  await fay.locator('.notice.visible', { hasText: 'Slow down' }).waitFor();
  await fay.click('#discard-all');
  await fay.locator('#messages li.msg.failed').first().waitFor({ state: 'detached' });
  assert.equal(await fay.locator('.failed-bar').isHidden(), true);
  await fay.context().close();

  const gil = await overstatedUser('gil-burst');
  await burst(gil, 'again', 30);
  await gil.locator('#retry-all').waitFor();
  await gil.click('#retry-all'); // paced now: the server said "slow down", so the retries wait for its rate
  await waitForText(gil, 'again 29');
  await gil.waitForFunction(() => document.querySelectorAll('#messages li.msg.failed, #messages li.msg.sending').length === 0,
    null, { timeout: 20_000 });
  const again = await messageTexts(gil);
  assert.deepEqual([...again].sort(), Array.from({ length: 30 }, (_, i) => `again ${i}`).sort(), 'each one delivered once');
  assert.equal(await gil.locator('.room[data-connection="open"]').count(), 1, 'never closed as a flooder');
  await gil.context().close();
});

test('a refused login token says the session expired, and logging in again returns to the same room', async () => {
  const gus = await newUser('gus-expired');
  const roomId = await createRoom(gus);
  await say(gus, 'before');
  await waitForText(gus, 'before');
  // What a backend restarted with another JWT_SECRET does to a token: it no longer verifies.
  await gus.evaluate(() => {
    const key = 'scalable-chat.token';
    const [header, claims] = sessionStorage.getItem(key).split('.');
    sessionStorage.setItem(key, `${header}.${claims}.not-the-signature`);
  });
  await gus.goto(`${stack.url}/room/${roomId}`); // the lookup with the token is refused with 401
  await gus.locator('#session-expired', { hasText: 'Your session expired, log in again.' }).waitFor();
  await logIn(gus, 'gus-expired');
  await gus.locator('.room[data-connection="open"]').waitFor();
  assert.equal(new URL(gus.url()).pathname, `/room/${roomId}`);
  await waitForText(gus, 'before');
  await gus.context().close();
});

test('an unknown room shows "Room not found" with a way back; an unknown path shows the 404 page', async () => {
  const page = await newUser('nora');
  await page.goto(`${stack.url}/room/no-such-room-123`);
  await page.locator('[data-state="not-found"] h1', { hasText: 'Room not found' }).waitFor();
  await page.click('[data-state="not-found"] a:has-text("Back to the lobby")');
  await page.locator('h1', { hasText: 'Lobby' }).waitFor();

  await page.goto(`${stack.url}/no/such/page`);
  await page.locator('[data-state="page-not-found"] h1', { hasText: 'Page not found' }).waitFor();
  assert.match(await page.locator('[data-state="page-not-found"] code').textContent(), /\/no\/such\/page/);
  await page.click('a:has-text("Go to the lobby")');
  await page.locator('h1', { hasText: 'Lobby' }).waitFor();
  assert.deepEqual(page.problems, []);
  assert.deepEqual(page.consoleErrors, []);
  await page.context().close();
});

test('the fleet page shows a room appear', async () => {
  const watcher = await openPage(browser);
  await watcher.goto(`${stack.url}/fleet`);
  await watcher.locator('#fleet .server').first().waitFor();
  assert.equal(await watcher.locator('#fleet .server').count(), 2, 'both session servers shown');
  const rooms = () => watcher.locator('#fleet .room-tile:not(.idle)').count();
  const before = await rooms();

  const carol = await newUser('carol');
  const roomId = await createRoom(carol);
  await say(carol, 'Anyone here?');
  await watcher.waitForFunction(n => document.querySelectorAll('#fleet .room-tile:not(.idle)').length > n, before, { timeout: 15_000 });
  await watcher.waitForFunction(() => [...document.querySelectorAll('#fleet .room-tile.busy')].length > 0);
  assert.ok(await rooms() > before);
  assert.equal(await watcher.locator('#fleet a.room-name').count(), 0, 'no room ids without the admin token');

  await watcher.click('summary:has-text("Show room ids")');
  await watcher.fill('#admin-token', stack.adminToken);
  await watcher.click('button:has-text("Use")');
  await watcher.locator(`#fleet a.room-name[href="/room/${roomId}"]`, { hasText: roomId }).waitFor();

  // The charts: both servers in the legend, and carol's messages as a line on the messages-per-second chart of
  // her room's server, with a latency; the other server's line stays at zero.
  const host = await carol.evaluate(async id => (await (await import('/api.js')).lookUpRoom(id)).host, roomId);
  for (let i = 0; i < 8; i++) {
    await say(carol, `chart line ${i}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  await watcher.locator('.chart-legend li').nth(1).waitFor();
  await watcher.locator('#chart-messages .chart-now', { hasText: new RegExp(`${host.replace(/[.]/g, '\\.')}: [1-9]`) })
    .waitFor({ timeout: 15_000 });
  await watcher.locator('#chart-latency .chart-now', { hasText: new RegExp(`${host.replace(/[.]/g, '\\.')}: [0-9.]+ ms / [0-9.]+ ms`) }).waitFor();
  assert.ok(await watcher.locator('#chart-messages polyline').count() >= 2, 'a line per server');
  assert.match(await watcher.locator('#chart-messages svg').getAttribute('aria-label'), /^Messages per second, now: /);
  await watcher.evaluate(() => window.scrollTo(0, 0));
  await screenshot(watcher, 'fleet');
  assert.deepEqual(watcher.problems, []);
  assert.deepEqual(watcher.consoleErrors, []);
  await carol.context().close();
  await watcher.context().close();
});
