import test from 'ava';
import { builtinModels } from '../models/index.js';
import { propertiesNamed } from '../properties/index.js';
import { EachPropertyRun } from '../src/judge/eachPropertyRun.js';
import { PerPropertyMonitor } from '../src/judge/perPropertyMonitor.js';
import { livenessBoundTicks } from '../src/model/defaults.js';
import { profileFor, profileNamed } from '../src/schedule/profiles.js';
import { randomRun } from '../src/schedule/randomRun.js';
import { runSeed } from '../src/schedule/rng.js';
import { PROFILE_NAMES } from '../src/shared/profile.js';
import { PROPERTY_NAMES, type PropertyName } from '../src/shared/protocol.js';
import { createSystem } from '../src/world/world.js';

/**
 * The in-place judge of catalog cells gives the verdicts of one immutable Monitor per property
 * (PerPropertyMonitor), which the rest of the checker (replay, shrink, the explorer) judges with:
 * a difference would be a counterexample that does not replay alone. Every built-in model, every
 * profile, every property, and a subset (a later epoch of a cell checks only what is still open).
 */
const SUBSET: PropertyName[] = ['liveness', 'agreement', 'no-disruption'];

for (const properties of [[...PROPERTY_NAMES], SUBSET]) {
  test(`EachPropertyRun judges each run as PerPropertyMonitor does (${properties.length} properties)`, (t) => {
    let violations = 0;
    for (const protocol of builtinModels) {
      const nodes = 3;
      const system = createSystem(protocol, nodes);
      const bound = livenessBoundTicks(protocol, nodes);
      const reference = new PerPropertyMonitor(propertiesNamed(properties), bound);
      const inPlace = new EachPropertyRun(propertiesNamed(properties), bound);
      for (const name of PROFILE_NAMES) {
        for (let run = 0; run < 2; run++) {
          const seed = runSeed('each', run);
          const profile = profileFor(profileNamed(name), protocol, seed);
          const a = randomRun({ system, profile, monitor: reference, seed });
          const b = randomRun({ system, profile, monitor: inPlace, seed });
          const where = `${protocol.name} ${name} run ${run}`;
          t.is(b.events.length, a.events.length, where);
          const expected = reference.violations(a.monitorState);
          t.deepEqual(inPlace.violations(b.monitorState), expected, where);
          t.deepEqual(
            { violation: b.monitorState.violation, stableSince: b.monitorState.stableSince, liveSatisfied: b.monitorState.liveSatisfied },
            { violation: a.monitorState.violation, stableSince: a.monitorState.stableSince, liveSatisfied: a.monitorState.liveSatisfied },
            where,
          );
          violations += expected.filter((v) => v !== null).length;
        }
      }
    }
    // The comparison means something only if runs violate properties, liveness included.
    t.true(violations > 20, `${violations} violations compared`);
  });
}

test('EachPropertyRun refuses the verdicts of a run it no longer holds', (t) => {
  const protocol = builtinModels[0];
  const system = createSystem(protocol, 3);
  const judge = new EachPropertyRun(propertiesNamed([...PROPERTY_NAMES]), livenessBoundTicks(protocol, 3));
  const profile = profileFor(profileNamed('chaos'), protocol, 'a');
  const first = randomRun({ system, profile, monitor: judge, seed: 'a' });
  randomRun({ system, profile, monitor: judge, seed: 'b' });
  t.throws(() => judge.violations(first.monitorState), { message: /one run at a time/ });
});
