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
import { PctSchedule } from '../src/schedule/pct.js';
import { createRng } from '../src/schedule/rng.js';
import { type RunStrategy, strategyNamed, strategyOfRun } from '../src/schedule/strategy.js';
import { decodeTrace } from '../src/trace/decode.js';
import { encodeTrace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';
import { createSystem } from '../src/world/world.js';
import { filesUnder, untimed } from './helpers/reports.js';
import { cli } from './helpers/cli.js';

const volatile = builtinModel('raft/volatile-vote');
const raft = builtinModel('raft');
const CRASHES = { crashEveryTicks: [5, 30] } as const;

test('a run strategy is a function of the spec and the run index: random by default, mix alternates random and PCT of depth 2 and 3', (t) => {
  t.deepEqual(strategyOfRun(undefined, 7, CRASHES), { name: 'random' });
  t.deepEqual(strategyOfRun({ name: 'pct' }, 7, CRASHES), { name: 'pct', depth: 3 });
  t.deepEqual(strategyOfRun({ name: 'pct', depth: 5 }, 0, CRASHES), { name: 'pct', depth: 5 });
  t.deepEqual([0, 1, 2, 3, 4, 5].map((i) => strategyOfRun({ name: 'mix' }, i, CRASHES)), [
    { name: 'random' },
    { name: 'pct', depth: 2 },
    { name: 'random' },
    { name: 'pct', depth: 3 },
    { name: 'random' },
    { name: 'pct', depth: 2 },
  ]);
  t.throws(() => strategyNamed('dfs'), { message: 'unknown strategy "dfs"; known strategies: random, buggify, random+buggify, pct, mix' });
  t.throws(() => strategyNamed('random', 2), { message: "--depth is PCT's; it does not apply to --strategy random" });
});

test('PCT gives each node a distinct initial priority d .. d+n-1, drawn from the seed alone', (t) => {
  const make = (seed: string) => new PctSchedule(createRng(seed), null, { seed, nodes: 5, depth: 3, faultPhaseTicks: 200 });
  const p = make('s/1').priorities();
  t.deepEqual([...p].sort((a, b) => a - b), [3, 4, 5, 6, 7]);
  t.deepEqual(make('s/1').priorities(), p);
  const others = ['s/2', 's/3', 's/4', 's/5'].map((s) => make(s).priorities().join());
  t.true(others.some((o) => o !== p.join()), 'another seed draws another order');
});

test('PCT keeps the profile timing: every message comes due within the delay range of the phase it was sent in, and the same seed gives the same run', (t) => {
  const system = createSystem(raft, 5);
  const profile = profileFor(profileNamed('reliable'), raft, 'x/0');
  const monitor = new Monitor(propertiesNamed(raft.promises), 400);
  const run = (seed: string, strategy: RunStrategy = { name: 'pct', depth: 3 }) => {
    const sent = new Map<number, { at: number; step: number }>();
    const result = randomRun({ system, profile, monitor, seed, strategy, onStep: (outcome, _e, step) => outcome.sent.forEach((m) => sent.set(m.id, { at: m.sentAt, step })) });
    return { result, sent };
  };
  for (const seed of ['x/0', 'x/1', 'x/2']) {
    const { result, sent } = run(seed);
    t.is(result.violation, null, seed);
    const stabilized = result.stabilization!.step;
    const late = result.events.filter((e) => {
      if (e.kind !== 'deliver' && e.kind !== 'drop' && e.kind !== 'duplicate') return false;
      const s = sent.get(e.id);
      if (s === undefined) return false; // sent at boot
      const [min, max] = s.step <= stabilized ? profile.delayTicks : [1, raft.synchronousDelayTicksMax!];
      return e.at! - s.at < min || e.at! - s.at > max;
    });
    t.deepEqual(late, [], seed);
    t.deepEqual(run(seed).result.events, result.events, `${seed} is deterministic`);
  }
  t.notDeepEqual(run('x/0').result.events, run('x/0', { name: 'random' }).result.events);
});

test('checkModel with PCT: the trace records the strategy, validates, replays to the violation, and --run I regenerates it', (t) => {
  const options = { protocol: volatile, nodes: 3, profile: profileNamed('crash'), properties: ['election-safety' as const], seed: '1', strategy: { name: 'pct' as const, depth: 2 } };
  const first = checkModel({ ...options, runs: 200 });
  t.not(first.found, null);
  const { run, trace } = first.found!;
  t.deepEqual(trace.strategy, { name: 'pct', depth: 2 });
  const decoded = decodeTrace(encodeTrace(trace), 'pct.trace.json');
  t.deepEqual(decoded.strategy, trace.strategy);
  t.is(replay(decoded, volatile).violation?.property, 'election-safety');
  const again = checkModel({ ...options, runs: 1, firstRun: run });
  t.is(encodeTrace(again.found!.trace), encodeTrace(trace));
  // A random run records no strategy: traces of the default are what they were.
  const plain = checkModel({ ...options, strategy: undefined, runs: 200 });
  t.is(plain.found!.trace.strategy, undefined);
});

test('check --strategy pct: the reproduce line names it, and 1 and 2 workers write the same traces', (t) => {
  const [one, two] = [mkdtempSync(join(tmpdir(), 'leadercheck-pct1-')), mkdtempSync(join(tmpdir(), 'leadercheck-pct2-'))];
  const args = ['check', 'raft/volatile-vote', '--profile', 'crash', '--property', 'election-safety', '--runs', '200', '--strategy', 'pct', '--depth', '2'];
  const a = cli([...args, '--workers', '1', '--out', one]);
  const b = cli([...args, '--workers', '2', '--out', two]);
  t.is(a.code, 1, a.stderr);
  t.is(b.code, 1, b.stderr);
  t.regex(a.stdout, /reproduce: npx leadercheck check raft\/volatile-vote --profile crash --nodes 3 --seed 1 --run \d+ --property election-safety --strategy pct --depth 2\n/);
  t.deepEqual(untimed(two), untimed(one));
  const trace = JSON.parse(readFileSync(join(one, 'raft/volatile-vote/crash/election-safety.trace.json'), 'utf8'));
  t.deepEqual(trace.strategy, { name: 'pct', depth: 2 });
  t.true(Object.keys(filesUnder(one)).length > 0);
  const bad = cli(['check', 'raft', '--strategy', 'dfs']);
  t.is(bad.code, 2);
  t.is(bad.stderr, 'leadercheck: unknown strategy "dfs"; known strategies: random, buggify, random+buggify, pct, mix\n');
});
