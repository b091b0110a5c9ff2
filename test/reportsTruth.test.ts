import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { junitXml } from '../src/report/junit.js';
import { summaryMarkdown } from '../src/report/summary.js';
import type { PlainCheckCellResult, PlainCheckSummary, PropertyVerdict } from '../src/run/results.js';
import { cli } from './helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lc-truth-'));
const bossy = join(process.cwd(), 'test/fixtures/bossy.mjs');

const holds = (property: PropertyVerdict['property']): PropertyVerdict => ({ property, expected: 'holds', reason: null, observed: 'holds', violation: null, mismatch: null });

const violated = (model: string, property: PropertyVerdict['property'], trace: string): PropertyVerdict => ({
  property,
  expected: 'holds',
  reason: null,
  observed: 'violated',
  violation: { property, step: 4, detail: 'nodes 1 and 2 both leader in term 1', run: 3, trace },
  mismatch: `${model} / crash / ${property}: expected holds, but violated in run 3 at step 4: nodes 1 and 2 both leader in term 1`,
});

function cell(model: string, profile: PlainCheckCellResult['profile'], elapsedMs: number, properties: PropertyVerdict[], interrupted = false): PlainCheckCellResult {
  return { kind: 'check', model, profile, nodes: 3, firstRun: 0, runs: 10, events: 100, cutOffRuns: [], properties, elapsedMs, interrupted };
}

function summary(cells: PlainCheckCellResult[], interrupted = false): PlainCheckSummary {
  return {
    kind: 'check',
    seed: '1',
    budget: { runsPerCell: 10, eventsPerCell: 1000 },
    mismatches: cells.flatMap((c) => c.properties.flatMap((p) => (p.mismatch === null ? [] : [p.mismatch]))),
    elapsedMs: 5000.4,
    interrupted,
    cells,
  };
}

test('an interrupted run whose cells show nothing wrong says INTERRUPTED, never PASS', (t) => {
  const md = summaryMarkdown(summary([cell('raft', 'crash', 10, [holds('election-safety')], true)], true));
  t.regex(md, /\*\*INTERRUPTED\*\*/);
  t.notRegex(md, /PASS/);
  t.notRegex(summaryMarkdown(summary([cell('raft', 'crash', 10, [holds('election-safety')])])), /INTERRUPTED/);
  t.regex(summaryMarkdown(summary([cell('raft', 'crash', 10, [holds('election-safety')])])), /\*\*PASS\*\*/);
});

test('plain check reports never speak of a catalog', (t) => {
  const out = tmp();
  const r = cli(['check', '--model-file', bossy, '--profile', 'reliable', '--runs', '5', '--out', out]);
  t.is(r.code, 1, r.stderr);
  const md = readFileSync(join(out, 'summary.md'), 'utf8');
  const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
  t.regex(md, /\*\*FAIL\*\*/);
  t.notRegex(md, /catalog/i);
  t.notRegex(xml, /catalog/i);
  t.regex(xml, /<testsuites name="leadercheck check"/);
});

/** Every `time` attribute of one element kind, in milliseconds. */
const times = (xml: string, element: string): number[] =>
  [...xml.matchAll(new RegExp(`<${element} [^>]*time="([\\d.]+)"`, 'g'))].map((m) => Math.round(Number(m[1]) * 1000));

test('junit.xml times add up: a suite is the sum of its cases, the root the sum of its suites', (t) => {
  const cells = [
    cell('raft', 'crash', 1000.6, [holds('election-safety'), holds('liveness'), holds('agreement')]),
    cell('raft', 'lossy', 333.3, [holds('election-safety'), holds('liveness'), holds('agreement')]),
    cell('bully', 'crash', 2.5, [holds('election-safety'), holds('liveness')]),
  ];
  const xml = junitXml(summary(cells));
  const suites = xml.split('<testsuite ').slice(1);
  t.is(suites.length, 2);
  const suiteTimes = suites.map((s) => times(`<testsuite ${s}`, 'testsuite')[0]);
  suites.forEach((s, i) => {
    const cases = times(s, 'testcase');
    t.is(cases.length, s.match(/<testcase /g)!.length, 'every case has a time');
    t.is(cases.reduce((a, b) => a + b, 0), suiteTimes[i]);
  });
  t.is(times(xml, 'testsuites')[0], suiteTimes[0] + suiteTimes[1]);
  // Each cell's rounded time is shared out whole: raft is 1001 + 333 ms.
  t.is(suiteTimes[0], 1334);
});

test('a failed junit case names the trace it links, where CI viewers show it', (t) => {
  const trace = 'raft/crash/election-safety.trace.json';
  const xml = junitXml(summary([cell('raft', 'crash', 10, [violated('raft', 'election-safety', trace), holds('liveness')])]));
  const failed = /<testcase [^>]*election-safety: holds"[^>]*>\n(.*)\n(.*)\n {4}<\/testcase>/.exec(xml);
  t.not(failed, null, xml);
  const [, failure, systemOut] = failed!;
  t.true(failure.startsWith('      <failure message="') && failure.includes(`; trace: ${trace} `), failure);
  t.true(systemOut.startsWith(`      <system-out>trace: ${trace} `), systemOut);
  t.regex(xml, /<testcase [^>]*liveness: holds" time="[\d.]+"\/>/);
});

test('replay warns on one line when the violation it sees is not the one the trace records, and keeps its exit code', (t) => {
  const source = 'reports/regressions/raft-volatile-vote.crash.election-safety.trace.json';
  const faithful = cli(['replay', source]);
  t.is(faithful.code, 1);
  t.is(faithful.stderr, '');
  const trace = JSON.parse(readFileSync(source, 'utf8'));
  const dir = tmp();
  const moved = join(dir, 'moved.trace.json');
  writeFileSync(moved, JSON.stringify({ ...trace, violation: { ...trace.violation, step: trace.violation.step + 3 } }));
  const r = cli(['replay', moved]);
  t.is(r.code, 1);
  t.is(r.stdout, faithful.stdout);
  t.is(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  t.regex(r.stderr, /^leadercheck: warning: the trace records election-safety violated at step \d+, but replaying it shows election-safety violated at step \d+\n$/);
  const none = join(dir, 'none.trace.json');
  writeFileSync(none, JSON.stringify({ ...trace, violation: null }));
  t.regex(cli(['replay', none]).stderr, /the trace records no violation, but replaying it shows election-safety violated/);
});

test('the catalog says how much each counterexample shrank, as plain check does', (t) => {
  const r = cli(['check', '--all', '--profile', 'crash', '--runs', '2', '--workers', '1', '--out', tmp()]);
  t.true(r.code === 0 || r.code === 1, r.stderr);
  const violations = r.stdout.split('\n').filter((line) => / observed violated in run /.test(line)).length;
  t.true(violations > 0, r.stdout);
  t.is((r.stdout.match(/^ {11}shrunk: \d+ -> \d+ events(, \d+ -> \d+ nodes)?$/gm) ?? []).length, violations);
});
