import test from 'ava';
import { fileURLToPath } from 'node:url';
import termVolatile from '../bench/spin/termVolatile.js';
import votedForVolatile from '../bench/spin/votedForVolatile.js';
import spinRaft from '../bench/spin/raftElection.js';
import { spinBounds } from '../bench/spinBench.js';
import { raft, raftDoubleVote, raftVolatileVote } from '../models/raft/index.js';
import type { ExploreBounds } from '../src/explore/bounds.js';
import { explore, type ExploreOptions, type ExploreResult } from '../src/explore/explore.js';
import { exploreParallel, type ParallelTuning } from '../src/explore/parallel/parallelExplore.js';
import { rebalancePlan } from '../src/explore/parallel/rebalance.js';
import type { AnyProtocol } from '../src/shared/protocol.js';

const spinFile = (name: string) => fileURLToPath(new URL(`../bench/spin/${name}.js`, import.meta.url));

function bounds(overrides: Partial<ExploreBounds>): ExploreBounds {
  return { maxTerm: 2, maxMessages: 6, maxCrashes: 0, maxPartitions: 0, maxDrops: 0, maxDups: 0, maxDepth: Infinity, ...overrides };
}

function options(protocol: AnyProtocol, b: ExploreBounds, modelFile?: string): ExploreOptions {
  return { protocol, nodes: 3, properties: ['election-safety', 'term-monotonic'], bounds: b, symmetry: false, ...(modelFile === undefined ? {} : { modelFile }) };
}

function parallel(o: ExploreOptions, workers: number, tuning: ParallelTuning = {}): ExploreResult {
  const outcome = exploreParallel(o, workers, tuning);
  if ('fallback' in outcome) throw new Error(`fell back: ${outcome.fallback}`);
  return outcome.result;
}

/** What must not depend on the number of workers or on the run: counts, verdict, the counterexample event for event. */
const outcome = (r: ExploreResult) =>
  JSON.stringify({ states: r.states, transitions: r.transitions, depth: r.depth, atBound: r.atBound, complete: r.complete, levels: r.parallel?.levels, violation: r.violation });

const anchor = options(spinRaft, spinBounds(1, 4), spinFile('raftElection'));

test('the shared fingerprint set is the path taken: every state inserted there once, parents lowered, few states sent', (t) => {
  for (const workers of [2, 3]) {
    const r = parallel(anchor, workers);
    const p = r.parallel!;
    t.is(r.states, 56393, "SPIN's count");
    t.is(p.sharedInserts, r.states, `${workers} workers: each state inserted once, by the worker that reached it first`);
    t.true(p.parentsLowered > 0, 'a state reached from a lesser parent after it was inserted had its parent key lowered');
    t.true(p.sentStates < r.states / 10, `only states evening out the levels travel (${p.sentStates} of ${r.states})`);
    t.is(r.bytesPerState, (16 * p.tableSlots) / r.states, 'one table of 16-byte slots for all workers');
  }
});

const mutants: [string, ExploreOptions][] = [
  ['raft/volatile-vote', options(raftVolatileVote, bounds({ maxCrashes: 1 }))],
  ['SPIN mutant votedFor volatile', options(votedForVolatile, spinBounds(2, 4), spinFile('votedForVolatile'))],
  ['SPIN mutant term volatile', options(termVolatile, spinBounds(2, 4), spinFile('termVolatile'))],
];

for (const [name, o] of mutants) {
  test(`byte-identical results on 2 and 3 workers over repeated runs, whichever worker won each race: ${name}`, (t) => {
    const first = outcome(parallel(o, 1));
    t.not(JSON.parse(first).violation, null);
    for (const workers of [2, 2, 3, 3]) t.is(outcome(parallel(o, workers)), first, `${workers} workers`);
  });
}

test('byte-identical counts over repeated runs of a complete search on 2 and 3 workers', (t) => {
  const first = outcome(parallel(anchor, 2));
  for (const workers of [2, 3, 3]) t.is(outcome(parallel(anchor, workers)), first);
});

test('parents whose keys tie are told apart by a replay, and the counterexample stays the one of full keys', (t) => {
  for (const o of [options(raftDoubleVote, bounds({})), mutants[0][1]]) {
    const full = outcome(parallel(o, 2));
    // Keys of 12 and 6 bits: most states of a level share their key with others.
    for (const keyShift of [20, 26]) t.is(outcome(parallel(o, 2, { keyShift })), full, `key shift ${keyShift}`);
  }
});

test('a table too small grows at level barriers, and one that may not grow falls back to one thread', (t) => {
  const o = options(raft, bounds({ maxTerm: 1, maxMessages: 3, maxCrashes: 1, maxDrops: 1 }));
  const plain = explore(o);
  const grown = parallel(o, 2, { capacity: 8 });
  t.true(grown.parallel!.tableGrowths > 3);
  t.is(grown.states, plain.states);
  t.is(grown.transitions, plain.transitions);
  const full = exploreParallel(o, 2, { capacity: 4096, growth: false });
  t.deepEqual(full, { fallback: 'the shared fingerprint table filled within a level' });
});

test('rebalancing: small or even levels stay; an uneven level is brought to equal shares', (t) => {
  t.deepEqual(rebalancePlan([300, 0]), [], 'a small level stays');
  t.deepEqual(rebalancePlan([1010, 1000]), [], 'within the tolerance');
  t.deepEqual(rebalancePlan([5000, 0]), [{ from: 0, to: 1, count: 2500 }]);
  t.deepEqual(rebalancePlan([9001, 0, 0]), [
    { from: 0, to: 1, count: 3000 },
    { from: 0, to: 2, count: 3000 },
  ]);
  t.deepEqual(rebalancePlan([100, 4000, 1900]), [
    { from: 1, to: 0, count: 1900 },
    { from: 1, to: 2, count: 100 },
  ]);
  t.deepEqual(rebalancePlan([1, 1]), []);
});
