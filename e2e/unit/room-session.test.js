// RoomSession on its own: sends, acknowledgements, resends after a welcome, and refusals matched to
// the right message even when an error overtakes the acknowledgements of earlier sends.
import { test, mock } from 'node:test';
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
    get isOpen() { return open; },
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

test('an error that overtakes earlier acknowledgements marks the refused message, not an earlier one', t => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
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
  t.mock.timers.tick(1000); // after "slow down" the client waits for its allowance to refill
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

test('Retry all sends every refused message again in typed order; Discard all drops them', t => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const { room, server, sent } = session();
  server.welcome({});
  for (const text of ['one', 'two', 'three']) room.send(text);
  for (let i = 0; i < 3; i++) server.frame({ type: 'error', code: 'rate_limited', message: 'too many messages; slow down' });
  assert.deepEqual(shown(room), ['one(failed)', 'two(failed)', 'three(failed)']);
  assert.equal(room.failedCount, 3);
  room.retryAll();
  for (let i = 0; i < 4; i++) t.mock.timers.tick(1000); // paced, one at a time: the server said "slow down"
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

test('own messages are paced under the allowance of the welcome, in order, and typing hints only use what is spare', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  try {
    const { room, server, sent } = session();
    server.welcome({ sendRatePerSecond: 10, sendBurst: 5 }); // paced at 9 a second, 3 at once
    for (let i = 1; i <= 7; i++) room.send(`m${i}`);
    assert.deepEqual(sent.map(f => f.text), ['m1', 'm2', 'm3'], 'the burst goes at once');
    assert.deepEqual(shown(room).slice(3), ['m4(sending)', 'm5(sending)', 'm6(sending)', 'm7(sending)'], 'the rest wait, shown as sending');
    room.typing();
    assert.equal(sent.filter(f => f.type === 'typing').length, 0, 'no hint while messages wait');
    mock.timers.tick(120);
    assert.deepEqual(sent.map(f => f.text), ['m1', 'm2', 'm3', 'm4']);
    room.discard(sent[0].cid); // not failed: discard does nothing to a sending line
    mock.timers.tick(400);
    assert.deepEqual(sent.map(f => f.text), ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'], 'all sent, in the order typed');
    mock.timers.tick(1000);
    room.typing();
    assert.equal(sent.filter(f => f.type === 'typing').length, 1, 'a hint when the allowance has room');
  } finally {
    mock.timers.reset();
  }
});

test('a rate_limited answer slows the pace, and a reconnect sends what waited through the pacer again', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 2_000_000 });
  try {
    const { room, server, sent } = session();
    server.welcome({ sendRatePerSecond: 1, sendBurst: 4 }); // 0.9 a second, 2 at once
    room.send('a');
    server.frame({ type: 'error', code: 'rate_limited', message: 'slow down' }); // a's answer: refused
    assert.deepEqual(shown(room), ['a(failed)']);
    room.send('b');
    assert.deepEqual(sent.map(f => f.text), ['a'], 'b waits: the server said slow down');
    server.drop();
    room.send('c');
    mock.timers.tick(5000);
    assert.deepEqual(sent.map(f => f.text), ['a'], 'nothing goes while disconnected');
    server.welcome({ sendRatePerSecond: 1, sendBurst: 4 }, true);
    assert.deepEqual(sent.map(f => f.text), ['a', 'b'], 'after the welcome, one at a time while slowed down');
    mock.timers.tick(1200);
    assert.deepEqual(sent.map(f => f.text), ['a', 'b', 'c']);
  } finally {
    mock.timers.reset();
  }
});

test('notices are plain words chosen by code, never the server text', () => {
  const { room, server, notices } = session();
  server.welcome({});
  room.send('x');
  server.frame({ type: 'error', code: 'something_new', message: 'java.lang.IllegalStateException: queue full' });
  server.frame({ type: 'error', code: 'storage_failed', message: 'room r1: log write failed: No space left on device' });
  assert.deepEqual(notices, ['The chat server refused a message.', 'The chat server could not save a message. Retry it in a moment.']);
});
