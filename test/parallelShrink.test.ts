import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog, CATALOG_PROPERTIES, type Catalog } from '../properties/expectations.js';
import { runCatalog, runCatalogParallel } from '../src/run/catalog.js';
import { builtinModel } from '../src/model/load.js';
import { CellJob } from '../src/run/cellJob.js';
import { CheckJob } from '../src/run/checkJob.js';
import type { ChunkRunner } from '../src/run/drive.js';
import type { TraceFile } from '../src/run/results.js';
import { runTask, type WorkerResult, type WorkerTask } from '../src/run/tasks.js';
import { writeTraceFiles } from '../src/report/writeTraceFiles.js';
import { findProfile, profileFor } from '../src/schedule/profiles.js';
import { runSeed } from '../src/schedule/rng.js';
import { shrinkTrace } from '../src/shrink/shrinkTrace.js';
import { filesUnder } from './helpers/reports.js';

const partition = findProfile('partition')!;
const raft = builtinModel('raft');
const raftOnly = (table: Catalog): Catalog => table.filter((row) => row.model === 'raft');
const budget = { runsPerCell: 30, eventsPerCell: 100_000 };

test('a cell hands out one shrink per property found, and is done only when every shrink is back', (t) => {
  const job = new CellJob({ model: 'raft', nodes: 3, profile: 'partition', seed: '1' }, CATALOG_PROPERTIES, budget);
  const shrinks: WorkerTask[] = [];
  for (let task = job.next(); task !== null; task = job.next()) {
    if (task.kind === 'shrink') shrinks.push(task);
    else job.accept(task, runTask(task, raft));
  }
  t.true(job.runsDone);
  t.true(job.tally.found.size > 0, 'raft under partition violates something in 30 runs');
  t.deepEqual(shrinks.map((s) => (s.kind === 'shrink' ? s.property : null)).sort(), [...job.tally.found.keys()].sort());
  for (const task of shrinks) {
    t.false(job.done, 'a shrink is still out');
    job.accept(task, runTask(task, raft));
  }
  t.true(job.done);
  // What the worker did is what the main thread did before: the same trace, the same profile.
  for (const [property, found] of job.tally.found) {
    const profile = profileFor(partition, raft, runSeed('1', found.run));
    t.deepEqual(job.shrunk.get(property), shrinkTrace(found.trace, raft, { profile }));
  }
});

test('plain check shrinks its violation as a task after its runs', (t) => {
  const job = new CheckJob({ model: 'raft', nodes: 3, profile: 'partition', properties: ['single-leader'], seed: '1' }, 0, 200);
  let shrink: WorkerTask | null = null;
  for (let task = job.next(); task !== null; task = job.next()) {
    if (task.kind === 'shrink') {
      t.true(job.runsDone, 'the violation shrinks once it is known to be the first');
      shrink = task;
      break;
    }
    job.accept(task, runTask(task, raft));
  }
  if (shrink === null) return t.fail('raft violates single-leader under partition in 200 runs');
  t.false(job.done);
  job.accept(shrink, runTask(shrink, raft));
  t.true(job.done);
  t.is(job.next(), null);
  const found = job.tally.found!;
  t.deepEqual(job.shrunk, shrinkTrace(found.trace, raft, { profile: profileFor(partition, raft, runSeed('1', found.run)) }));
});

test('a catalog run interrupted while shrinks are out shrinks what it reports here, as before', async (t) => {
  const [whole, cut] = [mkdtempSync(join(tmpdir(), 'lc-shrink-whole-')), mkdtempSync(join(tmpdir(), 'lc-shrink-cut-'))];
  const options = { catalog: raftOnly(catalog), model: builtinModel, profiles: [partition], seed: '1', budget };
  const writeInto = (out: string) => (_cell: unknown, traces: readonly TraceFile[]) => writeTraceFiles(out, traces);
  runCatalog({ ...options, onCellDone: writeInto(whole) });
  // Chunks run at once; shrinks hang until the stop, which rejects them as a dying pool would.
  let held = 0;
  const stops: (() => void)[] = [];
  const runner: ChunkRunner = {
    workers: 2,
    inFlightMax: 2,
    run: (task: WorkerTask): Promise<WorkerResult> => {
      if (task.kind === 'chunk') return new Promise((resolve) => setImmediate(() => resolve(runTask(task, raft))));
      held++;
      return new Promise((_, reject) => stops.push(() => reject(new Error('stopped'))));
    },
    stop: async () => stops.forEach((stop) => stop()),
    close: async () => {},
  };
  const result = await runCatalogParallel({ ...options, onCellDone: writeInto(cut), runner, stopped: () => held > 0 });
  t.true(result.interrupted);
  t.true(held > 0);
  const written = filesUnder(cut);
  const expected = filesUnder(whole);
  const traces = Object.keys(written).filter((path) => path.endsWith('.trace.json'));
  t.true(traces.length > 0);
  for (const path of traces) t.is(written[path], expected[path], path);
});
