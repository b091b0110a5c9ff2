import test from 'ava';
import { ring, ringNoSkip } from '../models/ring/index.js';
import { raft } from '../models/raft/index.js';
import { DEFAULT_LIVENESS_BOUND_TICKS, livenessBoundTicks } from '../src/model/defaults.js';
import { checkModel } from '../src/run/check.js';
import { findProfile } from '../src/schedule/profiles.js';
import type { AnyProtocol } from '../src/shared/protocol.js';

// The ring's liveness bound grows with the ring (models/ring/index.ts): an election and its
// announcement walk every node, so a fixed bound was either too long for 3 nodes (its liveness
// counterexamples had to run 1,500 ticks of forced rounds) or too short for many.

test('a per-node bound adds up: fixed part plus so much a node; a fixed bound stays fixed; none gets the default', (t) => {
  t.is(livenessBoundTicks(ring, 3), 500);
  t.is(livenessBoundTicks(ring, 16), 1800);
  t.is(livenessBoundTicks(raft, 3), livenessBoundTicks(raft, 9));
  const bare = { ...raft, livenessBoundTicks: undefined } as AnyProtocol;
  t.is(livenessBoundTicks(bare, 5), DEFAULT_LIVENESS_BOUND_TICKS);
  // Only a per-node figure: the fixed part is 0 then, not the default 400.
  t.is(livenessBoundTicks({ ...bare, livenessBoundTicksPerNode: 30 } as AnyProtocol, 4), 120);
});

test('a run records the bound of its own cluster size, which its liveness verdict used', (t) => {
  const found = (nodes: number) =>
    checkModel({ protocol: ringNoSkip, nodes, profile: findProfile('crash')!, properties: ['liveness'], seed: '7', runs: 300 }).found;
  for (const nodes of [3, 5]) {
    const trace = found(nodes)!.trace;
    t.is(trace.stabilization?.boundTicks, 200 + 100 * nodes);
    t.true(trace.violation!.detail.endsWith(`${200 + 100 * nodes} ticks after faults stopped`) || trace.violation!.detail.includes('cycles'));
  }
});

// The largest ring the bound is claimed for: 16 nodes, under the profiles whose worst case was
// longest when it was measured (crash and chaos: 880 and 868 ticks of the 1,800 allowed).
for (const profile of ['reliable', 'synchronous', 'crash', 'chaos']) {
  test(`ring on 16 nodes elects the highest live node within its bound under ${profile}`, (t) => {
    const result = checkModel({ protocol: ring, nodes: 16, profile: findProfile(profile)!, properties: ['liveness', 'agreement'], seed: '1', runs: 40 });
    t.is(result.runsDone, 40);
    t.is(result.found?.trace.violation ?? null, null);
  });
}
