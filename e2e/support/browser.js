// Debian's chromium, driven by playwright-core. Never downloads a browser.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS } from './stack.js';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A browser with a fresh profile (playwright gives every launch its own temporary user-data-dir). */
export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
}

/**
 * A new context (its own sessionStorage and cookies: another user) with one page. Uncaught errors
 * and dialogs (an alert would mean injected script ran) are collected on page.problems so a test can
 * assert there were none; console errors (a refused WebSocket during an outage logs one) on page.consoleErrors.
 */
export async function openPage(browser, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.problems = [];
  page.consoleErrors = [];
  page.on('pageerror', error => page.problems.push(`pageerror: ${error.message}`));
  page.on('console', message => { if (message.type() === 'error') page.consoleErrors.push(message.text()); });
  page.on('dialog', dialog => { page.problems.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
  return page;
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  return file;
}

/** Logs in through the login form on whatever page is open. */
export async function logIn(page, userId) {
  await page.fill('#username', userId);
  await page.press('#username', 'Enter');
  await page.locator('.whoami strong').filter({ hasText: userId }).waitFor();
}

/**
 * Alice creates a room from the lobby at `url`, bob opens her link; both pages are in the room.
 * `beforeAlice(page)` runs on alice's page before it loads (to route its WebSockets, say).
 */
export async function aliceAndBobInARoom(browser, url, { beforeAlice = async () => {} } = {}) {
  const alice = await openPage(browser);
  await beforeAlice(alice);
  await alice.goto(`${url}/`);
  await logIn(alice, 'alice');
  await alice.click('button:has-text("Create Room")');
  await alice.locator('.room[data-connection="open"]').waitFor();
  const bob = await openPage(browser);
  await bob.goto(alice.url());
  await logIn(bob, 'bob');
  await bob.locator('.room[data-connection="open"]').waitFor();
  return { alice, bob };
}

/** Types a message and sends it with Enter. */
export async function say(page, text) {
  await page.fill('#message-input', text);
  await page.press('#message-input', 'Enter');
}

/** The texts of the confirmed messages in the list, in order. */
export async function messageTexts(page) {
  return page.locator('#messages li.msg:not(.pending):not(.sending):not(.failed) .text').allTextContents();
}
