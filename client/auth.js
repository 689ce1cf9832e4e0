// The logged-in user: the backend's user token, kept in sessionStorage so each tab has its own login.

const TOKEN_KEY = 'scalable-chat.token';
const listeners = new Set();
/** Why the user was logged out without asking for it, for the login form to say; null otherwise. */
let expiredReason = null;
export const SESSION_EXPIRED = 'Your session expired, log in again.';

/** Reads the claims of a JWT without checking it (the backend checks it; we only need userId and exp). */
export function decodeClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part.padEnd(part.length + (4 - part.length % 4) % 4, '=')), c => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims.userId === 'string' ? claims : null;
  } catch {
    return null;
  }
}

/** The current user as {token, userId}, or null when logged out or the token has expired. */
export function currentUser() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const claims = token && decodeClaims(token);
  if (!claims) return null;
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) {
    sessionStorage.removeItem(TOKEN_KEY);
    expiredReason = SESSION_EXPIRED;
    return null;
  }
  return { token, userId: claims.userId };
}

export function logIn(token) {
  if (!decodeClaims(token)) throw new Error('The server sent a token this client cannot read');
  sessionStorage.setItem(TOKEN_KEY, token);
  expiredReason = null;
  notify();
}

/** Logs out; `expired` when the server refused the token rather than the user asking to leave. */
export function logOut({ expired = false } = {}) {
  if (sessionStorage.getItem(TOKEN_KEY) === null) return;
  sessionStorage.removeItem(TOKEN_KEY);
  expiredReason = expired ? SESSION_EXPIRED : null;
  notify();
}

/** The reason of the last logout the user did not ask for, once; null when there is none. */
export function takeExpiredReason() {
  const reason = expiredReason;
  expiredReason = null;
  return reason;
}

/** Calls `listener(user|null)` whenever the login changes. Returns an unsubscribe function. */
export function onAuthChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify() {
  const user = currentUser();
  for (const listener of listeners) listener(user);
}
