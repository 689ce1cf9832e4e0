// A room as the page sees it: the timeline, who is here, the connection's state and short notices.
// It turns frames into timeline changes, sends own messages (queued while disconnected, resent with
// their cid after every welcome), and tells the view what changed.

import { RoomConnection } from './connection.js';
import { SendPacer } from './send-pacer.js';
import { Timeline } from './timeline.js';
import {
  MAX_MESSAGE_LENGTH, TYPING_SEND_INTERVAL_MS, TYPING_SHOW_MS, HISTORY_PAGE_SIZE, HISTORY_RETRY_MS,
} from './config.js';

const ERROR_NOTICES = {
  rate_limited: 'Slow down: you are sending messages too fast.',
  too_long: `That message is too long (at most ${MAX_MESSAGE_LENGTH} characters).`,
  empty: 'Empty messages are not sent.',
  bad_frame: 'The server could not read a message.',
  room_log_full: "This room's history is full: no more messages can be sent here.",
  storage_failed: 'The chat server could not save a message. Retry it in a moment.',
};
const FAILED_LABELS = {
  rate_limited: 'Not sent: slow down',
  too_long: 'Not sent: too long',
  empty: 'Not sent: empty',
  bad_frame: 'Not sent',
  room_log_full: 'Not sent: room full',
  storage_failed: 'Not sent: not saved',
};

/** Characters as the server counts them: code points, after trailing whitespace is trimmed. */
export function messageLength(text) {
  let n = 0;
  for (const _ of text.trimEnd()) n++;
  return n;
}

/** The text as the server will store it, or null when it cannot be sent. */
export function sendableText(text) {
  const trimmed = text.trimEnd();
  const length = messageLength(trimmed);
  return length > 0 && length <= MAX_MESSAGE_LENGTH ? trimmed : null;
}

export class RoomSession {
  #me;
  #timeline;
  #connection;
  #onChange;
  #users = [];
  #inFlight = [];     // cids sent on the current socket with no answer yet, oldest first
  #unmatched = [];    // codes of error frames without a cid, not yet matched to one of those sends
  #typing = new Map(); // userId -> timer that ends their "is typing…"
  #lastTypingSentAt = -Infinity;
  #pacer = new SendPacer();
  #waiting = [];            // cids of own messages held back to stay under the server's allowance, in order
  #paceTimer = null;
  #olderAskedBefore = null; // the id a history request is out for, or null
  #olderRetryAt = 0;        // after a refusal, no new request before this time
  state = { name: 'connecting', detail: {} };

