// Small pure helpers of the client: backoff, room ids from links, token claims, sendable text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconnectDelay, retryPlan } from '../../client/backoff.js';
import { RECONNECT_ATTEMPTS, BACKEND_DOWN_RETRY_MAX_MS, BACKEND_DOWN_PATIENCE_MS } from '../../client/config.js';
import { roomIdFrom } from '../../client/views/lobby.js';
import { decodeClaims } from '../../client/auth.js';
import { sendableText } from '../../client/room-session.js';
import { linkParts } from '../../client/links.js';
import { withDaySeparators } from '../../client/time.js';

test('reconnect delays double up to the cap, with jitter in the upper half of each step', () => {
  const low = n => reconnectDelay(n, { baseMs: 100, maxMs: 1000, random: () => 0 });
  const high = n => reconnectDelay(n, { baseMs: 100, maxMs: 1000, random: () => 0.999999 });
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(low), [50, 100, 200, 400, 500, 500]);
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(high), [100, 200, 400, 800, 1000, 1000]);
});

test('while the backend is unreachable an open room retries at least every second, and keeps at it for minutes', () => {
  const slowest = { random: () => 0.999999, everWelcomed: true };
  const away = retryPlan({ ...slowest, attempt: 30, backendDownForMs: 60_000 });
  assert.equal(away.giveUp, false, 'past RECONNECT_ATTEMPTS, still patient');
  assert.ok(30 > RECONNECT_ATTEMPTS);
  assert.ok(away.delayMs <= BACKEND_DOWN_RETRY_MAX_MS, `${away.delayMs} ms`);
  assert.equal(retryPlan({ ...slowest, attempt: 30, backendDownForMs: BACKEND_DOWN_PATIENCE_MS }).giveUp, true);
  // Other failures (a server that answers 503, a closed socket) back off further and give up after the attempts.
  assert.ok(retryPlan({ ...slowest, attempt: 8, backendDownForMs: null }).delayMs > BACKEND_DOWN_RETRY_MAX_MS);
  assert.equal(retryPlan({ ...slowest, attempt: RECONNECT_ATTEMPTS, backendDownForMs: null }).giveUp, true);
  // A page that never got in shows its error soon, backend or not; Retry-After is honoured.
  assert.equal(retryPlan({ ...slowest, everWelcomed: false, attempt: 4, backendDownForMs: 1000 }).giveUp, true);
  assert.equal(retryPlan({ ...slowest, attempt: 1, retryAfterSeconds: 5, backendDownForMs: null }).delayMs, 5000);
  assert.equal(retryPlan({ ...slowest, attempt: 1, retryable: false }).giveUp, true);
});

test('a room id can be typed bare or pasted as a link', () => {
  assert.equal(roomIdFrom('  abc_D-9 '), 'abc_D-9');
  assert.equal(roomIdFrom('http://localhost:8080/room/k3x9'), 'k3x9');
  assert.equal(roomIdFrom('/room/k3x9/'), 'k3x9');
  assert.equal(roomIdFrom('https://chat.example/room/k3x9?x=1#top'), 'k3x9');
  assert.equal(roomIdFrom('no spaces'), null);
  assert.equal(roomIdFrom('<script>'), null);
  assert.equal(roomIdFrom('x'.repeat(65)), null);
});

test('token claims are read from a standard JWT, including non-ASCII user ids', () => {
  const payload = Buffer.from(JSON.stringify({ userId: 'zoë 🦊', exp: 4102444800 })).toString('base64url');
  assert.deepEqual(decodeClaims(`e30.${payload}.sig`), { userId: 'zoë 🦊', exp: 4102444800 });
  assert.equal(decodeClaims('garbage'), null);
  assert.equal(decodeClaims(`e30.${Buffer.from('{"sub":1}').toString('base64url')}.s`), null);
});

test('text is sent with trailing whitespace trimmed, and only within 1..1000 characters', () => {
  assert.equal(sendableText('  hi  \n\n'), '  hi');
  assert.equal(sendableText(' \n\t'), null);
  assert.equal(sendableText('x'.repeat(1000) + '   '), 'x'.repeat(1000));
  assert.equal(sendableText('x'.repeat(1001)), null);
});

