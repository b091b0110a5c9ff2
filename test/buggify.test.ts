import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { propertiesNamed } from '../properties/index.js';
import { Monitor } from '../src/judge/monitor.js';
import { builtinModel } from '../src/model/load.js';
import { checkModel } from '../src/run/check.js';
import { profileFor, profileNamed } from '../src/schedule/profiles.js';
import { randomRun } from '../src/schedule/randomRun.js';
import { runSeed } from '../src/schedule/rng.js';
import { strategyOfRun } from '../src/schedule/strategy.js';
import type { WorldEvent } from '../src/shared/world.js';
import { decodeTrace } from '../src/trace/decode.js';
import { encodeTrace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';
import { shrinkTrace } from '../src/shrink/shrinkTrace.js';
import { createSystem } from '../src/world/world.js';
import { untimed } from './helpers/reports.js';
import { cli } from './helpers/cli.js';

const volatile = builtinModel('raft/volatile-vote');
const raft = builtinModel('raft');
const CRASHES = { crashEveryTicks: [5, 30] } as const;
const NO_CRASHES = { crashEveryTicks: null };

test('buggify runs are buggify only under a profile that crashes; random+buggify gives random the even runs', (t) => {
  t.deepEqual(strategyOfRun({ name: 'buggify' }, 4, CRASHES), { name: 'buggify' });
  t.deepEqual(strategyOfRun({ name: 'buggify' }, 4, NO_CRASHES), { name: 'random' });
  t.deepEqual([0, 1, 2, 3].map((i) => strategyOfRun({ name: 'random+buggify' }, i, CRASHES).name), ['random', 'buggify', 'random', 'buggify']);
  t.deepEqual([0, 1].map((i) => strategyOfRun({ name: 'random+buggify' }, i, NO_CRASHES).name), ['random', 'random']);
});

function run(model: typeof raft, nodes: number, profileName: string, seed: string, strategy: 'random' | 'buggify') {
  const system = createSystem(model, nodes);
  const profile = profileFor(profileNamed(profileName as 'crash'), model, seed);
  const monitor = new Monitor(propertiesNamed(model.promises), 400);
  return { profile, result: randomRun({ system, profile, monitor, seed, strategy: { name: strategy } }) };
}

test('under a profile without crashes a buggify run is the random run, event for event', (t) => {
  for (const profile of ['reliable', 'lossy', 'partition', 'pauses']) {
    for (const seed of ['a/0', 'a/1']) t.deepEqual(run(raft, 5, profile, seed, 'buggify').result.events, run(raft, 5, profile, seed, 'random').result.events, `${profile} ${seed}`);
  }
});

/** Crashes that follow, at the same tick, a step of the node that crashes: the aimed ones (the profile's clock lands there rarely). */
function aimedCrashes(events: readonly WorldEvent[]): number {
  let aimed = 0;
  for (let i = 1; i < events.length; i++) {
    const e = events[i];
    const before = events[i - 1];
    if (e.kind === 'crash' && (before.kind === 'deliver' || before.kind === 'timer') && before.at === e.at) aimed++;
  }
  return aimed;
}

test('buggify crashes nodes right after a step, restarts them within 4 ticks, never takes more down than the profile allows, and stays deterministic', (t) => {
  let aimed = 0;
  let quick = 0;
  for (const seed of ['b/0', 'b/1', 'b/2']) {
    const { profile, result } = run(raft, 5, 'crash', seed, 'buggify');
    t.is(result.violation, null, `Raft keeps its promises under aimed crashes (${seed})`);
    t.deepEqual(run(raft, 5, 'crash', seed, 'buggify').result.events, result.events, `${seed} is deterministic`);
    aimed += aimedCrashes(result.events);
    const downAt = new Map<number, number>();
    for (const e of result.events) {
      if (e.kind === 'crash') downAt.set(e.node, e.at!);
      if (e.kind === 'restart' && downAt.has(e.node)) {
        if (e.at! - downAt.get(e.node)! <= 4) quick++;
        downAt.delete(e.node);
      }
      t.true(downAt.size <= profile.crashedMax, `at most ${profile.crashedMax} down (${seed})`);
    }
  }
  const randomAimed = ['b/0', 'b/1', 'b/2'].reduce((sum, seed) => sum + aimedCrashes(run(raft, 5, 'crash', seed, 'random').result.events), 0);
  t.true(aimed > 3 * randomAimed + 5, `aimed crashes: buggify ${aimed}, random ${randomAimed}`);
  t.true(quick >= aimed / 2, `restarted within 4 ticks: ${quick} of ${aimed} aimed`);
});

test('buggify finds raft/volatile-vote at 10 nodes under crash: the trace records it, replays, and --run I regenerates it', (t) => {
  const options = { protocol: volatile, nodes: 10, profile: profileNamed('crash'), properties: ['election-safety' as const], seed: '1', strategy: { name: 'buggify' as const } };
  const first = checkModel({ ...options, runs: 60 });
  t.not(first.found, null, 'found within 60 runs');
  const { run: index, trace } = first.found!;
  t.deepEqual(trace.strategy, { name: 'buggify' });
  const decoded = decodeTrace(encodeTrace(trace), 'buggify.trace.json');
  t.is(replay(decoded, volatile).violation?.property, 'election-safety');
  const again = checkModel({ ...options, runs: 1, firstRun: index });
  t.is(encodeTrace(again.found!.trace), encodeTrace(trace));
  // The same run index under random+buggify is this run when it is odd, random's when even.
  const mixed = checkModel({ ...options, strategy: { name: 'random+buggify' }, runs: 1, firstRun: index });
  const randomOnly = checkModel({ ...options, strategy: undefined, runs: 1, firstRun: index });
  t.is(mixed.found === null ? null : encodeTrace(mixed.found.trace), index % 2 === 1 ? encodeTrace(trace) : randomOnly.found === null ? null : encodeTrace(randomOnly.found.trace));
  t.is(runSeed('1', index), `1/${index}`);
});

test('a buggify counterexample shrinks like any other: raft/volatile-vote at 5 nodes to a vote, a crash, a restart and a second vote', (t) => {
  const found = checkModel({ protocol: volatile, nodes: 5, profile: profileNamed('crash'), properties: ['election-safety'], seed: '1', runs: 60, strategy: { name: 'buggify' } }).found;
  t.not(found, null);
  const shrunk = shrinkTrace(found!.trace, volatile);
  t.true(shrunk.lengthAfter < 30 && shrunk.lengthAfter < shrunk.lengthBefore, `${shrunk.lengthBefore} -> ${shrunk.lengthAfter}`);
  t.deepEqual(shrunk.trace.strategy, { name: 'buggify' });
  t.is(replay(decodeTrace(encodeTrace(shrunk.trace), 'shrunk.trace.json'), volatile).violation?.property, 'election-safety');
  const events = shrunk.trace.events;
  const crash = events.findIndex((e) => e.kind === 'crash');
  t.true(crash >= 0 && events.slice(crash).some((e) => e.kind === 'restart' && e.node === (events[crash] as { node: number }).node), 'the voter crashes and restarts');
});

test('check defaults to random+buggify: its reproduce line needs no --strategy, --strategy random says so, and 1 and 2 workers write the same traces', (t) => {
  const [one, two] = [mkdtempSync(join(tmpdir(), 'leadercheck-bug1-')), mkdtempSync(join(tmpdir(), 'leadercheck-bug2-'))];
  const args = ['check', 'raft/volatile-vote', '--profile', 'crash', '--nodes', '5', '--property', 'election-safety', '--runs', '200'];
  const a = cli([...args, '--workers', '1', '--out', one]);
  const b = cli([...args, '--workers', '2', '--out', two]);
  t.is(a.code, 1, a.stderr);
  t.is(b.code, 1, b.stderr);
  const line = /reproduce: npx leadercheck check raft\/volatile-vote --profile crash --nodes 5 --seed 1 --run (\d+) --property election-safety\n/.exec(a.stdout);
  t.not(line, null, a.stdout);
  t.deepEqual(untimed(two), untimed(one));
  const trace = JSON.parse(readFileSync(join(one, 'raft/volatile-vote/crash/election-safety.trace.json'), 'utf8'));
  t.deepEqual(trace.strategy, Number(line![1]) % 2 === 1 ? { name: 'buggify' } : undefined);
  const random = cli([...args, '--strategy', 'random', '--out', mkdtempSync(join(tmpdir(), 'leadercheck-bug3-'))]);
  t.regex(random.stdout, /strategy random, 200 runs/);
  t.regex(random.stdout, /reproduce: .* --strategy random\n|ok: 200 runs/);
});
