// A real stack for the browser tests: dist/backend.jar and dist/session.jar started as child
// processes on free loopback ports with a fresh JWT secret, and stopped (all of them) afterwards.

import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, closeSync, existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(REPO, 'e2e', 'artifacts');
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 60_000;   // two JVMs starting on a busy 2-core machine
const STOP_TIMEOUT_MS = 15_000;    // a session server drains for up to 10 s by default
const INTERNAL_PORT_OFFSET = 1000; // the session server's internal port is PORT + 1000 unless told otherwise

const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => { killAll(); process.exit(130); });
}
process.once('exit', killAll);

function killAll() {
  for (const child of running) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
}

/** The java binary of a JDK 21+, found by the same script build.sh uses. */
export function findJava() {
  return execFileSync('bash', ['-c', '. scripts/find-jdk.sh && printf %s "$JAVA"'], { cwd: REPO, encoding: 'utf8' });
}

export function jarPath(name) {
  const jar = path.join(REPO, 'dist', name);
  if (!existsSync(jar)) throw new Error(`${jar} is missing: run "make build" (make e2e does it for you)`);
  return jar;
}

/** A free loopback port; with `alsoFree` offsets, one whose port+offset is free too. */
export async function freePort(alsoFree = []) {
  for (let tries = 0; tries < 50; tries++) {
    const port = await new Promise((resolve, reject) => {
      const server = net.createServer().once('error', reject).listen(0, HOST, () => {
        const { port: p } = server.address();
        server.close(() => resolve(p));
      });
    });
    if (port + Math.max(0, ...alsoFree) > 65535) continue;
    if ((await Promise.all(alsoFree.map(offset => isFree(port + offset)))).every(Boolean)) return port;
  }
  throw new Error('no free port pair found');
}

function isFree(port) {
  return new Promise(resolve => {
    const server = net.createServer().once('error', () => resolve(false)).listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

class Process {
  constructor(name, args, env, logFile) {
    this.name = name;
    mkdirSync(path.dirname(logFile), { recursive: true });
    const log = openSync(logFile, 'a');
    this.child = spawn(args[0], args.slice(1), { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
    closeSync(log);
    this.logFile = logFile;
    running.add(this.child);
    this.exited = new Promise(resolve => this.child.once('exit', (code, signal) => {
      running.delete(this.child);
      resolve({ code, signal });
    }));
  }

  get alive() { return this.child.exitCode === null && this.child.signalCode === null; }

  /** SIGTERM (graceful), then SIGKILL if it takes too long. */
  async stop() {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** kill -9: the crash the failover test is about. */
  async crash() {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Resolves once `check()` is true; fails early if the process exits. */
async function waitUntil(process_, what, check) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!process_.alive) throw new Error(`${process_.name} exited before ${what} (log: ${process_.logFile})`);
    if (await check().catch(() => false)) return;
    await new Promise(r => setTimeout(r, 150));
  }
  throw new Error(`${process_.name}: no ${what} within ${START_TIMEOUT_MS} ms (log: ${process_.logFile})`);
}

function canConnect(port) {
  return new Promise(resolve => {
    const socket = net.connect(port, HOST);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function answers(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return response.ok;
}

/**
 * Starts `sessionServers` session servers and a backend that knows them (static scheduler).
 * Returns {url, adminToken, sessions: [{host, port, dataDir, process}], restartSession(i), crashSession(i), stop()}.
 */
export async function startStack({ name, sessionServers = 1, env = {} } = {}) {
  const java = findJava();
  const secret = randomBytes(32).toString('hex');
  const adminToken = randomBytes(16).toString('hex');
  const logDir = path.join(ARTIFACTS, 'logs');
  const workDir = mkdtempSync(path.join(os.tmpdir(), `scalable-chat-e2e-${name}-`));
  const sessions = [];

  async function launchSession(slot) {
    const s = sessions[slot];
    s.process = new Process(`session ${s.host}`, [java, '-jar', jarPath('session.jar')], {
      // A shorter presence grace than the default 5 s, so tests that wait for "X left" stay quick.
      PRESENCE_GRACE_SECONDS: '3',
      PORT: String(s.port), JWT_SECRET: secret, PUBLIC_HOST: s.host, DATA_DIR: s.dataDir, ...env,
    }, path.join(logDir, `${name}-session-${s.port}.log`));
    await waitUntil(s.process, 'WebSocket port', () => canConnect(s.port));
  }

  for (let i = 0; i < sessionServers; i++) {
    const port = await freePort([INTERNAL_PORT_OFFSET]);
    sessions.push({ port, host: `${HOST}:${port}`, dataDir: path.join(workDir, `data-${i}`), process: null });
    await launchSession(i);
  }

  const backendPort = await freePort();
  const backend = new Process('backend', [java, '-jar', jarPath('backend.jar')], {
    PORT: String(backendPort), JWT_SECRET: secret, SESSION_SERVER_HOST: sessions.map(s => s.host).join(','),
    CLIENT_DIR: path.join(REPO, 'client'), ADMIN_TOKEN: adminToken,
    // Every browser here comes from loopback: the creation limits are tested in RoomCreationLimitsTest.
    ROOM_CREATES_PER_USER: '100000', ROOM_CREATES_PER_ADDRESS: '100000', ...env,
  }, path.join(logDir, `${name}-backend-${backendPort}.log`));
  const url = `http://${HOST}:${backendPort}`;
  await waitUntil(backend, 'answer on /healthz', () => answers(`${url}/healthz`));

  return {
    url,
    adminToken,
    sessions,
    async crashSession(i) { await sessions[i].process.crash(); },
    async restartSession(i) {
      await sessions[i].process.stop();
      await launchSession(i);
    },
    async stop() {
      await Promise.all([backend.stop(), ...sessions.map(s => s.process?.stop())]);
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
