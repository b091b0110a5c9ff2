import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinModels } from '../models/index.js';
import { bridgedBuiltins } from '../models/bridged/index.js';
import { ALL_PROFILES, CATALOG_PROPERTIES, catalog, type Catalog, expectedCells } from '../properties/expectations.js';
import { allProperties } from '../properties/index.js';
import { rowBudget, runCatalog } from '../src/run/catalog.js';
import { builtinModel } from '../src/model/load.js';
import type { TraceFile } from '../src/run/results.js';
import { summaryJson, summaryMarkdown } from '../src/report/summary.js';
import { writeTraceFiles } from '../src/report/writeTraceFiles.js';
import { findProfile, profiles } from '../src/schedule/profiles.js';
import { decodeTrace } from '../src/trace/decode.js';
import { replay } from '../src/trace/replay.js';

const partition = [findProfile('partition')!];
const tinyBudget = { runsPerCell: 30, eventsPerCell: 100_000 };
const raftOnly = (table: Catalog): Catalog => table.filter((row) => row.model === 'raft');

test('the catalog has a row for every built-in model and only for them', (t) => {
  // Bridged built-ins (models/bridged/) may have rows too: their processes are slower, so not all do.
  const bridged = new Set(bridgedBuiltins.map((m) => m.name));
  t.deepEqual(catalog.map((row) => row.model).filter((name) => !bridged.has(name)).sort(), builtinModels.map((m) => m.name).sort());
});

test('a row\'s budget share scales both caps of a cell, and never below one run', (t) => {
  const budget = { runsPerCell: 2000, eventsPerCell: 1_000_000 };
  t.is(rowBudget(budget, undefined), budget);
  t.deepEqual(rowBudget(budget, 0.01), { runsPerCell: 20, eventsPerCell: 10_000 });
  t.deepEqual(rowBudget({ runsPerCell: 2, eventsPerCell: 1 }, 0.01), { runsPerCell: 1, eventsPerCell: 1 });
});

test('a cell starts with its row\'s share of the budget, which is what check --all prints for it', (t) => {
  const row = { ...raftOnly(catalog)[0], budgetShare: 0.1 };
  const started: { runsPerCell: number; eventsPerCell: number }[] = [];
  const result = runCatalog({ catalog: [row], model: builtinModel, profiles: partition, seed: '1', budget: tinyBudget, onCellStart: (cell) => started.push(cell.budget) });
  t.deepEqual(started, [{ runsPerCell: 3, eventsPerCell: 10_000 }]);
  t.true(result.cells[0].runs <= 3);
});

test('the catalog columns are every named profile and every property', (t) => {
  t.deepEqual([...ALL_PROFILES], profiles.map((p) => p.name));
  t.deepEqual([...CATALOG_PROPERTIES], allProperties.map((p) => p.name));
  t.is(expectedCells(catalog).length, catalog.length * profiles.length * allProperties.length);
});

test('every violated cell has a reason and names each profile once', (t) => {
  for (const row of catalog) {
    for (const property of CATALOG_PROPERTIES) {
      const entry = row.expect[property];
      t.truthy(entry, `${row.model} has no ${property} entry`);
      if ('notChecked' in entry) {
        t.true(entry.notChecked.trim().length > 10, `${row.model} / ${property}: a cell left out needs a reason`);
        continue;
      }
      const groups = entry;
      const named = groups.flatMap((g) => g.profiles);
      t.is(new Set(named).size, named.length, `${row.model} / ${property} names a profile twice`);
      for (const g of groups) t.true(g.reason.trim().length > 10, `${row.model} / ${property}: a violated cell needs a reason`);
    }
  }
  for (const cell of expectedCells(catalog)) t.is(cell.expected !== 'holds', cell.reason !== null);
});

test('every row checks a node count the model accepts', (t) => {
  for (const row of catalog) t.true(Number.isInteger(row.nodes) && row.nodes >= 1, row.model);
});

test('the catalog row for raft under partition matches what the checker finds', (t) => {
  const result = runCatalog({ catalog: raftOnly(catalog), model: builtinModel, profiles: partition, seed: '1', budget: tinyBudget });
  t.deepEqual(result.mismatches, []);
});

