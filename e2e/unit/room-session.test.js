// RoomSession on its own: sends, acknowledgements, resends after a welcome, and refusals matched to
// the right message even when an error overtakes the acknowledgements of earlier sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RoomSession } from '../../client/room-session.js';

/** A session whose connection records what is sent; `server` pushes frames into it. */
function session(me = 'alice') {
  const sent = [];
  const notices = [];
  let callbacks;
  let open = false;
  const connection = {
    start() {}, stop() {}, retryNow() {}, host: 'h:1',
    send(frame) { if (!open) return false; sent.push(frame); return true; },
  };
  const room = new RoomSession('r1', me, (what, text) => { if (what === 'notice') notices.push(text); },
    { createConnection: (id, cb) => { callbacks = cb; return connection; } });
  const server = {
    welcome(frame, resumed = false) { open = true; callbacks.onWelcome({ type: 'welcome', users: [me], messages: [], recovered: resumed, ...frame }, resumed); },
    drop() { open = false; },
    frame(frame) { callbacks.onFrame(frame); },
    ack(id, frame) { callbacks.onFrame({ type: 'message', id, userId: me, text: frame.text, ts: '2026-11-27T12:00:00.000Z', cid: frame.cid }); },
  };
  return { room, server, sent, notices };
}

const shown = room => room.lines().map(l => `${l.text}${l.state ? `(${l.state})` : ''}`);

test('a message is sent with a cid, shown as sending, and confirmed by its acknowledgement', () => {
  const { room, server, sent } = session();
  server.welcome({});
  assert.equal(room.send('hello  \n'), true);
  assert.deepEqual(sent.map(f => [f.type, f.text]), [['send', 'hello']]);
  assert.deepEqual(shown(room), ['hello(sending)']);
  server.ack(1, sent[0]);
  assert.deepEqual(shown(room), ['hello']);
  assert.equal(room.send('   '), false, 'blank text is not sent');
  assert.equal(sent.length, 1);
});

test('what is typed while disconnected is sent after the next welcome, once', () => {
  const { room, server, sent } = session();
  server.welcome({});
  server.drop();
  room.send('typed offline');
  assert.equal(sent.length, 0);
  server.welcome({ messages: [] }, true);
  assert.deepEqual(sent.map(f => f.text), ['typed offline']);
  server.ack(1, sent[0]);
  server.welcome({ messages: [{ id: 1, userId: 'alice', text: 'typed offline', ts: 'x', cid: sent[0].cid }] }, true);
  assert.equal(sent.length, 1, 'an acknowledged message is not sent again');
  assert.deepEqual(shown(room), ['typed offline']);
});

test('an unacknowledged message is resent with the same cid, and the welcome that holds it confirms it', () => {
  const { room, server, sent } = session();
  server.welcome({});
  room.send('maybe stored');
  server.drop();
  server.welcome({ messages: [] }, true);
  assert.equal(sent.length, 2);
  assert.equal(sent[1].cid, sent[0].cid);
  server.ack(7, sent[1]);
  assert.deepEqual(shown(room), ['maybe stored']);
});

test('an error that overtakes earlier acknowledgements marks the refused message, not an earlier one', () => {
  const { room, server, sent, notices } = session();
  server.welcome({});
  room.send('one');
  room.send('two');
  room.send('three');
  // The server refused "three" at once; "one" and "two" are acknowledged after the error.
  server.frame({ type: 'error', code: 'rate_limited', message: 'too many messages; slow down' });
  assert.deepEqual(notices, ['Slow down: you are sending messages too fast.']);
  assert.deepEqual(shown(room), ['one(sending)', 'two(sending)', 'three(sending)'], 'not matched while earlier sends are unanswered');
  server.ack(1, sent[0]);
  server.ack(2, sent[1]);
  assert.deepEqual(shown(room), ['one', 'two', 'three(failed)']);
  assert.equal(room.lines()[2].reason, 'Not sent: slow down');

  room.retry(room.lines()[2].cid);
  assert.equal(sent[3].cid, sent[2].cid, 'a retry keeps the cid');
  server.ack(3, sent[3]);
  assert.deepEqual(shown(room), ['one', 'two', 'three']);
});

