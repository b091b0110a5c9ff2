import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBuiltinModel } from '../models/index.js';
import { mermaidTrace } from '../src/report/mermaid.js';
import { textTrace } from '../src/report/textTrace.js';
import type { Trace } from '../src/trace/format.js';
import type { WorldEvent } from '../src/shared/world.js';
import { doubleElection } from './helpers/doubleElection.js';
import { replay } from '../src/trace/replay.js';
import { cli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'faults-'));

test('simulate --pause-leader-at tells the pause: the leader stops, the others elect, it resumes still leading and steps down', (t) => {
  const r = cli(['simulate', 'raft', '--seed', '1', '--pause-leader-at', '50']);
  t.is(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const paused = lines.findIndex((l) => /Node (\d) pauses 40 ticks/.test(l));
  t.true(paused > 0, r.stdout);
  const node = /Node (\d) pauses/.exec(lines[paused])![1];
  const rest = lines.slice(paused + 1).join('\n');
  t.regex(rest, /I am the leader!/, 'another node is elected during the pause');
  t.regex(rest, new RegExp(`Node ${node} resumes after 40 ticks, still believing it is the leader`));
  t.regex(rest, new RegExp(`Node ${node}: I step down`));
});

test('simulate --pause-ticks and --drift show in the story', (t) => {
  const r = cli(['simulate', 'bully', '--pause-leader-at', '50', '--pause-ticks', '30', '--drift', '0.1']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^Clocks: node 1's clock runs at [01]\.\d+ \(\d+(\.\d)?% (fast|slow)\)/m);
  t.regex(r.stdout, /Node 3 pauses 30 ticks/);
  t.regex(r.stdout, /Node 3 resumes after 30 ticks/);
});

const badSimulate: [string[], RegExp][] = [
  [['--pause-leader-at', '10', '--pause-ticks', '-5'], /--pause-ticks must be an integer from 0/],
  [['--drift', '2'], /--drift must be a drift bound from 0 to below 1/],
  [['--drift', '1'], /--drift must be a drift bound/],
  [['--drift', '0.0001'], /at most 3 decimals/],
  [['--pause-ticks', '5'], /--pause-ticks needs --pause-leader-at/],
  [['--pause-leader-at', '5', '--crash-leader-at', '5'], /not both/],
];

for (const [args, message] of badSimulate) {
  test(`simulate ${args.join(' ')} is one line, exit 2`, (t) => {
    const r = cli(['simulate', 'raft', ...args]);
    t.is(r.code, 2);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1);
  });
}

/** A pause trace of raft/double-vote with options and rates a test then spoils: node 3 pauses 40 ticks. */
function pauseTrace(extra: Partial<Trace> = {}): Trace {
  const pause: WorldEvent[] = [
    { kind: 'pause', node: 3, at: 12 },
    { kind: 'resume', node: 3, at: 52 },
  ];
  return doubleElection({ at2: 9, after2: 10, at1: 12, after1: 12 }, pause, { profile: 'pauses', clockRates: [1, 1.1, 1], ...extra });
}

const badTraces: [string, Partial<Trace>, RegExp][] = [
  ['a negative pause', { profileOptions: { pauseEveryTicks: [20, 60], pauseTicks: [-5, 10] } }, /profileOptions: pauseTicks must be a tick range/],
  ['a drift bound of 2', { profileOptions: { driftMax: 2 } }, /profileOptions: driftMax must be a drift bound from 0 to below 1/],
  ['an unknown option', { profileOptions: { pauseEvery: [1, 2] } }, /profileOptions: unknown option "pauseEvery"/],
  ['a clock rate of 2', { clockRates: [1, 2, 1] }, /clockRates\/1|clockRates\[1\]/],
  ['a rate per node', { clockRates: [1, 1] }, /clockRates: must give one rate per node \(3\), got 2/],
  ['a rate finer than 0.001', { clockRates: [1, 1.0001, 1] }, /clockRates\[1\]: must be a multiple of 0.001/],
];

for (const [what, extra, message] of badTraces) {
  test(`shrink refuses a trace with ${what}: one line, exit 2`, (t) => {
    const file = join(dir, `${what.replace(/ /g, '-')}.trace.json`);
    writeFileSync(file, JSON.stringify(pauseTrace(extra)));
    const r = cli(['shrink', file, '--out', join(dir, 'out')]);
    t.is(r.code, 2, r.stdout);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1);
  });
}

// replay and view refused none of these until loadTrace checked the recorded options for every command.
for (const [what, extra, message] of badTraces.slice(0, 3)) {
  for (const command of ['replay', 'view']) {
    test(`${command} refuses a trace with ${what}: one line, exit 2`, (t) => {
      const file = join(dir, `${command}-${what.replace(/ /g, '-')}.trace.json`);
      writeFileSync(file, JSON.stringify(pauseTrace(extra)));
      const r = cli([command, file, ...(command === 'view' ? ['--out', join(dir, 'view-out')] : [])]);
      t.is(r.code, 2, r.stdout);
      t.regex(r.stderr, message);
      t.is(r.stderr.trim().split('\n').length, 1);
    });
  }
}

test('the .txt and .md show pauses with their length, the resume and the clock rates', (t) => {
  const protocol = findBuiltinModel('raft/double-vote')!;
  const trace = pauseTrace();
  const result = replay(trace, protocol);
  t.is(result.violation?.property, 'election-safety');
  const text = textTrace(protocol, trace, result);
  t.regex(text, /~ paused/);
  t.regex(text, /^clocks: node 2's clock runs at 1.1 \(10% fast\); a timer of after ticks fires round\(after \/ rate\) ticks later$/m);
  t.regex(text, /pause 3 for 40 ticks .* 3:F0~\*/);
  t.regex(text, /resume 3 after 40 ticks .* 3:F0\*/);
  const md = mermaidTrace(protocol, trace, result);
  t.regex(md, /Note over N3: 3 t12 pauses for 40 ticks/);
  t.regex(md, /Note over N3: 4 t52 resumes after 40 ticks, handles what piled up/);
  t.regex(md, /Note over N1,N3: clocks node 2 s clock runs at 1.1 \(10 fast\)/);
});

test('a pause trace replays and shrinks from the command line, and replay --json shows it step by step', (t) => {
  const file = join(dir, 'pause.trace.json');
  writeFileSync(file, JSON.stringify(pauseTrace()));
  const r = cli(['replay', file, '--json']);
  t.is(r.code, 1, r.stderr);
  const steps = JSON.parse(r.stdout).steps as { event: { kind: string } | null }[];
  t.deepEqual(steps.filter((s) => s.event?.kind === 'pause' || s.event?.kind === 'resume').length, 2);
  const s = cli(['shrink', file, '--out', join(dir, 'shrunk')]);
  t.is(s.code, 1, s.stderr);
  const shrunk = JSON.parse(readFileSync(join(dir, 'shrunk', 'raft-double-vote.pauses.election-safety.trace.json'), 'utf8').replace(/^\uFEFF/, '')) as Trace;
  t.false(shrunk.events.some((e) => e.kind === 'pause'), 'the pause was not needed');
  t.deepEqual(shrunk.clockRates, [1, 1.1, 1], 'node 2 fired at t=9 only by its fast clock');
});
