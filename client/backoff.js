// Reconnect delays: exponential growth with "equal jitter", so a crowd of clients that lost the same
// server spreads its retries out instead of arriving together, while each still waits at least half the step.

import { RECONNECT_BASE_MS, RECONNECT_MAX_MS } from './config.js';

/** The delay before retry number `attempt` (1 = the first retry). `random` returns [0, 1). */
export function reconnectDelay(attempt, { baseMs = RECONNECT_BASE_MS, maxMs = RECONNECT_MAX_MS, random = Math.random } = {}) {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * step / 2);
}