test('an error that names its cid marks that message at once', () => {
  const { room, server, sent } = session();
  server.welcome({});
  room.send('one');
  room.send('two');
  server.frame({ type: 'error', code: 'rate_limited', message: 'x', cid: sent[0].cid });
  assert.deepEqual(shown(room), ['one(failed)', 'two(sending)']);
});

test('presence: join and leave update the users and add quiet lines, not for oneself', () => {
  const { room, server } = session();
  server.welcome({ users: ['alice', 'bob'] });
  server.frame({ type: 'join', userId: 'carol' });
  server.frame({ type: 'join', userId: 'carol' });
  server.frame({ type: 'leave', userId: 'bob' });
  assert.deepEqual(room.users, ['alice', 'carol']);
  assert.deepEqual(shown(room), ['carol joined', 'bob left']);
  server.frame({ type: 'something-new' });
  assert.deepEqual(shown(room), ['carol joined', 'bob left']);
});

test('Retry all sends every refused message again in typed order; Discard all drops them', () => {
  const { room, server, sent } = session();
  server.welcome({});
  for (const text of ['one', 'two', 'three']) room.send(text);
  for (let i = 0; i < 3; i++) server.frame({ type: 'error', code: 'rate_limited', message: 'too many messages; slow down' });
  assert.deepEqual(shown(room), ['one(failed)', 'two(failed)', 'three(failed)']);
  assert.equal(room.failedCount, 3);
  room.retryAll();
  assert.deepEqual(sent.slice(3).map(f => f.text), ['one', 'two', 'three'], 'sent again, in order');
  assert.deepEqual(sent.slice(3).map(f => f.cid), sent.slice(0, 3).map(f => f.cid), 'under the same cids');
  assert.equal(room.failedCount, 0);
  assert.deepEqual(shown(room), ['one(sending)', 'two(sending)', 'three(sending)']);

  const other = session('bob');
  other.server.welcome({});
  for (const text of ['a', 'b']) other.room.send(text);
  for (let i = 0; i < 2; i++) other.server.frame({ type: 'error', code: 'rate_limited', message: 'x' });
  assert.equal(other.room.failedCount, 2);
  other.room.discardAll();
  assert.equal(other.room.failedCount, 0);
  assert.deepEqual(shown(other.room), []);
});

test('older pages are asked for before the oldest message shown, one at a time, and go in front', () => {
  const { room, server, sent } = session();
  const message = id => ({ type: 'message', id, userId: 'bob', text: `m${id}`, ts: '2026-11-27T12:00:00.000Z' });
  server.welcome({ messages: [201, 202, 203].map(message) });
  assert.equal(room.hasOlder, true);
  assert.equal(room.loadOlder(), true);
  assert.deepEqual(sent.at(-1), { type: 'history', before: 201, limit: 100 });
  assert.equal(room.loadOlder(), false, 'one request at a time');
  assert.equal(room.loadingOlder, true);
  server.frame({ type: 'error', code: 'rate_limited', message: 'x' }); // a send's error is not the history's
  assert.equal(room.loadingOlder, true);
  server.frame({ type: 'history', before: 201, messages: [199, 200].map(message), more: false });
  assert.deepEqual(shown(room), ['m199', 'm200', 'm201', 'm202', 'm203']);
  assert.equal(room.hasOlder, false, 'the server said nothing is older');
  assert.equal(room.loadOlder(), false);
});

test('a refused history request waits, is not taken for a send refusal, and a stale answer is ignored', () => {
  const { room, server, sent } = session();
  const message = id => ({ type: 'message', id, userId: 'bob', text: `m${id}`, ts: '2026-11-27T12:00:00.000Z' });
  server.welcome({ messages: [50].map(message) });
  room.send('mine');
  room.loadOlder();
  server.frame({ type: 'error', code: 'busy', message: 'x', request: 'history' });
  assert.equal(room.loadingOlder, false);
  assert.deepEqual(shown(room), ['m50', 'mine(sending)'], 'the pending send is not marked failed');
  assert.equal(room.loadOlder(), false, 'not again at once');
  server.welcome({ messages: [50].map(message) }, true);
  server.frame({ type: 'history', before: 50, messages: [49].map(message), more: true });
  assert.deepEqual(shown(room).slice(0, 1), ['m50'], 'no request was out: the answer is dropped');
  assert.equal(sent.filter(f => f.type === 'history').length, 1);
});
