// Measures how long two browsers in one room take to chat again after `make run`'s backend is killed with
// SIGKILL and `make run` is started again (issue 14). Its session servers die with the backend, so this is the
// whole stack coming back: backend start, a session server started, the room reopened from its log, and each
// client's own retry. A measurement, not a test: it prints figures and asserts nothing about time.
//   node measure/backend-restart.mjs     RUNS=5 for more runs; DOWN_SECONDS=0 restarts at once (default 10)
// Prints, per run, the seconds from the restart (run.sh started again) until each page has the other's message.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, aliceAndBobInARoom, say } from '../support/browser.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.RUNS ?? 3);
/** How long the stack stays down before the restart: the clients' backoff grows meanwhile. */
const DOWN_SECONDS = Number(process.env.DOWN_SECONDS ?? 10);
const WAIT_MS = 120_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => (port + 1000 < 65536 ? resolve(port) : freePort().then(resolve, reject)));
    });
  });
}

async function until(what, check) {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

const answers = url => fetch(url).then(r => r.ok, () => false);

/** run.sh in its own process group, as a terminal would start it. */
function startRun(port, dataDir) {
  const child = spawn('scripts/run.sh', [], {
    cwd: REPO, detached: true, stdio: 'ignore',
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, MIN_SERVERS: '1' },
  });
  child.exited = new Promise(resolve => child.on('exit', resolve));
  return child;
}

/** The pid of the backend JVM in run.sh's process group. */
function backendPid(group) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (pgrp === group && cmdline.includes('backend.jar')) return Number(entry);
    } catch { /* gone meanwhile */ }
  }
  throw new Error('no backend process found');
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await launchBrowser();
const results = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'backend-restart-'));
    const url = `http://127.0.0.1:${port}`;
    let stack = startRun(port, dataDir);
    try {
      await until('the stack', () => answers(`${url}/readyz`));
      const { alice, bob } = await aliceAndBobInARoom(browser, url);
      await say(alice, 'before');
      await bob.locator('#messages .text', { hasText: 'before' }).waitFor();

      const killed = Date.now();
      process.kill(backendPid(stack.pid), 'SIGKILL');
      await stack.exited; // run.sh sees its backend die and exits; the session servers follow their parent
      for (const page of [alice, bob]) {
        await page.locator('.room:not([data-connection="open"])').waitFor({ timeout: WAIT_MS });
      }
      await new Promise(r => setTimeout(r, DOWN_SECONDS * 1000));
      const restarted = Date.now();
      stack = startRun(port, dataDir);
      await say(alice, `from alice ${run}`); // queued while disconnected, sent after the next welcome
      await say(bob, `from bob ${run}`);
      const seen = Promise.all([
        bob.locator('#messages li.msg:not(.sending) .text', { hasText: `from alice ${run}` }).waitFor({ timeout: WAIT_MS }),
        alice.locator('#messages li.msg:not(.sending) .text', { hasText: `from bob ${run}` }).waitFor({ timeout: WAIT_MS }),
      ]);
      await seen;
      const chatting = Date.now();
      results.push({ run, restartToChat: (chatting - restarted) / 1000, killToChat: (chatting - killed) / 1000 });
      console.log(`run ${run}: restart -> both chatting ${((chatting - restarted) / 1000).toFixed(2)} s`
        + ` (kill -> both chatting ${((chatting - killed) / 1000).toFixed(2)} s)`);
      await alice.context().close();
      await bob.context().close();
    } finally {
      try { process.kill(-stack.pid, 'SIGINT'); } catch { /* already gone */ }
      await stack.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
}
console.log(`backend restart under make run, ${RUNS} runs, down ${DOWN_SECONDS} s: median restart -> both chatting`
  + ` ${median(results.map(r => r.restartToChat)).toFixed(2)} s, median kill -> both chatting`
  + ` ${median(results.map(r => r.killToChat)).toFixed(2)} s`);
