// Keeps a client's sends under the server's allowance for the user (the welcome's sendRatePerSecond and
// sendBurst), so a fast typist, a paste of many lines or "Retry all" waits a moment here instead of being
// refused by the server, or closed as a flooder. A token bucket like the server's, with a margin for the
// network's jitter: two sends spaced here may arrive closer together there. When the server says "slow down"
// all the same (its room-wide cap, the user's other tabs, a welcome that overstated), the pace halves with each
// refusal, one at a time, and comes back once no refusal came for a while.

import { SEND_RATE_MARGIN, SEND_BURST_MARGIN, SLOWED_MIN_PER_SECOND, SLOWED_FOR_MS } from './config.js';

/** The server's defaults (SEND_RATE_PER_SECOND, SEND_RATE_BURST), for a server whose welcome does not say. */
const DEFAULT_RATE_PER_SECOND = 10;
const DEFAULT_BURST = 20;

export class SendPacer {
  #perMs;
  #burst;
  #tokens;
  #at;
  #slowedPerMs = null; // the pace while slowed down, or null
  #slowedUntil = 0;

  constructor(now = Date.now()) {
    this.configure(DEFAULT_RATE_PER_SECOND, DEFAULT_BURST, now);
    this.#tokens = this.#burst;
  }

  /** The allowance a welcome announced; what is left of the bucket carries over, as on the server. */
  configure(ratePerSecond, burst, now = Date.now()) {
    this.#refill(now);
    const rate = Number.isFinite(ratePerSecond) && ratePerSecond > 0 ? ratePerSecond : DEFAULT_RATE_PER_SECOND;
    const size = Number.isFinite(burst) && burst > 0 ? burst : DEFAULT_BURST;
    this.#perMs = (rate * SEND_RATE_MARGIN) / 1000;
    this.#burst = Math.max(1, size - SEND_BURST_MARGIN);
    this.#tokens = Math.min(this.#tokens ?? this.#burst, this.#burst);
    this.#at = now;
  }

  /** Takes one send's worth if there is one. */
  take(now = Date.now()) {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    if (this.#slowedPerMs !== null) this.#tokens = 1; // while slowed down, one at a time
    this.#tokens -= 1;
    return true;
  }

  /** How long until the next send may go. */
  msUntilNext(now = Date.now()) {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) / this.#pace());
  }

  /** The server refused a send for its rate: start from empty, at half the pace (never below the floor). */
  slowDown(now = Date.now()) {
    this.#refill(now);
    this.#tokens = 0;
    this.#slowedPerMs = Math.max(Math.min(SLOWED_MIN_PER_SECOND / 1000, this.#pace()), this.#pace() / 2);
    this.#slowedUntil = now + SLOWED_FOR_MS;
  }

  /** Whether a refusal slowed the pace down, and it has not come back yet. */
  get slowed() { return this.#slowedPerMs !== null; }

  #pace() {
    return this.#slowedPerMs ?? this.#perMs;
  }

  #refill(now) {
    if (this.#at === undefined) return;
    this.#tokens = Math.min(this.#burst, this.#tokens + Math.max(0, now - this.#at) * this.#pace());
    this.#at = Math.max(this.#at, now);
    if (this.#slowedPerMs !== null && now >= this.#slowedUntil) this.#slowedPerMs = null;
  }
}
