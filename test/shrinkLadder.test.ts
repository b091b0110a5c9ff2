import test from 'ava';
import { findBuiltinModel } from '../models/index.js';
import { checkModel } from '../src/run/check.js';
import type { AnyProtocol, PropertyName } from '../src/shared/protocol.js';
import { findProfile, profileOfTrace } from '../src/schedule/profiles.js';
import { boundLadder } from '../src/shrink/shortest.js';
import { shrinkTrace } from '../src/shrink/shrinkTrace.js';
import { replay } from '../src/trace/replay.js';

const model = (name: string): AnyProtocol => findBuiltinModel(name)!;

test('the bound ladder goes from term 1 with no fault to the trace\'s own bounds, within them, none twice', (t) => {
  const own = { maxTerm: 3, maxMessages: 6, maxCrashes: 0, maxPartitions: 2, maxDrops: 12, maxDups: 1, maxDepth: 40 };
  const ladder = boundLadder(own);
  t.deepEqual(ladder, [
    { ...own, maxTerm: 1, maxPartitions: 0, maxDrops: 0, maxDups: 0 },
    { ...own, maxTerm: 2, maxPartitions: 1, maxDrops: 1, maxDups: 1 },
    own,
  ]);
  // A trace already within the tightest bounds is searched once.
  const tight = { ...own, maxTerm: 1, maxPartitions: 0, maxDrops: 0, maxDups: 0 };
  t.deepEqual(boundLadder(tight), [tight]);
});

// Ring's safety counterexamples under loss are 1-minimal at 10 to 14 events with two terms and a
// handful of drops: a neighbourhood the state budget cannot cover at the trace's own bounds, where
// the violation is 8 events from boot in term 1 with a drop or none (explore, clockless).
for (const [profile, property] of [['lossy', 'single-leader'], ['swarm', 'election-safety']] as const) {
  test(`beyond 1-minimal with tight bounds first: ring's ${property} under ${profile} shrinks to 8 events`, (t) => {
    const protocol = model('ring');
    const spec = findProfile(profile)!;
    const found = checkModel({ protocol, nodes: 3, profile: spec, properties: [property as PropertyName], seed: '1', runs: 2000 }).found!;
    const result = shrinkTrace(found.trace, protocol, { profile: profileOfTrace(found.trace, protocol) });
    t.true(result.lengthAfter <= 8, `${result.lengthBefore} -> ${result.lengthAfter}`);
    t.deepEqual(replay(result.trace, protocol).violation, result.trace.violation);
  });
}

// The searches are kept per thread (shortest.ts searchOf): a shrink that finds them made must give
// exactly what one that makes them gives, counted candidates and budget included, or the shrunk
// trace would depend on what the worker shrank before.
test('a shrink whose searches were made before in this thread gives the same result, byte for byte', (t) => {
  const protocol = model('ring');
  const found = checkModel({ protocol, nodes: 3, profile: findProfile('lossy')!, properties: ['single-leader'], seed: '7', runs: 2000 }).found!;
  const shrink = () => JSON.stringify(shrinkTrace(found.trace, protocol, { profile: profileOfTrace(found.trace, protocol) }));
  const first = shrink();
  t.is(shrink(), first);
  t.true(JSON.parse(first).lengthAfter < found.trace.events.length);
});
