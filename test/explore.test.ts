import test from 'ava';
import { bully } from '../models/bully/index.js';
import { raft, raftDoubleVote, raftMajorityOffByOne, raftVolatileVote } from '../models/raft/index.js';
import { ring } from '../models/ring/index.js';
import type { ExploreBounds } from '../src/explore/bounds.js';
import { explore, type ExploreOptions } from '../src/explore/explore.js';
import { traceOfExplore } from '../src/explore/traceOfExplore.js';
import type { AnyProtocol } from '../src/shared/protocol.js';
import { decodeTrace } from '../src/trace/decode.js';
import { encodeTrace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';

const SAFETY = ['election-safety', 'term-monotonic'] as const;

function bounds(overrides: Partial<ExploreBounds>): ExploreBounds {
  return { maxTerm: 2, maxMessages: 6, maxCrashes: 0, maxPartitions: 0, maxDrops: 0, maxDups: 0, maxDepth: Infinity, ...overrides };
}

function run(protocol: AnyProtocol, nodes: number, b: Partial<ExploreBounds>, more: Partial<ExploreOptions> = {}) {
  return explore({ protocol, nodes, properties: SAFETY, bounds: bounds(b), symmetry: true, ...more });
}

// The shortest counterexamples, known by hand (see the README's Exhaustive search section).
const mutants = [
  { protocol: raftVolatileVote, nodes: 3, bounds: { maxCrashes: 1 }, shortest: 8 },
  { protocol: raftDoubleVote, nodes: 3, bounds: {}, shortest: 6 },
  { protocol: raftMajorityOffByOne, nodes: 4, bounds: { maxMessages: 8 }, shortest: 6 },
];

for (const mutant of mutants) {
  test(`explore finds ${mutant.protocol.name}'s violation with a shortest counterexample that replay reproduces`, (t) => {
    const result = run(mutant.protocol, mutant.nodes, mutant.bounds);
    t.not(result.violation, null);
    const v = result.violation!;
    t.is(v.property, 'election-safety');
    t.is(v.events.length, mutant.shortest);
    t.is(v.step, mutant.shortest);
    t.false(result.complete);
    const trace = traceOfExplore(mutant.protocol, mutant.nodes, undefined, result);
    const replayed = replay(decodeTrace(encodeTrace(trace), 'explore'), mutant.protocol);
    t.deepEqual(replayed.violation, trace.violation);
  });

  test(`without symmetry ${mutant.protocol.name}'s shortest counterexample has the same length`, (t) => {
    const result = run(mutant.protocol, mutant.nodes, mutant.bounds, { symmetry: false });
    t.is(result.violation?.events.length, mutant.shortest);
  });
}

test('depth-first search finds the violation too, with a counterexample no shorter', (t) => {
  const result = run(raftDoubleVote, 3, {}, { dfs: true });
  t.not(result.violation, null);
  t.true(result.violation!.events.length >= 6);
  const trace = traceOfExplore(raftDoubleVote, 3, undefined, result);
  t.deepEqual(replay(trace, raftDoubleVote).violation, trace.violation);
});

test('real Raft, 3 nodes, max term 2, 1 crash, 3 in flight: complete, no violation (pinned counts)', (t) => {
  const reduced = run(raft, 3, { maxCrashes: 1, maxMessages: 3 });
  const full = run(raft, 3, { maxCrashes: 1, maxMessages: 3 }, { symmetry: false });
  for (const result of [reduced, full]) {
    t.true(result.complete);
    t.is(result.violation, null);
    t.deepEqual(result.properties, [...SAFETY]);
  }
  t.true(reduced.symmetry);
  t.false(full.symmetry);
  // Regression guards, as stateright pins 16_668: any change to the semantics or Raft shows here.
  t.is(full.states, 43_580);
  t.is(reduced.states, 7_287);
  // Nearly every state has 3! = 6 distinct images under renaming.
  t.true(full.states / reduced.states > 5.9 && full.states / reduced.states <= 6);
});

test('pinned counts for small configurations', (t) => {
  const count = (protocol: AnyProtocol, nodes: number, b: Partial<ExploreBounds>, symmetry = true) =>
    run(protocol, nodes, b, { symmetry }).states;
  t.is(count(raft, 3, { maxTerm: 1, maxMessages: 3 }, false), 1_480);
  t.is(count(raft, 3, { maxTerm: 1, maxMessages: 3 }), 250);
  t.is(count(raft, 2, { maxTerm: 2, maxMessages: 2, maxCrashes: 1 }), PINNED.twoNodesCrash);
  t.is(count(raft, 3, { maxTerm: 1, maxMessages: 2, maxPartitions: 1 }), PINNED.partition);
  t.is(count(raft, 3, { maxTerm: 1, maxMessages: 2, maxDrops: 1, maxDups: 1 }), PINNED.dropDup);
});

test('a mutant whose bug needs a crash behaves as Raft without one: same state count', (t) => {
  const b = { maxTerm: 2, maxMessages: 3 };
  t.is(run(raftVolatileVote, 3, b).states, run(raft, 3, b).states);
});

test('fault budgets count: more budget, more states, and every search completes', (t) => {
  const none = run(raft, 3, { maxTerm: 1, maxMessages: 2 });
  const drops = run(raft, 3, { maxTerm: 1, maxMessages: 2, maxDrops: 1 });
  const partitions = run(raft, 3, { maxTerm: 1, maxMessages: 2, maxPartitions: 1 });
  t.true(drops.states > none.states);
  t.true(partitions.states > none.states);
  t.true(none.complete && drops.complete && partitions.complete);
});

test('--max-depth bounds the depth reached; --max-states stops the search incomplete', (t) => {
  const shallow = run(raft, 3, { maxDepth: 4 });
  t.is(shallow.depth, 4);
  t.true(shallow.complete);
  const stopped = run(raft, 3, { maxCrashes: 1, maxMessages: 3 }, { maxStates: 500 });
  t.false(stopped.complete);
  t.is(stopped.stoppedBy, 'max-states');
  t.is(stopped.states, 500);
});

test('the fingerprint set stays within 16 bytes per stored state', (t) => {
  const result = run(raft, 3, { maxCrashes: 1, maxMessages: 3 }, { symmetry: false });
  t.true(result.bytesPerState <= 16, `${result.bytesPerState} bytes per state`);
  // What the codes refer to is a small table beside the set, not a cost per state.
  t.true(result.internedParts > 0 && result.internedParts * 20 < result.states, `${result.internedParts} parts`);
});

// Breadth-first levels keep states as part codes and rebuild worlds from them; depth-first keeps
// the real worlds. Equal counts with every kind of fault say the rebuilt worlds behave the same.
test('breadth-first (rebuilt worlds) and depth-first (real worlds) visit the same states', (t) => {
  const faults = { maxTerm: 1, maxMessages: 2, maxCrashes: 1, maxPartitions: 1, maxDrops: 1, maxDups: 1 };
  const bfs = run(raft, 3, faults, { symmetry: false });
  const dfs = run(raft, 3, faults, { symmetry: false, dfs: true });
  t.true(bfs.complete && dfs.complete);
  t.is(bfs.states, dfs.states);
  const ringBounds = { maxTerm: 1, maxMessages: 3 };
  t.is(run(ring, 3, ringBounds, { properties: ['term-monotonic'] }).states, run(ring, 3, ringBounds, { properties: ['term-monotonic'], dfs: true }).states);
});

// A state on the depth limit is never expanded whatever its term or messages: breadth-first never
// looks at it, so depth-first must not count it at a bound either.
test('under --max-depth, breadth-first and depth-first count the same states at a bound', (t) => {
  const b = { maxTerm: 1, maxMessages: 3, maxDepth: 8 };
  const bfs = run(raft, 3, b, { symmetry: false });
  const dfs = run(raft, 3, b, { symmetry: false, dfs: true });
  t.true(bfs.complete && dfs.complete);
  t.is(dfs.states, bfs.states);
  t.true(bfs.atBound > 0);
  t.is(dfs.atBound, bfs.atBound);
});

// One node with timers a and b: state k=2 is one event from boot (b) and two (a, a); from it, a
// lowers the term. Depth-first tries a first, so it meets k=2 on the depth limit before it meets it
// one event from boot, and must expand it again then, or it misses the violation at depth 2.
const arm = [
  { name: 'a', after: 1 },
  { name: 'b', after: 1 },
];
const shortcut: AnyProtocol = {
  name: 'shortcut',
  summary: 'a state reached on a long path before a short one',
  defaultConfig: {},
  promises: ['term-monotonic'],
  init: () => ({ state: { k: 0, term: 1 }, timers: arm }),
  step: (s: { k: number; term: number }, input) => {
    if (input.kind !== 'timer') return { state: s };
    if (input.name === 'b') return { state: s.k === 0 ? { k: 2, term: 1 } : s, timers: arm };
    return { state: s.k < 2 ? { k: s.k + 1, term: 1 } : s.k === 2 ? { k: 3, term: 0 } : s, timers: arm };
  },
  stored: () => null,
  recover: () => ({ state: { k: 0, term: 1 }, timers: arm }),
  view: (s: { term: number }) => ({ role: 'follower', term: s.term, leader: null }),
};

test('depth-first under --max-depth expands a state again when a shorter path reaches it', (t) => {
  const options = { properties: ['term-monotonic'] as const, symmetry: false };
  const bfs = run(shortcut, 1, { maxDepth: 2 }, options);
  const dfs = run(shortcut, 1, { maxDepth: 2 }, { ...options, dfs: true });
  t.is(bfs.violation?.events.length, 2);
  t.is(dfs.violation?.events.length, 2, 'b then a lowers the term within two events');
  t.false(dfs.complete);
  // Over real models too: the same states as breadth-first within every bound, --max-depth included.
  const ringBounds = { maxTerm: 2, maxMessages: 3, maxCrashes: 1, maxDepth: 6 };
  const ringOptions = { properties: ['term-monotonic'] as const };
  t.is(run(ring, 3, ringBounds, { ...ringOptions, dfs: true }).states, run(ring, 3, ringBounds, ringOptions).states);
});

test('pinned counts for Bully and Ring (ids ordered: never reduced by symmetry)', (t) => {
  const count = (protocol: AnyProtocol, nodes: number, b: Partial<ExploreBounds>) => {
    const result = run(protocol, nodes, b, { properties: ['term-monotonic'] });
    t.true(result.complete);
    t.false(result.symmetry);
    return result.states;
  };
  t.is(count(bully, 2, { maxTerm: 2, maxMessages: 3, maxCrashes: 1 }), 1_932);
  t.is(count(bully, 3, { maxTerm: 1, maxMessages: 5 }), 27_903);
  t.is(count(ring, 2, { maxTerm: 2, maxMessages: 2, maxCrashes: 1 }), 2_139);
  t.is(count(ring, 3, { maxTerm: 1, maxMessages: 3 }), 11_199);
});

// Bully's single leader rests on timeouts longer than any message delay (its
// synchronousDelayTicksMax). explore has no clock, so it also tries a timeout firing before the
// reply it waits for: the promise fails at once, as it would under a delay past that bound. Ring
// fails with one lost message, as the catalog says it does under lossy.
test('explore finds Bully and Ring need their assumptions (timely, lossless); the traces replay', (t) => {
  const bullyEarly = run(bully, 3, { maxTerm: 1, maxMessages: 5 }, { properties: ['single-leader'] });
  t.is(bullyEarly.violation?.property, 'single-leader');
  t.is(bullyEarly.violation?.events.length, 1);
  t.is(bullyEarly.violation?.events[0].kind, 'timer');
  const ringLoss = run(ring, 3, { maxTerm: 1, maxMessages: 3, maxDrops: 1 }, { properties: ['single-leader'] });
  t.is(ringLoss.violation?.property, 'single-leader');
  t.true(ringLoss.violation!.events.some((e) => e.kind === 'drop'));
  const twoNodeRing = run(ring, 2, { maxTerm: 2, maxMessages: 2, maxCrashes: 1 }, { properties: ['single-leader', 'election-safety'] });
  t.true(twoNodeRing.complete, 'two nodes in a ring stay safe even with a crash');
  for (const [protocol, result] of [
    [bully, bullyEarly],
    [ring, ringLoss],
  ] as const) {
    const trace = traceOfExplore(protocol, 3, undefined, result);
    t.deepEqual(replay(decodeTrace(encodeTrace(trace), 'explore'), protocol).violation, trace.violation);
  }
});

const PINNED = { twoNodesCrash: 1_352, partition: 54, dropDup: 293 };
