// One room's WebSocket: finds the room's server through the backend, connects with the
// scalable-chat.v2 subprotocol, and keeps reconnecting with backoff and jitter when the connection
// drops, each time looking the room up again (its server may have moved) and resuming with `since`.
// It knows nothing of messages: frames go to the callbacks, in order. It watches for a server that went
// silent (frozen, or the network gone without a close): a send that hears nothing back, or a missed heartbeat.

import { lookUpRoom, ApiError } from './api.js';
import { retryPlan } from './backoff.js';
import {
  PROTOCOL, WELCOME_TIMEOUT_MS, STABLE_CONNECTION_MS, SEND_ANSWER_TIMEOUT_MS, HEARTBEAT_SLACK_MS, LIVENESS_CHECK_MS,
} from './config.js';

// Close codes the client treats specially (docs/PROTOCOL.md, "Close codes").
const CLOSE_GOING_AWAY = 1001; // "server draining"
const CLOSE_POLICY = 1008;     // "Room is full" among others
const CLOSE_BAD_TOKEN = 4401;  // the session token is stale or not for this server
const CLOSE_TOO_BIG = 1009;
const CLOSE_INTERNAL_ERROR = 1011;   // "room cannot be opened here"
const CLOSE_TRY_AGAIN_LATER = 1013;  // "server full", "room is hosted by another server"
const CLOSE_BAD_REQUEST = 4400;

/**
 * States, passed to onState(state, detail):
 *   'connecting'    first connection in progress (detail.attempt)
 *   'open'          welcomed (detail.host)
 *   'reconnecting'  lost, waiting detail.delayMs before attempt detail.attempt (detail.reason)
 *   'error'         never got in, gave up: Try Again calls retryNow() (detail.reason)
 *   'disconnected'  was in, gave up after RECONNECT_ATTEMPTS: Reconnect calls retryNow() (detail.reason)
 *   'not-found'     the backend does not know the room
 *   'full'          the room has no place for another user (close 1008 "Room is full")
 */
export class RoomConnection {
  #roomId;
  #callbacks;
  #lastIdOf;
  #socket = null;
  #host = null;
  #welcomed = false;        // the current socket got its welcome
  #everWelcomed = false;    // any socket of this connection got one: later losses are "reconnecting"
  #attempt = 0;             // failed attempts in a row
  #backendDownSince = null; // when lookups began to find the backend unreachable
  #welcomedAt = 0;
  #timer = null;
  #stopped = false;
  #generation = 0;          // stale callbacks of an older socket or lookup are ignored
  #heartbeatMs = 0;         // the server's ping interval (welcome.heartbeatSeconds); 0: it sends none
  #lastHeardAt = 0;         // when the current socket last received anything
  #unansweredSince = null;  // a send went out at this time and nothing has been heard since
  #watchdog = null;
  #lossReason = null;       // why the last connection was lost, shown until the next welcome

  /**
   * callbacks: onState(state, detail), onWelcome(frame, resumed), onFrame(frame) for every later frame.
   * lastId(): the largest message id the caller has, to resume from (0: none).
   */
  constructor(roomId, { lastId, onState, onWelcome, onFrame }) {
    this.#roomId = roomId;
    this.#lastIdOf = lastId;
    this.#callbacks = { onState, onWelcome, onFrame };
  }

  // The browser is back online: no need to sit out the rest of a backoff wait.
  #onOnline = () => { if (this.#timer !== null) this.retryNow(); };