test('flipping a violated cell to holds fails the run and names the cell', (t) => {
  const flipped = raftOnly(catalog).map((row) => ({ ...row, expect: { ...row.expect, 'single-leader': [] } }));
  const result = runCatalog({ catalog: flipped, model: builtinModel, profiles: partition, seed: '1', budget: tinyBudget });
  t.is(result.mismatches.length, 1);
  t.regex(result.mismatches[0], /^raft \/ partition \/ single-leader: expected holds, but violated/);
});

test('flipping a holds cell to violated fails the run as lost power', (t) => {
  const flipped = raftOnly(catalog).map((row) => ({
    ...row,
    expect: { ...row.expect, 'election-safety': [{ profiles: ['partition' as const], reason: 'a test pretends so' }] },
  }));
  const result = runCatalog({ catalog: flipped, model: builtinModel, profiles: partition, seed: '1', budget: tinyBudget });
  t.is(result.mismatches.length, 1);
  t.regex(result.mismatches[0], /^raft \/ partition \/ election-safety: expected violated .* the checker lost power$/);
});

test('every counterexample trace replays to the same violation', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'leadercheck-catalog-'));
  const onCellDone = (_cell: unknown, traces: readonly TraceFile[]) => writeTraceFiles(out, traces);
  const result = runCatalog({ catalog: raftOnly(catalog), model: builtinModel, profiles: partition, seed: '1', budget: tinyBudget, onCellDone });
  const found = result.cells.flatMap((c) => c.properties.filter((p) => p.violation !== null));
  t.true(found.length >= 2);
  for (const p of found) {
    const path = join(out, p.violation!.trace!);
    t.is(path, join(out, 'raft', 'partition', `${p.property}.trace.json`));
    const trace = decodeTrace(readFileSync(path, 'utf8'), path);
    const replayed = replay(trace, builtinModel(trace.model));
    t.deepEqual(replayed.violation, { property: p.property, step: p.violation!.step, detail: p.violation!.detail });
  }
  const cli = spawnSync(process.execPath, ['bin/leadercheck.js', 'replay', join(out, 'raft', 'partition', 'single-leader.trace.json')], { encoding: 'utf8' });
  t.is(cli.status, 1);
  t.regex(cli.stdout, /VIOLATION single-leader at step/);
});

test('the summary is the same run after run apart from its timings', (t) => {
  const run = () => runCatalog({ catalog: raftOnly(catalog), model: builtinModel, profiles: partition, seed: '7', budget: tinyBudget });
  const [a, b] = [run(), run()];
  const stable = (json: string) => ({ ...JSON.parse(json), timings: null });
  t.deepEqual(stable(summaryJson(a)), stable(summaryJson(b)));
  const untimed = (md: string) => md.slice(0, md.indexOf('## Timings'));
  t.is(untimed(summaryMarkdown(a)), untimed(summaryMarkdown(b)));
});

test('check --all with a tiny budget writes summary.md, summary.json and junit.xml', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'leadercheck-all-'));
  const cli = spawnSync(process.execPath, ['bin/leadercheck.js', 'check', '--all', '--runs', '2', '--out', out], { encoding: 'utf8' });
  for (const file of ['summary.md', 'summary.json', 'junit.xml']) t.true(existsSync(join(out, file)), file);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  t.is(summary.ok, cli.status === 0);
  t.is(summary.ok, summary.mismatches.length === 0);
  t.is(summary.cells.length, catalog.length * profiles.length);
  const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
  t.is(junit.match(/<testcase /g)?.length, expectedCells(catalog).length);
  t.is(junit.match(/<failure /g)?.length ?? 0, summary.mismatches.length);
  for (const m of summary.mismatches) t.true(cli.stdout.includes(`MISMATCH ${m}`));
});

test('check --all refuses options the catalog fixes', (t) => {
  const cli = spawnSync(process.execPath, ['bin/leadercheck.js', 'check', '--all', '--nodes', '5'], { encoding: 'utf8' });
  t.is(cli.status, 2);
  t.regex(cli.stderr, /--nodes does not apply/);
});
