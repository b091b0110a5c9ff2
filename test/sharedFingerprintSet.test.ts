import test from 'ava';
import { SharedFingerprintSet } from '../src/explore/SharedFingerprintSet.js';

test('a state is inserted once, at its level, with the least parent key of that level', (t) => {
  const set = new SharedFingerprintSet(SharedFingerprintSet.allocate(64));
  set.level = 1;
  set.parentKey = 9;
  t.true(set.add(5, 6));
  t.is(set.inserts, 1);
  set.parentKey = 4;
  t.false(set.add(5, 6), 'seen');
  set.parentKey = 7;
  t.false(set.add(5, 6));
  t.is(set.lowered, 1, 'lowered to 4, never raised to 7');
  const slot = set.slotOf(5, 6);
  t.is(set.levelAt(slot), 1);
  t.is(set.parentKeyAt(slot), 4);
  set.level = 2;
  set.parentKey = 1;
  t.false(set.add(5, 6));
  t.is(set.parentKeyAt(slot), 4, 'a parent at a later level is no parent');
  t.true(set.lastNewHere === false);
  t.deepEqual(Array.from(set.won.subarray(0, 2)), [5, 6], 'the worker keeps what it inserted');
});

test('the fingerprint (0, 0) is a fingerprint like any other (the tag marks an empty slot), and the table grows without losing a word', (t) => {
  const set = new SharedFingerprintSet(SharedFingerprintSet.allocate(16));
  set.level = 3;
  set.parentKey = 0x80000001;
  t.true(set.add(0, 0));
  t.true(set.add(0, 1));
  t.true(set.add(0xffffffff, 7));
  t.false(set.add(0, 0));
  const old = set.words;
  const cap = set.capacity;
  set.attach(SharedFingerprintSet.allocate(40));
  set.rehash(old, 0, cap);
  t.is(set.capacity, 40);
  for (const [h, l] of [[0, 0], [0, 1], [0xffffffff, 7]]) {
    const slot = set.slotOf(h, l);
    t.true(slot >= 0);
    t.is(set.levelAt(slot), 3);
    t.is(set.parentKeyAt(slot), 0x80000001);
  }
  t.is(set.slotOf(1, 1), -1);
});

test('withKey lists the states of a level whose key is given, least first, also when keys are shortened', (t) => {
  const set = new SharedFingerprintSet(SharedFingerprintSet.allocate(256), 28);
  set.level = 1;
  for (const high of [0x10000005, 0x1fffffff, 0x10000001, 0x20000000]) set.add(high, 1);
  set.level = 2;
  set.add(0x10000002, 1);
  t.deepEqual(set.withKey(1, 1), [[0x10000001, 1], [0x10000005, 1], [0x1fffffff, 1]]);
  t.deepEqual(set.withKey(2, 1), [[0x10000002, 1]]);
  t.deepEqual(set.withKey(1, 3), []);
});
