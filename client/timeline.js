// What a room shows: confirmed messages in id order, quiet system lines, and the user's own messages
// that are not acknowledged yet. It never shows a message twice: confirmed messages are keyed by id,
// and an own message is keyed by its cid from the moment it is typed until (and after) the server
// acknowledges it. No DOM here, so it can be tested on its own.

import { TIMELINE_LIMIT } from './config.js';

export class Timeline {
  #me;
  #limit;
  #entries = [];          // confirmed messages and system lines, oldest first
  #ids = new Set();       // ids of confirmed messages in #entries
  #pending = new Map();   // cid -> {key, cid, text, userId, state: 'sending'|'failed', reason}
  #lastId = 0;
  #floorId = 0;           // messages up to this id were trimmed away: never bring them back
  #noOlder = false;       // the server said no message is older than the oldest shown
  #systemSeq = 0;
  #cidPrefix;
  #cidSeq = 0;

  constructor(me, { limit = TIMELINE_LIMIT, cidPrefix = randomCidPrefix() } = {}) {
    this.#me = me;
    this.#limit = limit;
    this.#cidPrefix = cidPrefix;
  }

  /** The largest message id seen: what to resume from. 0 before the first welcome. */
  get lastId() { return this.#lastId; }

  /** The smallest message id shown, or 0 when none is: older pages are asked for before it. */
  get oldestId() {
    const first = this.#entries.find(e => e.kind === 'message');
    return first ? first.id : 0;
  }

  /** Whether older messages may exist than the oldest shown (false at the room's first message). */
  get hasOlder() {
    const oldest = this.oldestId;
    return !this.#noOlder && oldest > 1;
  }

  /**
   * Puts a page of older messages (oldest first, all older than what is shown) in front. `more`: the server has
   * older ones still. The lines already shown stay; the page grows the limit, since the reader asked for it.
   */
  prependOlder(messages, more) {
    const oldest = this.oldestId;
    const page = arrayOrEmpty(messages).filter(m => isMessage(m) && (oldest === 0 || m.id < oldest) && !this.#ids.has(m.id))
      .sort((a, b) => a.id - b.id);
    const entries = page.map(m => this.#entry(m));
    this.#entries.unshift(...entries);
    for (const m of page) this.#ids.add(m.id);
    if (page.length > 0) this.#floorId = Math.min(this.#floorId, page[0].id - 1);
    this.#limit += entries.length;
    if (!more) this.#noOlder = true;
    return entries.length;
  }

  /** Everything to show, oldest first: confirmed entries, then own messages still in flight or failed. */
  lines() {
    return [...this.#entries, ...this.#pending.values()];
  }

  /** The own message not yet acknowledged under `cid`, or undefined. */
  pendingLine(cid) {
    return this.#pending.get(cid);
  }

  /** Own messages to (re)send after a welcome, in the order they were typed. */
  unsent() {
    return [...this.#pending.values()].filter(p => p.state === 'sending');
  }

  /**
   * Applies a welcome frame. `resumed` says whether the connection asked for `since`.
   * Without resume, or when the server could not recover the gap, the list is replaced.
   * Returns 'replaced' | 'merged' | 'gap' (replaced, and the reader should know something is missing).
   */
  applyWelcome({ messages = [], recovered }, resumed) {
    let outcome = 'merged';
    if (!resumed || recovered !== true) {
      this.#entries = [];
      this.#ids.clear();
      this.#lastId = 0;
      this.#floorId = 0;
      this.#noOlder = false;
      outcome = resumed ? 'gap' : 'replaced';
      if (outcome === 'gap') this.addSystem('Reconnected after a long gap: showing the latest messages.');
    }
    for (const message of [...messages].sort((a, b) => a.id - b.id)) this.applyMessage(message);
    return outcome;
  }

  /** Applies one message frame. Returns false when it was already shown. */
  applyMessage(message) {
    if (!isMessage(message)) return false;
    const own = message.userId === this.#me;
    if (own && message.cid) this.#pending.delete(message.cid);
    if (this.#ids.has(message.id) || message.id <= this.#floorId) return false;
    const entry = this.#entry(message);
    this.#insert(entry);
    this.#ids.add(message.id);
    this.#lastId = Math.max(this.#lastId, message.id);
    this.#trim();
    return true;
  }

  #entry(message) {
    const own = message.userId === this.#me;
    return {
      kind: 'message',
      key: own && message.cid ? `c:${message.cid}` : `m:${message.id}`,
      id: message.id,
      userId: message.userId,
      text: message.text,
      ts: message.ts,
      own,
    };
  }

  addSystem(text) {
    this.#entries.push({ kind: 'system', key: `s:${++this.#systemSeq}`, text });
    this.#trim();
  }

  /** Queues an own message; returns its pending line (with the cid to send it under). */
  addPending(text) {
    const cid = `${this.#cidPrefix}-${++this.#cidSeq}`;
    const line = { kind: 'pending', key: `c:${cid}`, cid, text, userId: this.#me, state: 'sending', reason: null };
    this.#pending.set(cid, line);
    return line;
  }

  /** The server refused a pending message: it stays on screen, marked, until retried or discarded. */
  markFailed(cid, reason) {
    const line = this.#pending.get(cid);
    if (!line) return false;
    this.#pending.set(cid, { ...line, state: 'failed', reason });
    return true;
  }

  /** Puts a failed message back in the queue under the same cid (so the server can still deduplicate it). */
  retry(cid) {
    const line = this.#pending.get(cid);
    if (!line || line.state !== 'failed') return null;
    // Re-inserting moves it to the end: it is sent after everything typed before the retry.
    this.#pending.delete(cid);
    const again = { ...line, state: 'sending', reason: null };
    this.#pending.set(cid, again);
    return again;
  }

  discard(cid) {
    return this.#pending.delete(cid);
  }

  /** The cids of own messages that were refused, oldest first. */
  failedCids() {
    return [...this.#pending.values()].filter(line => line.state === 'failed').map(line => line.cid);
  }

  #insert(entry) {
    // Messages nearly always arrive in id order; the search is for the rare exception.
    const last = this.#lastMessage();
    if (!last || last.id < entry.id) {
      this.#entries.push(entry);
      return;
    }
    const at = this.#entries.findIndex(e => e.kind === 'message' && e.id > entry.id);
    this.#entries.splice(at, 0, entry);
  }

  #lastMessage() {
    for (let i = this.#entries.length - 1; i >= 0; i--) if (this.#entries[i].kind === 'message') return this.#entries[i];
    return null;
  }

  #trim() {
    const excess = this.#entries.length - this.#limit;
    if (excess <= 0) return;
    for (const gone of this.#entries.splice(0, excess)) {
      if (gone.kind !== 'message') continue;
      this.#ids.delete(gone.id);
      this.#floorId = Math.max(this.#floorId, gone.id);
    }
  }
}

function isMessage(m) {
  return m && Number.isSafeInteger(m.id) && m.id > 0 && typeof m.userId === 'string' && typeof m.text === 'string';
}

function arrayOrEmpty(value) {
  return Array.isArray(value) ? value : [];
}

function randomCidPrefix() {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, b => b.toString(36).padStart(2, '0')).join('');
}
