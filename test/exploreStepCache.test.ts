import test from 'ava';
import spinRaft from '../bench/spin/raftElection.js';
import votedForVolatile from '../bench/spin/votedForVolatile.js';
import { bully } from '../models/bully/index.js';
import { raft, raftDoubleVote, raftVolatileVote } from '../models/raft/index.js';
import { ring } from '../models/ring/index.js';
import type { ExploreBounds } from '../src/explore/bounds.js';
import { explore } from '../src/explore/explore.js';
import type { AnyProtocol } from '../src/shared/protocol.js';
import { spinBounds } from './helpers/spinBounds.js';

const plain = (b: Partial<ExploreBounds>): ExploreBounds => ({ maxTerm: 2, maxMessages: 4, maxCrashes: 0, maxPartitions: 0, maxDrops: 0, maxDups: 0, maxDepth: Infinity, ...b });

// The step cache replays a step learnt once on codes alone; with it off every step goes through the
// kernel. Both must count the same states and transitions, and find the same shortest violation.
const cases: { protocol: AnyProtocol; nodes: number; bounds: ExploreBounds; symmetry: boolean }[] = [
  { protocol: raft, nodes: 3, bounds: plain({ maxTerm: 1, maxMessages: 3, maxCrashes: 1, maxDrops: 1, maxDups: 1 }), symmetry: true },
  { protocol: raft, nodes: 3, bounds: plain({ maxTerm: 1, maxMessages: 3, maxPartitions: 1 }), symmetry: false },
  { protocol: bully, nodes: 2, bounds: plain({ maxTerm: 2, maxMessages: 3, maxCrashes: 1 }), symmetry: false },
  { protocol: ring, nodes: 2, bounds: plain({ maxTerm: 2, maxMessages: 2, maxCrashes: 1, maxDrops: 1 }), symmetry: false },
  { protocol: spinRaft, nodes: 3, bounds: spinBounds(1, 3), symmetry: true },
  { protocol: raftVolatileVote, nodes: 3, bounds: plain({ maxCrashes: 1 }), symmetry: true },
  { protocol: raftDoubleVote, nodes: 3, bounds: plain({}), symmetry: true },
  { protocol: votedForVolatile, nodes: 3, bounds: spinBounds(2, 4), symmetry: false },
];

for (const { protocol, nodes, bounds, symmetry } of cases) {
  test(`the step cache changes no count: ${protocol.name}, ${JSON.stringify(bounds)}`, (t) => {
    const search = (stepCache: boolean) =>
      explore({ protocol, nodes, properties: protocol.name === 'bully' || protocol.name === 'ring' ? ['term-monotonic'] : ['election-safety', 'term-monotonic'], bounds, symmetry, stepCache });
    const on = search(true);
    const off = search(false);
    t.is(on.states, off.states);
    t.is(on.transitions, off.transitions);
    t.is(on.atBound, off.atBound);
    t.deepEqual(on.violation, off.violation);
  });
}

// A merge once made the packed loop unreachable (its guard read "resumes allowed", which is always
// true, as "pauses in play"): every count still held, and explore ran 3.8x slower. The cache must
// actually answer most steps when no pause is in the bounds, and none are offered under --max-pauses.
test('with the step cache on and no pauses, most steps are replayed rather than run through the model', (t) => {
  const on = explore({ protocol: spinRaft, nodes: 3, properties: ['election-safety', 'term-monotonic'], bounds: spinBounds(1, 4), symmetry: false });
  t.true(on.kernelSteps * 2 < on.transitions, `${on.kernelSteps} kernel steps for ${on.transitions} transitions`);
  const off = explore({ protocol: spinRaft, nodes: 3, properties: ['election-safety', 'term-monotonic'], bounds: spinBounds(1, 4), symmetry: false, stepCache: false });
  t.true(off.kernelSteps >= off.transitions);
});

// The fingerprint set's table is the search's one random memory access; two things answer most
// lookups before it (a sibling's successor, the recent cache). Counts alone would hold without them.
test('on the SPIN anchor most fingerprint lookups never reach the set\'s table', (t) => {
  const on = explore({ protocol: spinRaft, nodes: 3, properties: ['election-safety', 'term-monotonic'], bounds: spinBounds(1, 4), symmetry: false });
  t.true(on.siblingRepeats * 5 > on.transitions, `${on.siblingRepeats} sibling repeats for ${on.transitions} transitions`);
  t.true(on.recentHits * 5 > on.transitions, `${on.recentHits} recent-cache hits for ${on.transitions} transitions`);
  t.true(on.bytesPerState <= 16);
});

// The batched path (cachedSearch.ts expandKnown) resolves a state's successors in passes so the
// fingerprint set's misses overlap; the one-pass loop gives the same counts, so only its counters
// show it runs. It takes every state whose steps are all learnt (without symmetry).
test('on the SPIN anchor most states take the batched path, which prefetches the set\'s slots', (t) => {
  const on = explore({ protocol: spinRaft, nodes: 3, properties: ['election-safety', 'term-monotonic'], bounds: spinBounds(1, 4), symmetry: false });
  t.true(on.batchedStates! * 10 > on.states * 9, `${on.batchedStates} batched states of ${on.states}`);
  t.true(on.prefetched! > 0 && on.prefetched! <= on.transitions - on.siblingRepeats);
  const symmetric = explore({ protocol: spinRaft, nodes: 3, properties: ['election-safety', 'term-monotonic'], bounds: spinBounds(1, 4), symmetry: true });
  t.is(symmetric.batchedStates, 0);
});
