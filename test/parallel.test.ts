import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installBridge } from '../src/bridge/install.js';
import { builtinModel } from '../src/model/load.js';
import { decodeTrace } from '../src/trace/decode.js';
import { replay } from '../src/trace/replay.js';
import { cli } from './helpers/cli.js';
import { filesUnder, untimed } from './helpers/reports.js';

// The catalog has bridged rows (etcd): replaying their traces here needs the bridge's loader.
installBridge();

const fixture = (name: string) => new URL(`../../test/fixtures/${name}`, import.meta.url).pathname;
const dir = (label: string) => mkdtempSync(join(tmpdir(), `leadercheck-${label}-`));

test('check gives the same summary and byte-identical traces with 1 and 2 workers', (t) => {
  const [one, two] = [dir('w1'), dir('w2')];
  const args = ['check', 'raft', 'raft/volatile-vote', '--profile', 'crash', '--runs', '150', '--seed', '5'];
  const a = cli([...args, '--workers', '1', '--out', one]);
  const b = cli([...args, '--workers', '2', '--out', two]);
  t.is(a.code, 1, a.stderr);
  t.is(b.code, a.code);
  const traces = Object.keys(filesUnder(one)).filter((f) => f.endsWith('.trace.json'));
  t.deepEqual(traces, ['raft/volatile-vote/crash/election-safety.trace.json']);
  t.deepEqual(untimed(two), untimed(one));
  const summary = JSON.parse(readFileSync(join(one, 'summary.json'), 'utf8'));
  // Stopped at the first violation: runs counted up to it, as the sequential loop counts them.
  const cell = summary.cells.find((c: { model: string }) => c.model === 'raft/volatile-vote');
  const violated = cell.properties.find((p: { observed: string }) => p.observed === 'violated');
  t.is(cell.runs, violated.violation.run + 1);
});

test('check --all gives the same summary and traces with 1 and 2 workers (event budget cut included)', (t) => {
  const [one, two] = [dir('all-w1'), dir('all-w2')];
  const args = ['check', '--all', '--profile', 'synchronous', '--runs', '100', '--budget', '60000', '--seed', '3'];
  const a = cli([...args, '--workers', '1', '--out', one]);
  const b = cli([...args, '--workers', '2', '--out', two]);
  t.is(b.code, a.code);
  t.deepEqual(untimed(two), untimed(one));
  const cells = JSON.parse(readFileSync(join(one, 'summary.json'), 'utf8')).cells as { runs: number; events: number }[];
  // Some cell runs past the first 64-run epoch and stops at its event budget before its run
  // budget: the epoch boundary and the cut must fall at the same runs for any worker count.
  t.true(cells.some((c) => c.runs > 64 && c.runs < 100 && c.events >= 60000));
});

test('a model that throws is a model error with the trace that led there, on worker threads too', (t) => {
  const out = dir('throw');
  const r = cli(['check', '--model-file', fixture('throwing.mjs'), '--profile', 'reliable', '--runs', '20', '--workers', '2', '--out', out]);
  t.is(r.code, 1, r.stderr);
  t.regex(r.stdout, /MODEL ERROR in run 0 at step \d+: model threw on node 2 handling tick: fired three times/);
  t.notRegex(r.stderr, /internal error/);
  const path = join(out, 'throwing', 'reliable', 'model-error.trace.json');
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  t.false(summary.ok);
  t.regex(summary.mismatches[0], /^throwing \/ reliable \/ model-error: in run 0/);
  // The event the model failed on never took effect: the cell counts the events coverage saw.
  const coverage = JSON.parse(readFileSync(join(out, 'coverage', 'protocol.json'), 'utf8'));
  t.is(coverage.models.throwing.events, summary.cells[0].events);
  const replayed = cli(['replay', path, '--model-file', fixture('throwing.mjs')]);
  t.is(replayed.code, 1);
  t.regex(replayed.stderr, /model error: model threw on node 2 handling tick/);
  t.regex(readFileSync(path.replace('.trace.json', '.txt'), 'utf8'), /model error at step \d+: model threw/);
});

test('a model that loops is cut off at the event budget and reported as a model error', (t) => {
  const out = dir('loop');
  const r = cli(['check', '--model-file', fixture('looping.mjs'), '--profile', 'reliable', '--runs', '3', '--workers', '1', '--out', out]);
  t.is(r.code, 1, r.stderr);
  t.regex(r.stdout, /MODEL ERROR in run 0 at step 200000: run 0 hit the event budget/);
  const path = join(out, 'looping', 'reliable', 'model-error.trace.json');
  const trace = decodeTrace(readFileSync(path, 'utf8'), path);
  t.is(trace.events.length, 200_000);
  t.deepEqual(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).cells[0].cutOffRuns, [0]);
});

test('--workers and --shard refuse impossible values with one line', (t) => {
  for (const args of [['--workers', '0'], ['--shard', '5/4'], ['--shard', '0/4'], ['--shard', 'half']]) {
    const r = cli(['check', 'raft', '--runs', '1', ...args]);
    t.is(r.code, 2, args.join(' '));
    t.is(r.stderr.trim().split('\n').length, 1);
  }
});

test('traces written by a parallel catalog run replay to their violations', (t) => {
  const out = dir('replay');
  cli(['check', '--all', '--profile', 'partition', '--runs', '20', '--budget', '20000', '--workers', '2', '--out', out]);
  const traces = Object.keys(filesUnder(out)).filter((f) => f.endsWith('.trace.json'));
  t.true(traces.length > 5);
  for (const file of traces) {
    const trace = decodeTrace(readFileSync(join(out, file), 'utf8'), file);
    t.deepEqual(replay(trace, builtinModel(trace.model)).violation, trace.violation, file);
  }
});
