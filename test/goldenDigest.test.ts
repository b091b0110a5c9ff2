import test from 'ava';
import { createHash } from 'node:crypto';
import { builtinModels } from '../models/index.js';
import { allProperties, propertiesNamed } from '../properties/index.js';
import { Monitor } from '../src/judge/monitor.js';
import { runChunk } from '../src/run/chunkTask.js';
import { profileFor, profiles } from '../src/schedule/profiles.js';
import { randomRun } from '../src/schedule/randomRun.js';
import { runSeed } from '../src/schedule/rng.js';
import { PROPERTY_NAMES } from '../src/shared/protocol.js';
import { encodeTrace } from '../src/trace/format.js';
import { createSystem } from '../src/world/world.js';

/**
 * Golden digests: what the random strategy produces for a sample of runs of every built-in model
 * under every profile, hashed and pinned. Computed on main before the simulation's hot path was
 * made faster (branch simspeed), so a speed-up that changed one event, one world, one verdict or
 * one coverage count anywhere fails here. Three things are hashed per model:
 * - every world of a run (its JSON after each event), with the events, verdict and clock rates,
 *   under a Monitor over every property (liveness and agreement decide when a run ends);
 * - a catalog cell's chunk (`each` mode: one verdict per property, coverage on), traces encoded;
 * - a plain check's chunk (`first` mode over the model's promises, coverage off).
 * If a change is meant to change runs, recompute with GOLDEN_PRINT=1 and say why in the commit.
 */
const GOLDEN: Record<string, string> = {
  raft: '41651320a7603ac87b3831c3092a667e',
  'raft/prevote': '4a3c4b3ba5d2943ef6d118cf8395a475',
  bully: '60ff2377e26dd6395cd4efd84ebbb731',
  ring: '46a4618ac69292624ba4091ab0ddd24d',
  lease: 'cd970318016cb6a8dfe6a07c7a6973f2',
  zookeeper: '229c18d3a4954bdb7d8477e0f30d62d5',
  'raft/volatile-vote': '3bd9bdd7f6886f611779e8bc3c26d7a2',
  'raft/double-vote': '263e818bf091d688f75f9113ef082198',
  'raft/majority-off-by-one': '80f0b819bc571956bc1ba9bf800c9a41',
  'bully/no-reelection': '3e3f825a4c7dbcd1f5d7ec7136ab7b9e',
  'ring/no-skip': 'e8cfb5f2a042d4bb28f42e78addedf5e',
  'lease/no-fencing': '25f3c7d3ec92963659d5671e727c5816',
  'lease/trust-local-clock': '71969f129b4f2c7987f20f7aa03aefca',
  'zookeeper/ignore-session-expiry': '16ca8727cad96834e38e21d3cbd4114b',
};

const sha = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

function digestOf(protocol: (typeof builtinModels)[number]): string {
  const hash = createHash('sha256');
  profiles.forEach((profile, p) => {
    // 3 and 5 nodes alternate over the profiles: odd and even quorums, small and middling worlds.
    const nodes = p % 2 === 0 ? 3 : 5;
    const system = createSystem(protocol, nodes);
    const monitor = new Monitor(allProperties, 400);
    for (const run of [0, 1]) {
      const seed = runSeed(`golden/${protocol.name}/${profile.name}`, run);
      const worlds = createHash('sha256');
      const r = randomRun({ system, profile: profileFor(profile, protocol, seed), monitor, seed, onStep: (o) => worlds.update(JSON.stringify(o.world)) });
      hash.update(sha(JSON.stringify([r.events, r.violation, r.stabilization, r.cutOff, r.clockRates, r.world])));
      hash.update(worlds.digest('hex'));
    }
    const base = { kind: 'chunk' as const, model: protocol.name, nodes, profile: profile.name, seed: 'golden', firstRun: 0, runs: 3 };
    const each = runChunk({ ...base, mode: 'each', properties: [...PROPERTY_NAMES] }, protocol);
    hash.update(sha(chunkJson(each)));
    const first = runChunk({ ...base, mode: 'first', properties: [...protocol.promises] }, protocol, { coverage: false });
    hash.update(sha(chunkJson(first)));
  });
  return hash.digest('hex').slice(0, 32);
}

/** A chunk's result with its traces in their file encoding (what `check` writes). */
function chunkJson(result: ReturnType<typeof runChunk>): string {
  const found = Object.entries(result.found).map(([name, f]) => [name, f!.run, f!.violation, encodeTrace(f!.trace)]);
  const modelError = result.modelError === null ? null : { ...result.modelError, trace: encodeTrace(result.modelError.trace) };
  return JSON.stringify([result.runs, found, modelError, result.coverage ?? null]);
}

test('the golden sample covers every model, and its properties are known', (t) => {
  t.deepEqual(propertiesNamed([...PROPERTY_NAMES]).map((p) => p.name), [...PROPERTY_NAMES]);
  if (process.env.GOLDEN_PRINT === undefined) t.deepEqual(Object.keys(GOLDEN).sort(), builtinModels.map((m) => m.name).sort());
  else t.pass();
});

for (const protocol of builtinModels) {
  test(`golden digest: ${protocol.name}'s runs, worlds, verdicts and coverage are as on main`, (t) => {
    const digest = digestOf(protocol);
    if (process.env.GOLDEN_PRINT !== undefined) {
      process.stdout.write(`  '${protocol.name}': '${digest}',\n`);
      t.pass();
      return;
    }
    t.is(digest, GOLDEN[protocol.name]);
  });
}
