import test from 'ava';
import { livenessMonitor, pinger } from './helpers/pinger.js';
import { randomRun } from '../src/schedule/randomRun.js';
import { scriptedOnlyProfile } from '../src/schedule/profiles.js';
import { createSystem } from '../src/world/world.js';


test('pinger elects once messages keep the stable delay', (t) => {
  const run = randomRun({
    system: createSystem(pinger, 2),
    // No faults of any kind: only the delays and the length of the fault phase differ.
    profile: { ...scriptedOnlyProfile, name: 'stable', delayTicks: [1, 1], faultPhaseTicks: 0 },
    monitor: livenessMonitor(),
    seed: '1',
  });
  t.is(run.violation, null);
  t.true(run.monitorState.liveSatisfied);
});

// The ping sent just before faults stop keeps its fault-phase delay (6 ticks) and misses node 1's
// 3-tick window; every ping after it arrives in 1 tick and is answered in time. The world one tick
// period later matches the one at stabilization, but the cycle between holds a 6-tick delivery,
// which the stabilization phase (delays of at most 1) never repeats: no lasso, a leader instead.
test('a cycle through a message sent before faults stopped is no lasso: its delay need not repeat', (t) => {
  const run = randomRun({
    system: createSystem(pinger, 2),
    profile: { ...scriptedOnlyProfile, name: 'slow-then-stable', delayTicks: [6, 6], faultPhaseTicks: 11 },
    monitor: livenessMonitor(),
    seed: '1',
  });
  t.is(run.stabilization?.step, 1);
  t.is(run.violation, null, run.violation?.detail);
  t.true(run.monitorState.liveSatisfied);
});