  get host() { return this.#host; }
  get isOpen() { return this.#welcomed && this.#socket?.readyState === WebSocket.OPEN; }

  start() {
    addEventListener('online', this.#onOnline);
    this.#connect();
  }

  /** Closes for good (leaving the page). */
  stop() {
    this.#stopped = true;
    this.#stopWatching();
    removeEventListener('online', this.#onOnline);
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#generation++;
    this.#socket?.close(1000, 'left the room');
    this.#socket = null;
  }

  /** Skips the wait (Try Again, Reconnect, or the browser came back online). */
  retryNow() {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#stopWatching();
    this.#generation++;
    this.#socket?.close(1000, 'retrying');
    this.#socket = null;
    this.#attempt = 0;
    this.#connect();
  }

  /** Sends one frame if welcomed; returns false otherwise (the caller keeps it for after the next welcome). */
  send(frame) {
    if (!this.isOpen) return false;
    this.#socket.send(JSON.stringify(frame));
    if (frame.type === 'send') this.#unansweredSince ??= Date.now(); // only a send gets an answer
    return true;
  }

  async #connect() {
    const generation = ++this.#generation;
    this.#welcomed = false;
    this.#state(this.#everWelcomed ? 'reconnecting' : 'connecting',
      { attempt: this.#attempt + 1, delayMs: 0, reason: this.#lossReason ?? undefined });

    let location;
    try {
      location = await lookUpRoom(this.#roomId);
    } catch (error) {
      if (generation !== this.#generation) return;
      if (error instanceof ApiError && error.status === 401) return this.stop(); // logged out: the app leaves the page
      const retryable = !(error instanceof ApiError) || error.status === 0 || error.status >= 500 || error.status === 429;
      // No answer, or a proxy's 502/504: the backend itself is away (restarting), not refusing.
      const backendDown = !(error instanceof ApiError) || [0, 502, 504].includes(error.status);
      return this.#lost(error.message, { retryable, retryAfterSeconds: error.retryAfterSeconds, backendDown });
    }
    if (generation !== this.#generation) return;
    this.#backendDownSince = null;
    if (location === null) {
      this.stop();
      return this.#state('not-found', {});
    }

    const since = this.#lastIdOf();
    const resumed = this.#everWelcomed && since > 0;
    const url = `${socketScheme(location.scheme)}://${location.host}/?token=${encodeURIComponent(location.token)}`
      + (resumed ? `&since=${since}` : '');
    let socket;
    try {
      socket = new WebSocket(url, PROTOCOL);
    } catch {
      return this.#lost(`Bad session server address: ${location.host}`, { retryable: false });
    }
    this.#socket = socket;
    const welcomeTimer = setTimeout(() => socket.close(4000, 'no welcome'), WELCOME_TIMEOUT_MS);

    socket.onopen = () => {
      if (generation !== this.#generation) return;
      if (socket.protocol !== PROTOCOL) socket.close(4000, 'wrong protocol');
    };
    socket.onmessage = event => {
      if (generation !== this.#generation) return;
      this.#lastHeardAt = Date.now();
      this.#unansweredSince = null;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return; // a frame we cannot read carries nothing we could show
      }
      if (!frame || typeof frame.type !== 'string') return;
      if (!this.#welcomed) {
        if (frame.type !== 'welcome') return;
        clearTimeout(welcomeTimer);
        this.#welcomed = true;
        this.#everWelcomed = true;
        this.#welcomedAt = Date.now();
        this.#lossReason = null;
        this.#host = location.host;
        this.#heartbeatMs = Number.isInteger(frame.heartbeatSeconds) && frame.heartbeatSeconds > 0
          ? frame.heartbeatSeconds * 1000 : 0;
        this.#watch(generation);
        this.#callbacks.onWelcome(frame, resumed);
        this.#state('open', { host: location.host });
        return;
      }
      if (frame.type === 'ping') return; // only says the server is alive
      this.#callbacks.onFrame(frame);
    };
    socket.onclose = event => {
      clearTimeout(welcomeTimer);
      if (generation !== this.#generation) return;
      this.#stopWatching();
      this.#socket = null;
      const wasWelcomed = this.#welcomed;
      this.#welcomed = false;
      if (wasWelcomed && Date.now() - this.#welcomedAt >= STABLE_CONNECTION_MS) this.#attempt = 0;
      this.#closed(event.code, event.reason, wasWelcomed);
    };
  }

  /** While welcomed: checks that the server still answers sends and keeps its heartbeat. */
  #watch(generation) {
    this.#stopWatching();
    this.#unansweredSince = null;
    this.#watchdog = setInterval(() => {
      if (generation !== this.#generation) return this.#stopWatching();
      const now = Date.now();
      const unanswered = this.#unansweredSince !== null && now - this.#unansweredSince > SEND_ANSWER_TIMEOUT_MS;
      const silent = this.#heartbeatMs > 0 && now - this.#lastHeardAt > this.#heartbeatMs + HEARTBEAT_SLACK_MS;
      if (unanswered || silent) this.#silent();
    }, LIVENESS_CHECK_MS);
  }

  #stopWatching() {
    clearInterval(this.#watchdog);
    this.#watchdog = null;
  }

  /** The server stopped answering on a socket that still looks open: drop it and reconnect at once. */
  #silent() {
    this.#stopWatching();
    const socket = this.#socket;
    this.#generation++; // its close event, whenever it comes, is ignored
    this.#socket = null;
    this.#welcomed = false;
    socket?.close(4000, 'no answer');
    this.#lost('Connection problem: the server stopped answering', { quick: true });
  }

  #closed(code, reason, wasWelcomed) {
    if (code === CLOSE_POLICY && /full/i.test(reason)) {
      this.#attempt = 0;
      return this.#state('full', { reason }); // retrying on our own would only knock on the door again
    }
    // The server is going away on purpose (drain) or our session token is stale: the room is
    // (or will be) somewhere a fresh lookup can tell, so the first retry need not wait.
    const quick = code === CLOSE_GOING_AWAY || code === CLOSE_BAD_TOKEN;
    this.#lost(describeClose(code, reason, wasWelcomed), { quick });
  }

  /** The attempt failed for `reason`: wait and try again, or give up when retrying cannot help or the attempts are used up. */
  #lost(reason, { retryable = true, quick = false, retryAfterSeconds = null, backendDown = false } = {}) {
    if (this.#stopped) return;
    this.#attempt++;
    this.#lossReason = reason;
    if (backendDown) this.#backendDownSince ??= Date.now();
    const plan = retryPlan({
      attempt: this.#attempt, everWelcomed: this.#everWelcomed, retryable, quick, retryAfterSeconds,
      backendDownForMs: backendDown ? Date.now() - this.#backendDownSince : null,
    });
    if (plan.giveUp) {
      return this.#state(this.#everWelcomed ? 'disconnected' : 'error', { reason });
    }
    const delayMs = plan.delayMs;
    this.#state(this.#everWelcomed ? 'reconnecting' : 'connecting', { attempt: this.#attempt + 1, delayMs, reason });
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#connect();
    }, delayMs);
  }

  #state(state, detail) {
    this.#callbacks.onState(state, detail);
  }
}

/** The lookup's `scheme` ("ws", "wss", "http" or "https"), else what the page itself uses. */
export function socketScheme(scheme) {
  switch (scheme) {
    case 'ws': case 'http': return 'ws';
    case 'wss': case 'https': return 'wss';
    default: return location.protocol === 'https:' ? 'wss' : 'ws';
  }
}

/** Plain words for why the server closed: by close code (docs/PROTOCOL.md, "Close codes"), never its reason text. */
function describeClose(code, reason, wasWelcomed) {
  switch (code) {
    case CLOSE_GOING_AWAY: return 'The chat server is restarting';
    case CLOSE_BAD_TOKEN: return 'The session expired';
    case CLOSE_POLICY:
      if (/rate/i.test(reason)) return 'You sent too many messages too fast';
      if (/slow/i.test(reason)) return 'Your connection fell too far behind';
      return 'The chat server closed the connection';
    case CLOSE_TOO_BIG: return 'A message was too large for the chat server';
    case CLOSE_INTERNAL_ERROR: return 'This room cannot be opened just now';
    case CLOSE_TRY_AGAIN_LATER: return 'The chat server is busy';
    case CLOSE_BAD_REQUEST: return 'The chat server refused the connection';
    default: return wasWelcomed ? 'The connection was lost' : 'Could not reach the chat server';
  }
}