test('the length counts code points, as the server does', () => {
  const fox = '🦊'; // two UTF-16 units, one code point
  assert.equal(sendableText(fox.repeat(1000)), fox.repeat(1000));
  assert.equal(sendableText(fox.repeat(1001)), null);
});

test('http(s) addresses become link parts; trailing punctuation and everything else stay text', () => {
  assert.deepEqual(linkParts('see https://example.com/a?b=1&c=2#d, then http://x.org.'), [
    { text: 'see ' }, { url: 'https://example.com/a?b=1&c=2#d' }, { text: ', then ' }, { url: 'http://x.org' }, { text: '.' },
  ]);
  assert.deepEqual(linkParts('(https://example.com/x)'), [{ text: '(' }, { url: 'https://example.com/x' }, { text: ')' }]);
  for (const plain of ['javascript:alert(1)', 'ftp://example.com', 'https://', '<a href="https://x.org">x</a> is text too']) {
    assert.ok(linkParts(plain).every(part => part.url === undefined || part.url === 'https://x.org'), plain);
  }
  assert.deepEqual(linkParts('<a href="https://x.org">x</a>').slice(0, 3),
    [{ text: '<a href="' }, { url: 'https://x.org' }, { text: '">x</a>' }], 'quotes end an address');
  assert.deepEqual(linkParts(''), []);
  assert.deepEqual(linkParts('no links here'), [{ text: 'no links here' }]);
});

test('a day separator comes before the first message of each local day', () => {
  const now = new Date(2026, 11, 3, 15, 0);
  const at = (d, h) => new Date(2026, 11, d, h, 30).toISOString();
  const lines = [
    { kind: 'message', key: 'm:1', ts: at(1, 9) }, { kind: 'message', key: 'm:2', ts: at(1, 23) },
    { kind: 'system', key: 's:1' }, { kind: 'message', key: 'm:3', ts: at(2, 8) },
    { kind: 'message', key: 'm:4', ts: at(3, 10) }, { kind: 'pending', key: 'c:x' },
  ];
  const out = withDaySeparators(lines, now);
  assert.deepEqual(out.map(l => l.key), ['day:2026-12-01', 'm:1', 'm:2', 's:1', 'day:2026-12-02', 'm:3', 'day:2026-12-03', 'm:4', 'c:x']);
  assert.equal(out[4].text, 'Yesterday');
  assert.equal(out[6].text, 'Today');
  assert.ok(out[0].text.includes('2026'), out[0].text);
  assert.deepEqual(withDaySeparators([], now), []);
});

test('the send pacer keeps under the announced allowance, halves its pace after a refusal, and recovers', async () => {
  const { SendPacer } = await import('../../client/send-pacer.js');
  const pacer = new SendPacer(0);
  pacer.configure(10, 5, 0); // 9 a second, 3 at once
  assert.deepEqual([pacer.take(0), pacer.take(0), pacer.take(0), pacer.take(0)], [true, true, true, false]);
  assert.equal(pacer.msUntilNext(0), 112);
  assert.equal(pacer.take(112), true);
  pacer.slowDown(200);
  assert.equal(pacer.slowed, true);
  assert.equal(pacer.msUntilNext(200), 223, 'half the pace: 4.5 a second');
  assert.equal(pacer.take(5000), true);
  assert.equal(pacer.take(5000), false, 'one at a time while slowed down');
  assert.equal(pacer.take(10_300), true);
  assert.equal(pacer.slowed, false, 'back to the announced pace once no refusal came for 10 s');
  assert.equal(pacer.take(10_300), true, 'and its bursts');
});

test('a failed API call is described by its kind, not by the backend text', async () => {
  const { plainMessage } = await import('../../client/api.js');
  assert.equal(plainMessage(429), 'Too many requests from you just now');
  assert.equal(plainMessage(503), 'No chat server can take this just now');
  assert.equal(plainMessage(0), 'The chat service cannot be reached');
  assert.equal(plainMessage(502), 'The chat service cannot be reached');
  assert.equal(plainMessage(500), 'The chat service ran into a problem');
  assert.match(plainMessage(400, '/api/login'), /Names are 1 to 32 characters/);
});
