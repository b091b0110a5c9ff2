import test from 'ava';
import fc from 'fast-check';
import { raft } from '../models/raft/index.js';
import { type DistinctStates, hex13, mergeDistinctStates, NO_STATES, STATE_SKETCH_SIZE, StateSketch } from '../src/coverage/distinctStates.js';
import { CoverageCollector, mergeCoverage, noCoverage, type ProtocolCoverage } from '../src/coverage/protocolCoverage.js';
import { propertiesNamed } from '../properties/index.js';
import { Monitor } from '../src/judge/monitor.js';
import { InputError } from '../src/shared/errors.js';
import { protocolCoverageLcovFiles } from '../src/report/coverageLcov.js';
import { parseProtocolCoverage, protocolCoverageJson } from '../src/report/protocolCoverageJson.js';
import { findProfile, profileFor } from '../src/schedule/profiles.js';
import { randomRun } from '../src/schedule/randomRun.js';
import { runSeed } from '../src/schedule/rng.js';
import { createSystem } from '../src/world/world.js';

const sketchOf = (states: readonly number[]): DistinctStates => {
  const sketch = new StateSketch();
  for (const s of states) sketch.add({ s });
  return sketch.result();
};

const keys = ['follower <- election', 'leader <- heartbeat', 'candidate -> leader', 'split vote'];
const counts = fc.dictionary(fc.constantFrom(...keys), fc.nat(1000));
const coverageArb: fc.Arbitrary<ProtocolCoverage> = fc
  .record({ events: fc.nat(10_000), inputs: counts, transitions: counts, marks: counts, states: fc.array(fc.nat(3000), { maxLength: 1500 }) })
  .map((r) => ({ model: 'raft', ...r, inputs: sortedRecord(r.inputs), transitions: sortedRecord(r.transitions), marks: sortedRecord(r.marks), states: sketchOf(r.states) }));

function sortedRecord(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
}

test('mergeCoverage is commutative, associative, has the empty coverage as identity, and serializes byte-identically', (t) => {
  fc.assert(
    fc.property(coverageArb, coverageArb, coverageArb, (a, b, c) => {
      const json = (x: ProtocolCoverage) => protocolCoverageJson([x]);
      return (
        json(mergeCoverage(a, b)) === json(mergeCoverage(b, a)) &&
        json(mergeCoverage(mergeCoverage(a, b), c)) === json(mergeCoverage(a, mergeCoverage(b, c))) &&
        json(mergeCoverage(noCoverage('raft'), a)) === json(a)
      );
    }),
    { numRuns: 40 },
  );
  t.pass();
});

test('the sketch of two merged sets of states is the sketch of their union, exact below its size and estimated above', (t) => {
  fc.assert(
    fc.property(fc.array(fc.nat(3000), { maxLength: 1500 }), fc.array(fc.nat(3000), { maxLength: 1500 }), (a, b) => {
      const merged = mergeDistinctStates(sketchOf(a), sketchOf(b));
      const whole = sketchOf([...a, ...b]);
      const distinct = new Set([...a, ...b]).size;
      return JSON.stringify(merged) === JSON.stringify(whole) && (distinct < STATE_SKETCH_SIZE ? merged.exact && merged.count === distinct : !merged.exact);
    }),
    { numRuns: 30 },
  );
  t.deepEqual(mergeDistinctStates(NO_STATES, NO_STATES), NO_STATES);
});

test('sketches not in the form a collector writes (a hand-edited file: unsorted, repeated) still merge as their sorted union', (t) => {
  const a = sketchOf([1, 2, 3, 4]);
  const b = sketchOf([3, 4, 5]);
  const shuffled: DistinctStates = { ...a, sketch: [...a.sketch].reverse().concat(a.sketch[0]) };
  t.deepEqual(mergeDistinctStates(shuffled, b), mergeDistinctStates(a, b));
  t.deepEqual(mergeDistinctStates(b, shuffled), sketchOf([1, 2, 3, 4, 5]));
});

test('a sketch hash is written as its 13 hex digits, as toString(16) padded writes it', (t) => {
  fc.assert(
    fc.property(fc.nat({ max: 2 ** 26 - 1 }), fc.nat({ max: 2 ** 26 - 1 }), (high, low) => {
      const h = high * 2 ** 26 + low;
      return hex13(h) === h.toString(16).padStart(13, '0');
    }),
    { numRuns: 2000 },
  );
  for (const h of [0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 52 - 1]) t.is(hex13(h), h.toString(16).padStart(13, '0'));
});

