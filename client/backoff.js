// Reconnect delays: exponential growth with "equal jitter", so a crowd of clients that lost the same
// server spreads its retries out instead of arriving together, while each still waits at least half the step.

import {
  RECONNECT_BASE_MS, RECONNECT_MAX_MS, RECONNECT_AFTER_DRAIN_MS, RECONNECT_ATTEMPTS, FIRST_CONNECT_ATTEMPTS,
  BACKEND_DOWN_RETRY_MAX_MS, BACKEND_DOWN_PATIENCE_MS,
} from './config.js';

/** The delay before retry number `attempt` (1 = the first retry). `random` returns [0, 1). */
export function reconnectDelay(attempt, { baseMs = RECONNECT_BASE_MS, maxMs = RECONNECT_MAX_MS, random = Math.random } = {}) {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * step / 2);
}

/**
 * What to do after failed attempt number `attempt`: give up (`{ giveUp: true }`) or wait `delayMs`.
 * `backendDownForMs` is how long lookups have found the backend unreachable, or null when this failure is another.
 * A room that was open keeps trying an unreachable backend for BACKEND_DOWN_PATIENCE_MS, at most a second apart,
 * so that it is back as soon as the backend is.
 */
export function retryPlan({ attempt, everWelcomed, retryable = true, quick = false, retryAfterSeconds = null,
  backendDownForMs = null, random = Math.random }) {
  const limit = everWelcomed ? RECONNECT_ATTEMPTS : FIRST_CONNECT_ATTEMPTS;
  const patient = everWelcomed && backendDownForMs !== null && backendDownForMs < BACKEND_DOWN_PATIENCE_MS;
  if (!retryable || (attempt >= limit && !patient)) return { giveUp: true };
  let delayMs = quick && attempt === 1 ? RECONNECT_AFTER_DRAIN_MS
    : reconnectDelay(attempt, { maxMs: backendDownForMs !== null ? BACKEND_DOWN_RETRY_MAX_MS : RECONNECT_MAX_MS, random });
  if (retryAfterSeconds) delayMs = Math.max(delayMs, retryAfterSeconds * 1000);
  return { giveUp: false, delayMs };
}
