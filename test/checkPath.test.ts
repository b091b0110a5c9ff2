import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { raft, raftDoubleVote } from '../models/raft/index.js';
import { loadModelFile } from '../src/model/load.js';
import { checkModel } from '../src/run/check.js';
import { inlineRunner } from '../src/run/pool.js';
import { type PlainCheckOutcome, type PlainCheckOptions, runPlainCheck, runSliceOf } from '../src/run/plainCheck.js';
import type { CatalogSummary, PlainCheckSummary } from '../src/run/results.js';
import { mismatchesOf, modelErrorVerdict, propertyVerdict } from '../src/run/verdicts.js';
import { summaryJson } from '../src/report/summary.js';
import { writeTraceFiles } from '../src/report/writeTraceFiles.js';
import { findProfile } from '../src/schedule/profiles.js';
import { ModelError } from '../src/shared/errors.js';
import type { AnyProtocol } from '../src/shared/protocol.js';
import { decodeTrace } from '../src/trace/decode.js';
import { replay } from '../src/trace/replay.js';
import { importEdges, layeringProblems } from './helpers/importGraph.js';

const fixture = (name: string) => new URL(`../../test/fixtures/${name}`, import.meta.url).pathname;
const repo = new URL('../../', import.meta.url).pathname;
const reliable = findProfile('reliable')!;
const partition = findProfile('partition')!;

function plainOptions(models: AnyProtocol[], overrides: Partial<PlainCheckOptions> = {}): PlainCheckOptions {
  return { models, profiles: [partition], nodes: 3, properties: ['election-safety'], seed: '1', runs: 200, ...overrides };
}

test('checkModel reports a model that throws as data, with a trace that replays to the error', async (t) => {
  const protocol = await loadModelFile(fixture('throwing.mjs'));
  const result = checkModel({ protocol, nodes: 3, profile: reliable, properties: ['election-safety'], seed: '1', runs: 20 });
  const error = result.modelError;
  if (error === null) return t.fail('the throwing model errs in run 0');
  t.is(result.found, null);
  t.is(error.run, 0);
  t.false(error.cutOff);
  t.regex(error.detail, /fired three times/);
  t.is(result.runsDone, 1, 'exploration stops at the model error');
  t.is(error.trace.events.length, error.step);
  t.throws(() => replay(error.trace, protocol), { instanceOf: ModelError, message: /fired three times/ });
});

test('checkModel reports a model that loops as a cut-off model error', async (t) => {
  const protocol = await loadModelFile(fixture('looping.mjs'));
  const result = checkModel({ protocol, nodes: 3, profile: reliable, properties: ['election-safety'], seed: '1', runs: 5, eventsMaxPerRun: 300 });
  t.true(result.modelError?.cutOff);
  t.deepEqual(result.cutOffRuns, [0]);
  t.is(result.events, 300);
});

test('checkModel and plain check find the same first violation, run for run', async (t) => {
  const options = { protocol: raftDoubleVote, nodes: 3, profile: partition, properties: ['election-safety'] as const, seed: '1', runs: 200 };
  const library = checkModel({ ...options, properties: [...options.properties] });
  const found = library.found;
  if (found === null) return t.fail('raft-double-vote violates election safety under partition in 200 runs');
  const outcomes: PlainCheckOutcome[] = [];
  const summary = await runPlainCheck(plainOptions([raftDoubleVote]), inlineRunner(() => raftDoubleVote), { stopped: () => false, onPairDone: (o) => outcomes.push(o) });
  const [cell] = summary.cells;
  t.is(cell.runs, library.runsDone);
  t.is(cell.events, library.events);
  const verdict = cell.properties.find((p) => p.property === 'election-safety')!;
  t.like(verdict.violation, { run: found.run, step: found.violation.step, detail: found.violation.detail });
  t.deepEqual(outcomes[0].violation?.found.trace, found.trace, 'the trace as found, before the plain check shrinks it');
});

test('plain check hands its traces back for the report layer to write, at the paths its verdicts link', async (t) => {
  const outcomes: PlainCheckOutcome[] = [];
  const summary = await runPlainCheck(plainOptions([raftDoubleVote]), inlineRunner(() => raftDoubleVote), { stopped: () => false, onPairDone: (o) => outcomes.push(o) });
  const linked = summary.cells[0].properties.flatMap((p) => (p.violation?.trace == null ? [] : [p.violation.trace]));
  t.deepEqual(linked, [join(raftDoubleVote.name, 'partition', 'election-safety.trace.json')]);
  t.deepEqual(
    outcomes.flatMap((o) => o.traces.map((f) => f.path)),
    linked,
  );
  const out = mkdtempSync(join(tmpdir(), 'lc-checkpath-'));
  writeTraceFiles(out, outcomes[0].traces);
  const trace = decodeTrace(readFileSync(join(out, linked[0]), 'utf8'), linked[0]);
  t.is(replay(trace, raftDoubleVote).violation?.property, 'election-safety');
});

