// The backend's HTTP API. Every failure becomes an ApiError with a message fit to show a person;
// a 401 also logs the user out, which sends them back to the login page.

import { currentUser, logOut } from './auth.js';

export class ApiError extends Error {
  constructor(message, status = 0, retryAfterSeconds = null, serverMessage = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;               // 0: the request never got an answer
    this.retryAfterSeconds = retryAfterSeconds;
    this.serverMessage = serverMessage; // the backend's own words, for the console, never for the page
  }
}

/**
 * What a person is told when a call fails: plain words chosen by the kind of failure, never the backend's
 * text ("rate limit exceeded", "no session server is reachable"), which is written for operators.
 */
export function plainMessage(status, path = '') {
  if (status === 400 && path === '/api/login') {
    return 'That name cannot be used. Names are 1 to 32 characters, with at least one you can see.';
  }
  if (status === 401) return 'Your session expired, log in again';
  if (status === 429) return 'Too many requests from you just now';
  if (status === 503) return 'No chat server can take this just now';
  if (status === 0 || status === 502 || status === 504) return 'The chat service cannot be reached';
  if (status >= 500) return 'The chat service ran into a problem';
  return 'The request was refused';
}

async function request(method, path, body, { auth = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const user = auth ? currentUser() : null;
  if (auth && !user) {
    logOut({ expired: true });
    throw new ApiError('Please log in again', 401);
  }
  if (user) headers.Authorization = `Bearer ${user.token}`;

  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(plainMessage(0));
  }
  const data = await response.json().catch(() => null);
  if (response.ok) {
    if (data === null || typeof data !== 'object') throw new ApiError('The server sent an unreadable answer', response.status);
    return data;
  }
  const reason = data && typeof data.error === 'string' ? data.error : `${response.status} ${response.statusText}`.trim();
  if (response.status === 401 && auth) logOut({ expired: true });
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  throw new ApiError(plainMessage(response.status, path), response.status, Number.isFinite(retryAfter) ? retryAfter : null, reason);
}

/** POST /api/login → the user token. */
export async function login(userId) {
  const { token } = await request('POST', '/api/login', { userId }, { auth: false });
  if (typeof token !== 'string') throw new ApiError('The server sent no token');
  return token;
}

/** POST /api/rooms → the new room's id. */
export async function createRoom() {
  const { roomId } = await request('POST', '/api/rooms', {});
  if (typeof roomId !== 'string') throw new ApiError('The server sent no room id');
  return roomId;
}

/** GET /api/rooms/{id} → {host, token, scheme} of the room's session server, or null for an unknown room. */
export async function lookUpRoom(roomId) {
  const data = await request('GET', `/api/rooms/${encodeURIComponent(roomId)}`);
  if (data.host === null || data.host === undefined) return null;
  if (typeof data.host !== 'string' || typeof data.token !== 'string') throw new ApiError('The server sent an unreadable room address');
  return { host: data.host, token: data.token, scheme: typeof data.scheme === 'string' ? data.scheme : null };
}

/** GET /api/fleet → {servers: [...], admin, ...}. Open to all; with the admin token the rooms carry their ids. */
export async function fleet(adminToken) {
  const headers = { Accept: 'application/json' };
  if (adminToken) headers.Authorization = `Bearer ${adminToken}`;
  let response;
  try {
    response = await fetch('/api/fleet', { headers, cache: 'no-store' });
  } catch {
    throw new ApiError(plainMessage(0));
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(plainMessage(response.status), response.status, null, data && typeof data.error === 'string' ? data.error : null);
  }
  if (!data || !Array.isArray(data.servers)) throw new ApiError('The server sent an unreadable fleet');
  return data;
}

/** GET /api/fleet/history → {intervalMs, windowMs, columns, servers: [{host, points: [[at, msg/s, p50 ms, p99 ms, connections, rooms]]}]}. */
export async function fleetHistory() {
  let response;
  try {
    response = await fetch('/api/fleet/history', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch {
    throw new ApiError(plainMessage(0));
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(plainMessage(response.status), response.status);
  if (!data || !Array.isArray(data.servers)) throw new ApiError('The server sent unreadable charts');
  return data;
}
