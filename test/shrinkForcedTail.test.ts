import test from 'ava';
import { findBuiltinModel } from '../models/index.js';
import { checkModel } from '../src/run/check.js';
import type { AnyProtocol, PropertyName } from '../src/shared/protocol.js';
import { findProfile, profileFor } from '../src/schedule/profiles.js';
import { shrinkTrace } from '../src/shrink/shrinkTrace.js';
import { synchronyProblem, timingPolicy } from '../src/shrink/timing.js';
import { replay } from '../src/trace/replay.js';

const model = (name: string): AnyProtocol => findBuiltinModel(name)!;

// Ring under `partition` is timed (no loss, delays within its bound): every heartbeat is forced on
// its interval and every message across the split dropped at its deadline. Its safety traces were
// 1-minimal at 48 and 62 events with the partition late in the run; with the partition straight
// after boot, on 2 nodes, both skip the other after one Ack timeout and lead term 1 (5 events).
for (const property of ['election-safety', 'single-leader'] as const) {
  test(`ring's ${property} under partition: the fault moved to the start, the rest as the promise forces, on 2 nodes`, (t) => {
    const protocol = model('ring');
    const spec = findProfile('partition')!;
    const profile = profileFor(spec, protocol, '');
    t.true(timingPolicy(profile, protocol).synchronous);
    const found = checkModel({ protocol, nodes: 3, profile: spec, properties: [property as PropertyName], seed: '1', runs: 2000 }).found!;
    const result = shrinkTrace(found.trace, protocol, { profile });
    t.true(result.lengthAfter <= 6, `${result.lengthBefore} -> ${result.lengthAfter}`);
    t.true(result.lengthAfter * 5 <= result.lengthBefore);
    const { steps, violation } = replay(result.trace, protocol);
    t.deepEqual(violation, result.trace.violation);
    const policy = timingPolicy(profile, protocol);
    for (let i = 1; i < steps.length; i++) t.is(synchronyProblem(policy, steps[i - 1].world, steps[i].event!), null, `step ${i}`);
  });
}
