/**
 * The fault phase is asynchronous: a timer or a message may be late there. Ring under swarm, run
 * 256 (no-disruption), shrank to 70 events while the stabilization phase's promise counted what
 * the fault phase left overdue as already broken when faults stopped: every candidate that
 * stopped faults after a shorter fault phase was rejected, so the partition that matters stayed
 * after a second election round. Now what is overdue as faults stop is due then (timing.ts).
 */
import test from 'ava';
import { findBuiltinModel } from '../models/index.js';
import { checkModel } from '../src/run/check.js';
import { profileFor, profileNamed } from '../src/schedule/profiles.js';
import { runSeed } from '../src/schedule/rng.js';
import { shrinkTrace } from '../src/shrink/shrinkTrace.js';
import { stablePhaseProblem, timingPolicy } from '../src/shrink/timing.js';
import { replay } from '../src/trace/replay.js';

test('ring/swarm run 256: the no-disruption counterexample shrinks to a short fault phase that keeps the promise once faults stop', (t) => {
  const protocol = findBuiltinModel('ring')!;
  const spec = profileNamed('swarm');
  const found = checkModel({ protocol, nodes: 3, profile: spec, seed: '1', properties: ['no-disruption'], runs: 1, firstRun: 256, strategy: { name: 'random' } }).found;
  t.truthy(found, 'run 256 violates no-disruption');
  const profile = profileFor(spec, protocol, runSeed('1', 256));
  const shrunk = shrinkTrace(found!.trace, protocol, { profile });
  t.is(shrunk.skipped, null);
  // 70 events before; 21 now.
  t.true(shrunk.lengthAfter <= 30, `${shrunk.lengthAfter} events`);
  const { steps, violation } = replay(shrunk.trace, protocol);
  t.is(violation?.property, 'no-disruption');
  t.is(violation?.step, shrunk.trace.violation!.step);
  const stable = shrunk.trace.stabilization!.step;
  const { nextMessageId, now } = steps[stable].world;
  const policy = timingPolicy(profile, protocol, shrunk.trace.clockRates);
  for (let i = stable; i < shrunk.trace.events.length; i++) {
    t.is(stablePhaseProblem(policy, steps[i].world, steps[i + 1].event!, nextMessageId, now), null, `event ${i}`);
  }
});
