/**
 * A shrunk trace stops faults where the run the shrinker judged stopped them. Ring under chaos,
 * run 347 (no-disruption): a swap moved a stable event before the stabilization step and left a
 * fault-phase one after it, the step written was counted from the labels (17) while the judged run
 * had stopped faults at 16, and the counterexample `check --all` wrote did not replay.
 */
import test from 'ava';
import { findBuiltinModel } from '../models/index.js';
import { checkModel } from '../src/run/check.js';
import { profileFor, profileNamed } from '../src/schedule/profiles.js';
import { runSeed } from '../src/schedule/rng.js';
import { shrinkTrace } from '../src/shrink/shrinkTrace.js';
import { replay } from '../src/trace/replay.js';

test('ring/chaos run 347: the shrunk no-disruption counterexample replays its violation at its step', (t) => {
  const protocol = findBuiltinModel('ring')!;
  const spec = profileNamed('chaos');
  const found = checkModel({ protocol, nodes: 3, profile: spec, seed: '1', properties: ['no-disruption'], runs: 1, firstRun: 347, strategy: { name: 'random' } }).found;
  t.truthy(found, 'run 347 violates no-disruption');
  const shrunk = shrinkTrace(found!.trace, protocol, { profile: profileFor(spec, protocol, runSeed('1', 347)) });
  t.is(shrunk.skipped, null, 'shrunk, not kept as found');
  t.true(shrunk.lengthAfter < shrunk.lengthBefore);
  const again = replay(shrunk.trace, protocol).violation;
  t.is(again?.property, 'no-disruption');
  t.is(again?.step, shrunk.trace.violation!.step);
});
