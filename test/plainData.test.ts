import test from 'ava';
import { PLAIN_DATA_DEPTH_MAX, plainDataProblem } from '../src/model/plainData.js';

// Plain data is what JSON holds and gives back the same (docs/design.md section 2): each kind that is
// not, named with the path to it.

class Ballot {
  constructor(readonly term: number) {}
}

const notPlain: [string, unknown, string][] = [
  ['a Map', { votes: new Map([[1, true]]) }, 'state.votes: a Map is not plain data'],
  ['a Set', { voters: new Set([1]) }, 'state.voters: a Set is not plain data'],
  ['a Date', { since: new Date(0) }, 'state.since: a Date is not plain data'],
  ['a BigInt', { term: 1n }, 'state.term: a BigInt is not plain data'],
  ['a function', { onTick: () => 1 }, 'state.onTick: a function is not plain data'],
  ['a symbol', { tag: Symbol('x') }, 'state.tag: a symbol is not plain data'],
  ['a class instance', { ballot: new Ballot(1) }, 'state.ballot: an instance of class Ballot is not plain data'],
  ['a typed array', { bytes: new Uint8Array(2) }, 'state.bytes: a Uint8Array is not plain data'],
  ['an Error', { last: new Error('x') }, 'state.last: an Error is not plain data'],
  ['an Array subclass', { log: new (class Log extends Array {})() }, 'state.log: an instance of class Log is not plain data'],
  ['NaN', { term: NaN }, 'state.term: NaN is not plain data (JSON makes it null)'],
  ['Infinity', { term: -Infinity }, 'state.term: -Infinity is not plain data (JSON makes it null)'],
  ['undefined in a list', { votes: [1, undefined] }, 'state.votes[1]: undefined in a list is not plain data (JSON makes it null)'],
  // eslint-disable-next-line no-sparse-arrays
  ['a hole in a list', { votes: [1, , 3] }, 'state.votes[1]: undefined in a list is not plain data (JSON makes it null)'],
  ['the value itself', new Map(), 'state: a Map is not plain data'],
  ['a function as the value', () => 1, 'state: a function is not plain data'],
];

for (const [what, value, problem] of notPlain) {
  test(`${what} is not plain data, named with its path`, (t) => {
    t.is(plainDataProblem(value, 'state'), problem);
  });
}

test('paths name array indices in brackets and quote keys that are not identifiers, on one line', (t) => {
  t.is(plainDataProblem({ log: [{ term: 1 }, { term: 2, voters: new Set() }] }, 'state'), 'state.log[1].voters: a Set is not plain data');
  t.is(plainDataProblem({ 'odd key': { 'two\nlines': new Map() } }, 'stored'), 'stored["odd key"]["two\\nlines"]: a Map is not plain data');
  t.is(plainDataProblem({ 1: { $ok: { _too: 1n } } }, 'send[0].msg'), 'send[0].msg["1"].$ok._too: a BigInt is not plain data');
  t.is(plainDataProblem({ ['k'.repeat(100)]: NaN }, 'state'), `state["${'k'.repeat(35)}..."]: NaN is not plain data (JSON makes it null)`);
});

test('a value that contains itself is a cycle, named where it closes and where it goes back to', (t) => {
  const state: Record<string, unknown> = { peers: [{ id: 1 }] };
  (state.peers as Record<string, unknown>[])[0].owner = state;
  t.is(plainDataProblem(state, 'state'), 'state.peers[0].owner: a cycle (back to state) is not plain data');
  const list: unknown[] = [1, 2];
  list.push({ inner: [list] });
  t.is(plainDataProblem({ list }, 'state'), 'state.list[2].inner[0]: a cycle (back to state.list) is not plain data');
});

test('one object in two places is not a cycle, and many shared references cost no more than one', (t) => {
  const shared = { term: 1 };
  t.is(plainDataProblem({ a: shared, b: shared, c: [shared, shared] }, 'state'), null);
  // 2^60 paths through 60 objects: each is walked once.
  let diamond: object = { leaf: true };
  for (let i = 0; i < 60; i++) diamond = { left: diamond, right: diamond };
  t.is(plainDataProblem(diamond, 'state'), null);
});

test('nesting deeper than the limit is not plain data, and neither it nor depth below it blows the stack', (t) => {
  const chain = (depth: number): object => {
    const root: Record<string, unknown> = {};
    let node = root;
    for (let i = 0; i < depth; i++) node = node.next = {} as Record<string, unknown>;
    return root;
  };
  t.is(plainDataProblem(chain(PLAIN_DATA_DEPTH_MAX), 'state'), null);
  const problem = plainDataProblem(chain(200_000), 'state');
  t.is(problem, `state.next.next.next.next.next.next[...${PLAIN_DATA_DEPTH_MAX + 1 - 12} more].next.next.next.next.next.next: nesting deeper than ${PLAIN_DATA_DEPTH_MAX} levels is not plain data`);
  const lists: unknown[] = [];
  let list = lists;
  for (let i = 0; i < 50_000; i++) list = (list[0] = []) as unknown[];
  t.regex(plainDataProblem({ lists }, 'state') ?? '', /^state\.lists\[0\]\[0\].*: nesting deeper than/);
});

test('of several problems, the first in reading order is reported', (t) => {
  t.is(plainDataProblem({ a: { b: [1, { c: new Map() }] }, d: 1n }, 'state'), 'state.a.b[1].c: a Map is not plain data');
  t.is(plainDataProblem([{ x: 1 }, NaN, new Set()], 'state'), 'state[1]: NaN is not plain data (JSON makes it null)');
});

test('plain data passes: objects, null-prototype objects, arrays, strings, finite numbers, booleans, null, undefined properties', (t) => {
  const log = Array.from({ length: 500 }, (_, i) => ({ term: i, command: `c${i}`, acks: [1, 2, 3], meta: { ok: i % 2 === 0, by: null } }));
  const deep = { raft: { log, votes: { 1: true, 2: false }, bare: Object.assign(Object.create(null), { x: 1 }), leader: undefined, '': -0 } };
  t.is(plainDataProblem(deep, 'state'), null);
  for (const value of [null, undefined, 0, -1.5, '', 'text', true, [], {}]) t.is(plainDataProblem(value, 'state'), null, String(value));
});