test('above its size the sketch estimates the distinct count within 10% and keeps at most its size of hashes', (t) => {
  const many = Array.from({ length: 50_000 }, (_, i) => i % 20_000);
  const estimate = sketchOf(many);
  t.false(estimate.exact);
  t.is(estimate.sketch.length, STATE_SKETCH_SIZE);
  t.true(Math.abs(estimate.count - 20_000) < 2000, `estimated ${estimate.count} for 20000`);
});

test('a full sketch keeps the same hashes whatever order the states came in (the smallest, not the first)', (t) => {
  const states = Array.from({ length: 6000 }, (_, i) => i);
  const reversed = [...states].reverse();
  const interleaved = states.map((_, i) => (i % 2 === 0 ? i / 2 : 5999 - (i - 1) / 2));
  const once = sketchOf(states);
  t.false(once.exact);
  t.deepEqual(sketchOf(reversed), once);
  t.deepEqual(sketchOf(interleaved), once);
  // The sketch of a full set is its merge with nothing: the k smallest of every hash, sorted.
  t.deepEqual(mergeDistinctStates(once, NO_STATES), once);
});

test('coverage of runs 0-9 equals the merged coverage of runs 0-4 and 5-9 (how workers and shards combine)', (t) => {
  const system = createSystem(raft, 3);
  const spec = findProfile('chaos')!;
  const collect = (runs: readonly number[]): ProtocolCoverage => {
    const coverage = new CoverageCollector(raft);
    for (const run of runs) {
      const seed = runSeed('merge', run);
      const monitor = new Monitor(propertiesNamed(['election-safety']), raft.livenessBoundTicks ?? 400);
      randomRun({ system, profile: profileFor(spec, raft, seed), monitor, seed, onStep: coverage.onStep });
    }
    return coverage.result();
  };
  const whole = collect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const merged = mergeCoverage(collect([5, 6, 7, 8, 9]), collect([0, 1, 2, 3, 4]));
  t.is(protocolCoverageJson([merged]), protocolCoverageJson([whole]));
  t.true(whole.events > 0);
});

test('mergeCoverage refuses to mix models', (t) => {
  t.throws(() => mergeCoverage(noCoverage('raft'), noCoverage('bully')), { message: /cannot merge coverage of raft with coverage of bully/ });
});

test('protocol.json reads back to the same coverage, and a malformed one is an InputError', (t) => {
  const coverage = new CoverageCollector(raft).result();
  const json = protocolCoverageJson([coverage, noCoverage('bully')]);
  t.is(protocolCoverageJson(parseProtocolCoverage(json, 'p.json')), json);
  t.throws(() => parseProtocolCoverage('{"format": "nope"}', 'p.json'), { instanceOf: InputError, message: /^p\.json: format: must be "leadercheck\/protocol-coverage@1", got "nope"$/ });
  t.throws(() => parseProtocolCoverage('{', 'p.json'), { instanceOf: InputError, message: /not valid JSON/ });
  const broken = json.replace('"events": 0', '"events": "many"');
  t.throws(() => parseProtocolCoverage(broken, 'p.json'), { instanceOf: InputError, message: /^p\.json: models\.bully\.events: must be an integer, got "many"$/ });
  const renamed = json.replace('"model": "bully"', '"model": "ring"');
  t.throws(() => parseProtocolCoverage(renamed, 'p.json'), { instanceOf: InputError, message: /^p\.json: models\.bully\.model: must be "bully", its key, got "ring"$/ });
});

test('the lcov records give each listed line of a model its hit count', (t) => {
  const coverage: ProtocolCoverage = { ...noCoverage('raft/volatile-vote'), inputs: { 'follower <- election': 3, 'leader <- election': 0 }, marks: { 'split vote': 1 } };
  const files = new Map(protocolCoverageLcovFiles([coverage]));
  const listing = files.get('protocol/raft/volatile-vote.txt')!.split('\n');
  t.is(listing[1], 'input follower <- election');
  t.is(listing[3], 'mark split vote');
  const lcov = files.get('protocol.lcov')!;
  t.regex(lcov, /^TN:raft_volatile_vote\nSF:protocol\/raft\/volatile-vote.txt\n/);
  t.regex(lcov, /\nDA:2,3\nDA:3,0\nDA:4,1\nLF:3\nLH:2\nend_of_record\n$/);
  t.regex(lcov, /\nFNDA:0,input leader <- election\n/);
});