  /**
   * onChange(what) with what one of 'lines', 'older' (a page of older messages went in front), 'users', 'typing',
   * 'state', 'notice' (notice text as second argument).
   * createConnection is there for tests of this class on its own.
   */
  constructor(roomId, me, onChange, { createConnection = (id, callbacks) => new RoomConnection(id, callbacks) } = {}) {
    this.roomId = roomId;
    this.#me = me;
    this.#onChange = onChange;
    this.#timeline = new Timeline(me);
    this.#connection = createConnection(roomId, {
      lastId: () => this.#timeline.lastId,
      onState: (name, detail) => { this.state = { name, detail }; onChange('state'); },
      onWelcome: (frame, resumed) => this.#welcome(frame, resumed),
      onFrame: frame => this.#frame(frame),
    });
  }

  get me() { return this.#me; }
  get users() { return this.#users; }
  get host() { return this.#connection.host; }
  lines() { return this.#timeline.lines(); }

  start() { this.#connection.start(); }
  stop() {
    this.#connection.stop();
    clearTimeout(this.#paceTimer);
    for (const timer of this.#typing.values()) clearTimeout(timer);
    this.#typing.clear();
  }

  /** Whether older messages may exist than the oldest shown. */
  get hasOlder() { return this.#timeline.hasOlder; }

  /** Whether a page of older messages is on its way. */
  get loadingOlder() { return this.#olderAskedBefore !== null; }

  /** Asks for the page before the oldest message shown, unless one is on its way or there is none. */
  loadOlder() {
    if (this.#olderAskedBefore !== null || !this.#timeline.hasOlder || Date.now() < this.#olderRetryAt) return false;
    const before = this.#timeline.oldestId;
    if (!this.#connection.send({ type: 'history', before, limit: HISTORY_PAGE_SIZE })) return false;
    this.#olderAskedBefore = before;
    this.#onChange('older');
    return true;
  }

  #older(frame) {
    if (frame.before !== this.#olderAskedBefore) return; // an answer for a timeline a welcome has replaced since
    this.#olderAskedBefore = null;
    this.#timeline.prependOlder(frame.messages, frame.more === true);
    this.#onChange('older');
  }

  #olderRefused(frame) {
    if (this.#olderAskedBefore === null) return;
    this.#olderAskedBefore = null;
    this.#olderRetryAt = Date.now() + HISTORY_RETRY_MS;
    if (frame.code === 'storage_failed') this.#onChange('notice', 'Older messages could not be loaded just now; trying again.');
    this.#onChange('older');
    setTimeout(() => this.#onChange('older'), HISTORY_RETRY_MS); // the view asks again if the reader is still at the top
  }

  /** Who else is typing now, in the order they started. */
  get typists() { return [...this.#typing.keys()]; }

  /** The user is typing: tells the others, at most every TYPING_SEND_INTERVAL_MS, and only from spare allowance. */
  typing() {
    const now = Date.now();
    if (now - this.#lastTypingSentAt < TYPING_SEND_INTERVAL_MS || this.#waiting.length > 0) return;
    if (!this.#connection.isOpen || !this.#pacer.take(now)) return; // the server counts hints against the rate
    if (this.#connection.send({ type: 'typing' })) this.#lastTypingSentAt = now;
  }

  #typingStopped(userId) {
    const timer = this.#typing.get(userId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#typing.delete(userId);
    this.#onChange('typing');
  }
  retryNow() { this.#connection.retryNow(); }

  /** Shows the message at once as "sending…" and sends it now, or after the next welcome. Returns false if unsendable. */
  send(text) {
    const sendable = sendableText(text);
    if (sendable === null) return false;
    const line = this.#timeline.addPending(sendable);
    this.#transmit(line);
    this.#onChange('lines');
    return true;
  }

  retry(cid) {
    const line = this.#timeline.retry(cid);
    if (!line) return;
    this.#transmit(line);
    this.#onChange('lines');
  }

  discard(cid) {
    if (this.#timeline.discard(cid)) this.#onChange('lines');
  }

  /** How many own messages were refused and wait for Retry or Discard. */
  get failedCount() {
    return this.#timeline.failedCids().length;
  }

  /** Sends every refused message again, in the order they were typed. */
  retryAll() {
    const lines = this.#timeline.failedCids().map(cid => this.#timeline.retry(cid)).filter(Boolean);
    lines.forEach(line => this.#transmit(line));
    if (lines.length > 0) this.#onChange('lines');
  }

  discardAll() {
    const cids = this.#timeline.failedCids();
    cids.forEach(cid => this.#timeline.discard(cid));
    if (cids.length > 0) this.#onChange('lines');
  }

  /** Sends an own message now, or as soon as the allowance lets it, behind those already waiting. */
  #transmit(line) {
    this.#waiting.push(line.cid);
    this.#sendWaiting();
  }

  #sendWaiting() {
    clearTimeout(this.#paceTimer);
    this.#paceTimer = null;
    while (this.#waiting.length > 0) {
      const line = this.#timeline.pendingLine(this.#waiting[0]);
      if (!line || line.state !== 'sending') { this.#waiting.shift(); continue; } // discarded or refused meanwhile
      if (!this.#connection.isOpen) { this.#waiting = []; return; } // the next welcome sends every unsent line
      if (!this.#pacer.take()) {
        this.#paceTimer = setTimeout(() => this.#sendWaiting(), this.#pacer.msUntilNext());
        return;
      }
      this.#waiting.shift();
      if (this.#connection.send({ type: 'send', text: line.text, cid: line.cid })) this.#inFlight.push(line.cid);
    }
  }

  #welcome(frame, resumed) {
    this.#inFlight = [];
    this.#unmatched = [];
    this.#olderAskedBefore = null; // its answer died with the old socket
    this.#waiting = [];
    this.#pacer.configure(frame.sendRatePerSecond, frame.sendBurst);
    this.#users = uniqueStrings(frame.users);
    const outcome = this.#timeline.applyWelcome({ messages: arrayOf(frame.messages), recovered: frame.recovered }, resumed);
    for (const line of this.#timeline.unsent()) this.#transmit(line);
    this.#onChange('users');
    this.#onChange('lines');
    if (outcome === 'gap') this.#onChange('notice', 'Some messages were missed while you were away.');
  }

  #frame(frame) {
    switch (frame.type) {
      case 'typing': {
        if (typeof frame.userId !== 'string' || frame.userId === this.#me) break;
        clearTimeout(this.#typing.get(frame.userId));
        this.#typing.set(frame.userId, setTimeout(() => this.#typingStopped(frame.userId), TYPING_SHOW_MS));
        this.#onChange('typing');
        break;
      }
      case 'message':
        this.#typingStopped(frame.userId);
        if (frame.userId === this.#me && frame.cid) this.#inFlight = this.#inFlight.filter(cid => cid !== frame.cid);
        if (this.#timeline.applyMessage(frame) || frame.userId === this.#me) this.#onChange('lines');
        this.#matchRefusals();
        break;
      case 'join':
        if (typeof frame.userId !== 'string' || this.#users.includes(frame.userId)) break;
        this.#users = [...this.#users, frame.userId];
        this.#onChange('users');
        if (frame.userId !== this.#me) {
          this.#timeline.addSystem(`${frame.userId} joined`);
          this.#onChange('lines');
        }
        break;
      case 'leave':
        if (typeof frame.userId !== 'string' || !this.#users.includes(frame.userId)) break;
        this.#users = this.#users.filter(u => u !== frame.userId);
        this.#typingStopped(frame.userId);
        this.#onChange('users');
        this.#timeline.addSystem(`${frame.userId} left`);
        this.#onChange('lines');
        break;
      case 'history':
        this.#older(frame);
        break;
      case 'error':
        if (frame.request === 'history') this.#olderRefused(frame); // never the answer to a send
        else this.#refused(frame);
        break;
      default:
        break; // a newer server's frame this client does not know: nothing to show
    }
  }

  #refused(frame) {
    const code = String(frame.code ?? '');
    if (code === 'rate_limited') this.#pacer.slowDown(); // over an allowance we could not see (the room's, another tab's)
    if (typeof frame.cid === 'string') {
      this.#inFlight = this.#inFlight.filter(c => c !== frame.cid);
      this.#fail(frame.cid, code);
    } else {
      this.#unmatched.push(code);
      this.#matchRefusals();
    }
    // Plain words by code; the server's own text is written for developers, so it is never shown.
    this.#onChange('notice', ERROR_NOTICES[code] ?? 'The chat server refused a message.');
  }

  // Every send gets one answer: its acknowledgement or an error. The server answers errors at once but
  // acknowledges through the room, so an error may overtake the acknowledgements of earlier sends; an
  // error without a cid is therefore matched only once every other unanswered send has been acknowledged.
  // Errors and sends are both in send order, so the k-th unmatched error belongs to the k-th unanswered send.
  #matchRefusals() {
    if (this.#unmatched.length === 0 || this.#inFlight.length > this.#unmatched.length) return;
    const refused = this.#inFlight;
    const codes = this.#unmatched;
    this.#inFlight = [];
    this.#unmatched = [];
    refused.forEach((cid, i) => this.#fail(cid, codes[i]));
  }

  #fail(cid, code) {
    if (this.#timeline.markFailed(cid, FAILED_LABELS[code] ?? 'Not sent')) this.#onChange('lines');
  }
}

function arrayOf(value) {
  return Array.isArray(value) ? value : [];
}

function uniqueStrings(value) {
  return [...new Set(arrayOf(value).filter(v => typeof v === 'string'))];
}