test('plain check starts and reports its pairs in order, and an interrupted run says so per cell', async (t) => {
  const seen: string[] = [];
  let results = 0;
  const options = plainOptions([raft], { profiles: [reliable, partition], runs: 400 });
  const summary = await runPlainCheck(options, inlineRunner(() => raft), {
    stopped: () => results >= 1,
    onProgress: () => results++,
    onPairStart: (pair) => seen.push(`start ${pair.profile.name}`),
    onPairDone: (o) => seen.push(`done ${o.pair.profile.name}${o.cell.interrupted ? ' (interrupted)' : ''}`),
  });
  t.true(summary.interrupted);
  t.deepEqual(seen, ['start reliable', 'done reliable (interrupted)', 'start partition', 'done partition (interrupted)']);
  t.is(summary.cells[1].runs, 0, 'the second pair never got a chunk');
});

test('a shard of plain check explores its slice of the runs, --run N run N alone', (t) => {
  t.deepEqual(runSliceOf({ runs: 10, run: 7 }), { firstRun: 7, runs: 1 });
  t.deepEqual(runSliceOf({ runs: 10 }), { firstRun: 0, runs: 10 });
  const slices = [1, 2, 3].map((index) => runSliceOf({ runs: 10, shard: { index, count: 3 } }));
  t.deepEqual(slices, [
    { firstRun: 0, runs: 3 },
    { firstRun: 3, runs: 3 },
    { firstRun: 6, runs: 4 },
  ]);
});

test('one verdict function words every mismatch', (t) => {
  const cell = { model: 'raft', profile: 'partition', property: 'single-leader' as const, reason: null };
  const violation = { property: 'single-leader' as const, step: 4, detail: 'two leaders', run: 9, trace: null };
  t.is(propertyVerdict({ ...cell, expected: 'holds' }, violation, 30, false).mismatch, 'raft / partition / single-leader: expected holds, but violated in run 9 at step 4: two leaders');
  t.is(propertyVerdict({ ...cell, expected: 'holds' }, null, 30, false).mismatch, null);
  const lost = propertyVerdict({ ...cell, expected: 'violated', reason: 'splits' }, null, 30, false);
  t.is(lost.mismatch, 'raft / partition / single-leader: expected violated (splits), but no violation found in 30 runs: the checker lost power');
  t.regex(propertyVerdict({ ...cell, expected: 'violated', reason: 'splits' }, null, 5, true).mismatch!, /not found in the 5 runs done before the run was interrupted$/);
  const error = modelErrorVerdict('raft', 'crash', { run: 2, step: 7, detail: 'boom', cutOff: false, trace: null as never }, 'raft/crash/model-error.trace.json');
  t.is(error.mismatch, 'raft / crash / model-error: in run 2 at step 7: boom');
  t.deepEqual(mismatchesOf([{ properties: [lost, error] }]), [lost.mismatch, error.mismatch]);
});

test('summary.json: a plain check says its kind and each cell its first run; a catalog names no kind', (t) => {
  const base = { seed: '1', budget: { runsPerCell: 1, eventsPerCell: 1 }, mismatches: [], elapsedMs: 0, interrupted: false };
  const cell = { model: 'raft', profile: 'crash' as const, nodes: 3, runs: 1, events: 2, cutOffRuns: [], properties: [], elapsedMs: 0, interrupted: false };
  const plain: PlainCheckSummary = { ...base, kind: 'check', cells: [{ ...cell, kind: 'check', firstRun: 0 }] };
  const catalog: CatalogSummary = { ...base, kind: 'catalog', cells: [{ ...cell, kind: 'catalog' }] };
  const [p, c] = [JSON.parse(summaryJson(plain)), JSON.parse(summaryJson(catalog))];
  t.deepEqual(Object.keys(p).slice(0, 3), ['format', 'kind', 'ok']);
  t.is(p.kind, 'check');
  t.deepEqual(Object.keys(p.cells[0]), ['model', 'profile', 'nodes', 'firstRun', 'runs', 'events', 'cutOffRuns', 'properties']);
  t.false('kind' in c);
  t.deepEqual(Object.keys(c.cells[0]), ['model', 'profile', 'nodes', 'runs', 'events', 'cutOffRuns', 'properties']);
  t.false(JSON.parse(summaryJson({ ...plain, interrupted: true })).ok);
});

test('the run layer writes no files: nothing under src/run imports src/report', (t) => {
  const problems = layeringProblems(importEdges(repo, ['src/run']));
  t.deepEqual(problems, []);
  t.false(importEdges(repo, ['src/run']).some((edge) => edge.to.startsWith('src/report/')));
});

test('checkModel collects protocol coverage only when asked, over exactly the runs it counts', (t) => {
  const options = { protocol: raft, nodes: 3, profile: findProfile('chaos')!, properties: raft.promises, seed: 'cov', runs: 60 };
  t.false('coverage' in checkModel(options));
  const result = checkModel({ ...options, coverage: true });
  t.is(result.coverage?.events, result.events);
});
