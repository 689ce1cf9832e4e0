// The room on a 390x844 phone (issue 15 item 13): a compact header, the user list behind a button, long names
// that never push "(you)" or another user out of sight, and "New messages ↓" on one line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../support/stack.js';
import { launchBrowser, openPage, logIn, say, screenshot } from '../support/browser.js';

const PHONE = { width: 390, height: 844 };
const LONG_A = 'annabelle-montgomery-fitzgerald1'; // 32 characters, the most a user id may have
const LONG_B = 'bartholomew-featherstonehaugh-22';
let stack;
let browser;

before(async () => {
  stack = await startStack({ name: 'phone' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const rect = (page, selector) => page.locator(selector).first().evaluate(el => {
  const r = el.getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
});

test('on a phone the header stays small, users are one tap away, and nothing is cut off', async () => {
  assert.equal(LONG_A.length, 32);
  assert.equal(LONG_B.length, 32);
  const a = await openPage(browser, { viewport: PHONE });
  await a.goto(`${stack.url}/`);
  await logIn(a, LONG_A);
  await a.click('button:has-text("Create Room")');
  await a.locator('.room[data-connection="open"]').waitFor();
  const b = await openPage(browser);
  await b.goto(a.url());
  await logIn(b, LONG_B);
  await b.locator('.room[data-connection="open"]').waitFor();
  await a.locator('#users-toggle .count', { hasText: '2' }).waitFor();

  const head = await rect(a, '.room-head');
  assert.ok(head.bottom <= 0.2 * PHONE.height, `top bar and room header end at ${head.bottom}px of ${PHONE.height}`);
  assert.equal(await a.locator('#users-panel').isVisible(), false, 'the user list waits behind its button');
  assert.ok((await rect(a, '#messages')).height > 0.55 * PHONE.height, 'the messages get most of the screen');

  await a.click('#users-toggle');
  assert.equal(await a.getAttribute('#users-toggle', 'aria-expanded'), 'true');
  const panel = await rect(a, '#users-panel');
  for (const name of [LONG_A, LONG_B]) {
    const pill = await rect(a, `#users .pill:has-text("${name}")`);
    assert.ok(pill.left >= panel.left && pill.right <= panel.right && pill.right <= PHONE.width, `${name}'s pill is whole`);
    const full = await a.locator(`#users .pill:has-text("${name}") .name`).evaluate(el => el.scrollWidth <= el.clientWidth);
    assert.ok(full, `${name} is shown in full`);
  }
  const you = await rect(a, '#users .pill.own .you');
  const own = await rect(a, '#users .pill.own');
  assert.ok(you.right <= own.right && you.left >= own.left, '"(you)" is inside its pill');
  assert.equal(await a.locator('#users .pill.own .you').textContent(), '(you)');
  await screenshot(a, 'room-phone-users');
  await a.press('#users-panel', 'Escape');
  assert.equal(await a.locator('#users-panel').isVisible(), false, 'Escape closes it');
  assert.equal(await a.getAttribute('#users-toggle', 'aria-expanded'), 'false');

  // Enough messages to scroll, then one more while the reader is up: the jump button fits on one line.
  for (let i = 1; i <= 12; i++) await say(b, `line ${i} of a conversation that needs some room on a small screen`);
  await a.locator('#messages li.msg', { hasText: 'line 12 of' }).waitFor();
  await a.locator('#messages').evaluate(list => { list.scrollTop = 0; });
  await say(b, 'one more while a reads older lines');
  await a.locator('.jump:visible').waitFor();
  const jump = await a.locator('.jump').evaluate(el => ({ height: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight) }));
  assert.ok(jump.height < 2 * jump.line, `"New messages ↓" is one line (${jump.height}px)`);
  await a.locator('#messages').evaluate(list => { list.scrollTop = list.scrollHeight; });
  await screenshot(a, 'phone-long-names');
  await a.context().close();
  await b.context().close();
});
