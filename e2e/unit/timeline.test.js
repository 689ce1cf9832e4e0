// The client's message bookkeeping, run in Node: no duplicates, acknowledgements in place, gaps replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Timeline } from '../../client/timeline.js';

const msg = (id, userId, text, cid) => ({ type: 'message', id, userId, text, ts: '2026-11-27T12:00:00.000Z', ...(cid ? { cid } : {}) });
const texts = timeline => timeline.lines().map(l => (l.kind === 'system' ? `[${l.text}]` : `${l.userId}:${l.text}${l.kind === 'pending' ? `(${l.state})` : ''}`));

test('a first welcome shows its messages in id order and remembers the last id', () => {
  const t = new Timeline('alice');
  assert.equal(t.applyWelcome({ messages: [msg(2, 'bob', 'b'), msg(1, 'alice', 'a')], recovered: true }, false), 'replaced');
  assert.deepEqual(texts(t), ['alice:a', 'bob:b']);
  assert.equal(t.lastId, 2);
});

test('a message seen twice is shown once', () => {
  const t = new Timeline('alice');
  t.applyWelcome({ messages: [msg(1, 'bob', 'x')] }, false);
  assert.equal(t.applyMessage(msg(1, 'bob', 'x')), false);
  assert.equal(t.applyMessage(msg(2, 'bob', 'y')), true);
  assert.equal(t.applyMessage(msg(2, 'bob', 'y')), false);
  assert.deepEqual(texts(t), ['bob:x', 'bob:y']);
});

test('an own message is pending until its acknowledgement, and keeps its key', () => {
  const t = new Timeline('alice', { cidPrefix: 'p' });
  t.applyWelcome({ messages: [] }, false);
  const line = t.addPending('hello');
  assert.equal(line.cid, 'p-1');
  assert.deepEqual(texts(t), ['alice:hello(sending)']);
  assert.deepEqual(t.unsent().map(l => l.cid), ['p-1']);
  t.applyMessage(msg(1, 'bob', 'meanwhile'));
  assert.deepEqual(texts(t), ['bob:meanwhile', 'alice:hello(sending)']);
  t.applyMessage(msg(2, 'alice', 'hello', 'p-1'));
  assert.deepEqual(texts(t), ['bob:meanwhile', 'alice:hello']);
  assert.equal(t.lines()[1].key, line.key);
  assert.deepEqual(t.unsent(), []);
});

test('a resumed welcome merges, acknowledges pending messages it contains, and drops what was seen', () => {
  const t = new Timeline('alice', { cidPrefix: 'p' });
  t.applyWelcome({ messages: [msg(1, 'bob', 'one')] }, false);
  t.addPending('stored before the drop');
  t.addPending('typed during the outage');
  const outcome = t.applyWelcome({ messages: [msg(1, 'bob', 'one'), msg(2, 'alice', 'stored before the drop', 'p-1'), msg(3, 'bob', 'missed')], recovered: true }, true);
  assert.equal(outcome, 'merged');
  assert.deepEqual(texts(t), ['bob:one', 'alice:stored before the drop', 'bob:missed', 'alice:typed during the outage(sending)']);
  assert.deepEqual(t.unsent().map(l => l.cid), ['p-2']);
  // the resend's acknowledgement, and then a late duplicate of it
  t.applyMessage(msg(4, 'alice', 'typed during the outage', 'p-2'));
  t.applyMessage(msg(4, 'alice', 'typed during the outage', 'p-2'));
  assert.deepEqual(texts(t), ['bob:one', 'alice:stored before the drop', 'bob:missed', 'alice:typed during the outage']);
});

test('recovered:false replaces the list and says so', () => {
  const t = new Timeline('alice');
  t.applyWelcome({ messages: [msg(1, 'bob', 'old')] }, false);
  assert.equal(t.applyWelcome({ messages: [msg(500, 'bob', 'new')], recovered: false }, true), 'gap');
  assert.equal(texts(t).length, 2);
  assert.match(texts(t)[0], /^\[/);
  assert.equal(texts(t)[1], 'bob:new');
  assert.equal(t.lastId, 500);
});

test('failed messages stay visible, can be retried under the same cid, or discarded', () => {
  const t = new Timeline('alice', { cidPrefix: 'p' });
  t.addPending('a');
  t.addPending('b');
  assert.equal(t.markFailed('p-1', 'Not sent: slow down'), true);
  assert.deepEqual(t.unsent().map(l => l.cid), ['p-2']);
  assert.equal(t.lines()[0].state, 'failed');
  const again = t.retry('p-1');
  assert.equal(again.cid, 'p-1');
  assert.deepEqual(t.unsent().map(l => l.cid), ['p-2', 'p-1']);
  assert.equal(t.discard('p-2'), true);
  assert.deepEqual(t.unsent().map(l => l.cid), ['p-1']);
});

test('the list keeps at most its limit of lines and never brings trimmed messages back', () => {
  const t = new Timeline('alice', { limit: 3 });
  for (let id = 1; id <= 5; id++) t.applyMessage(msg(id, 'bob', String(id)));
  assert.deepEqual(texts(t), ['bob:3', 'bob:4', 'bob:5']);
  assert.equal(t.applyMessage(msg(1, 'bob', '1')), false);
  assert.deepEqual(texts(t), ['bob:3', 'bob:4', 'bob:5']);
});

test('a late message with a smaller id is placed by id', () => {
  const t = new Timeline('alice');
  t.applyMessage(msg(1, 'bob', '1'));
  t.applyMessage(msg(3, 'bob', '3'));
  t.applyMessage(msg(2, 'bob', '2'));
  assert.deepEqual(texts(t), ['bob:1', 'bob:2', 'bob:3']);
});

test('frames that are not messages are ignored', () => {
  const t = new Timeline('alice');
  assert.equal(t.applyMessage({ id: 'x', userId: 'bob', text: 'no' }), false);
  assert.equal(t.applyMessage({ id: 1, userId: 'bob' }), false);
  assert.deepEqual(t.lines(), []);
});

test('a page of older messages goes in front, keeps what is shown, and never duplicates', async () => {
  const { Timeline } = await import('../../client/timeline.js');
  const timeline = new Timeline('alice', { limit: 3 });
  const message = id => ({ id, userId: 'bob', text: `m${id}`, ts: '2026-11-27T12:00:00.000Z' });
  timeline.applyWelcome({ messages: [10, 11, 12].map(message) }, false);
  assert.equal(timeline.oldestId, 10);
  assert.equal(timeline.prependOlder([7, 8, 9, 10, 'junk'].map(id => (typeof id === 'number' ? message(id) : id)), true), 3);
  assert.deepEqual(timeline.lines().map(l => l.id), [7, 8, 9, 10, 11, 12], 'the asked-for page is not trimmed away');
  assert.equal(timeline.hasOlder, true);
  timeline.applyMessage(message(13));
  assert.deepEqual(timeline.lines().map(l => l.id), [8, 9, 10, 11, 12, 13], 'a new message still trims the oldest one');
  timeline.prependOlder([message(7)], true);
  assert.deepEqual(timeline.lines().map(l => l.id).slice(0, 2), [7, 8], 'a trimmed message can be paged back in');
  timeline.prependOlder([message(1)], false);
  assert.equal(timeline.hasOlder, false);
  assert.equal(timeline.lastId, 13);
});
