import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Catalog, CATALOG_PROPERTIES, expectedCells, type ExpectedCell, type Verdict } from '../../properties/expectations.js';
import type { AnyProtocol, PropertyName } from '../shared/protocol.js';
import { writeModelError } from '../report/writeModelError.js';
import { writeCounterexample } from '../report/writeCounterexample.js';
import { type ProfileName, type ProfileSpec, profileFor, profiles as allProfiles } from '../schedule/profiles.js';
import { runSeed } from '../schedule/rng.js';
import { shrinkTrace } from '../shrink/shrinkTrace.js';
import type { Violation } from '../judge/monitor.js';
import { emptyCoverage, type ProtocolCoverage } from '../coverage/protocolCoverage.js';
import { CellJob } from './cellJob.js';
import { drive, driveSync, type ChunkRunner } from './drive.js';
import { runTask } from './tasks.js';
import { MODEL_ERROR, type ModelErrorInChunk } from './chunkTask.js';

/** How much exploring each cell (model x profile) gets; it stops at whichever limit comes first. */
export interface CatalogBudget {
  runsPerCell: number;
  eventsPerCell: number;
}

export interface CatalogRunOptions {
  catalog: Catalog;
  /** The model a catalog row names (built-in models, or a test's). */
  model(name: string): AnyProtocol;
  profiles?: readonly ProfileSpec[];
  seed: string;
  budget: CatalogBudget;
  /** Directory for counterexample traces (`<model>/<profile>/<property>.trace.json`), or null. */
  out: string | null;
  /** Called when a cell starts, with the flat options it runs with (for the log). */
  onCellStart?(cell: { model: string; profile: ProfileSpec; nodes: number }): void;
  onCellDone?(cell: CellResult): void;
  /** Run only the K-th of N slices of the cells: cell i belongs to shard (i mod N) + 1. */
  shard?: Shard;
}

/** `--shard K/N`: the K-th (1-based) of N deterministic slices. */
export interface Shard {
  index: number;
  count: number;
}

/** What a parallel catalog run adds: where chunks run, and how to stop early (SIGINT). */
export interface ParallelCatalogOptions extends CatalogRunOptions {
  runner: ChunkRunner;
  stopped?(): boolean;
  /** After every chunk of runs: the runs, events and violations counted so far, over all cells. */
  onProgress?(progress: { runs: number; events: number; violations: number }): void;
}

/** A model error is reported beside the properties, under this name. */
export type VerdictName = PropertyName | typeof MODEL_ERROR;

/** One model x profile x property cell: expected against observed. */
export interface PropertyVerdict {
  property: VerdictName;
  expected: Verdict;
  reason: string | null;
  observed: Verdict;
  /** The first violation found, the run it came from and its trace (relative to `out`). */
  violation: ((Omit<Violation, 'property'> & { property: VerdictName }) & { run: number; trace: string | null }) | null;
  /** Null when observed = expected; else one line naming the cell and what went wrong. */
  mismatch: string | null;
}

export interface CellResult {
  model: string;
  profile: ProfileName;
  nodes: number;
  runs: number;
  events: number;
  cutOffRuns: number[];
  properties: PropertyVerdict[];
  /** Protocol coverage of the cell's runs (merge cells with mergeCoverage); catalog cells only. */
  coverage?: ProtocolCoverage;
  /** Wall-clock time; the only non-deterministic field. */
  elapsedMs: number;
  /** Plain `check` only: the first run of the slice (a shard of runs starts past 0). */
  firstRun?: number;
  /** Set when the run was interrupted before the cell finished: it covers its first `runs` runs. */
  interrupted?: boolean;
}

export interface CatalogResult {
  seed: string;
  budget: CatalogBudget;
  cells: CellResult[];
  mismatches: string[];
  elapsedMs: number;
  /** `check` for plain `leadercheck check` (every property expected to hold); the catalog otherwise. */
  kind?: 'check';
  shard?: Shard;
  /** SIGINT stopped the run: the cells cover the runs completed. */
  interrupted?: boolean;
}

export const DEFAULT_CATALOG_BUDGET: CatalogBudget = { runsPerCell: 2000, eventsPerCell: 1_000_000 };

interface PlannedCell {
  protocol: AnyProtocol;
  spec: ProfileSpec;
  expected: ExpectedCell[];
  job: CellJob;
  startedMs: number;
  elapsedMs: number;
}

/**
 * The main job: every catalog cell is explored with its own seeded runs, all properties judged in
 * the same runs; a property stops being checked once violated (from the next epoch of runs on).
 * It passes iff every observed verdict equals the expected one: an unexpected violation is a bug,
 * an expected violation not found in the budget means the checker lost power.
 * This runs in this thread; `runCatalogParallel` gives the same result on worker threads.
 */
export function runCatalog(options: CatalogRunOptions): CatalogResult {
  const started = performance.now();
  const cells: CellResult[] = [];
  for (const cell of planCells(options)) {
    options.onCellStart?.({ model: cell.protocol.name, profile: cell.spec, nodes: cell.expected[0].nodes });
    const cellStarted = performance.now();
    driveSync([cell.job], (task) => runTask(task, cell.protocol));
    cell.elapsedMs = performance.now() - cellStarted;
    const result = cellResult(options, cell);
    cells.push(result);
    options.onCellDone?.(result);
  }
  return catalogResult(options, cells, performance.now() - started);
}

/**
 * The catalog on a runner (worker threads): cells run side by side, each cut at the same runs as
 * in `runCatalog`. Cells are reported (onCellDone) in catalog order. When `stopped()` turns true
 * the workers stop and the result covers the runs completed, in order, of the cells started.
 */
export async function runCatalogParallel(options: ParallelCatalogOptions): Promise<CatalogResult> {
  const started = performance.now();
  const planned = planCells(options);
  const cells: CellResult[] = [];
  const report = (cell: PlannedCell): void => {
    cell.elapsedMs = performance.now() - cell.startedMs;
    options.onCellStart?.({ model: cell.protocol.name, profile: cell.spec, nodes: cell.expected[0].nodes });
    const result = cellResult(options, cell);
    cells.push(result);
    options.onCellDone?.(result);
  };
  const timed = planned.map((cell) => ({
    get done() {
      return cell.job.done;
    },
    next() {
      if (!cell.job.started) cell.startedMs = performance.now();
      return cell.job.next();
    },
    accept: cell.job.accept.bind(cell.job),
  }));
  let next = 0;
  const interrupted = await drive(timed, options.runner, {
    stopped: () => options.stopped?.() ?? false,
    onResult: () => {
      while (next < planned.length && planned[next].job.done) report(planned[next++]);
      if (options.onProgress !== undefined) {
        const tallies = planned.map((c) => c.job.tally);
        options.onProgress({
          runs: tallies.reduce((n, t) => n + t.runs, 0),
          events: tallies.reduce((n, t) => n + t.events, 0),
          violations: tallies.reduce((n, t) => n + t.found.size + (t.modelError === null ? 0 : 1), 0),
        });
      }
    },
  });
  // Cells whose shrinks were cut short shrink here, as every cell did before shrinking moved to the workers.
  while (next < planned.length && (planned[next].job.done || (interrupted && planned[next].job.started))) report(planned[next++]);
  if (interrupted) {
    for (const cell of planned.slice(next)) if (cell.job.started) report(cell);
  }
  const result = catalogResult(options, cells, performance.now() - started);
  return interrupted ? { ...result, interrupted: true } : result;
}

/** The catalog's cells in order (rows, then profiles), this shard's only. */
function planCells(options: CatalogRunOptions): PlannedCell[] {
  const specs = options.profiles ?? allProfiles;
  const cells: PlannedCell[] = [];
  let index = 0;
  for (const row of options.catalog) {
    for (const spec of specs) {
      const mine = options.shard === undefined || index % options.shard.count === options.shard.index - 1;
      index++;
      if (!mine) continue;
      const protocol = options.model(row.model);
      const expected = expectedCells([row], [spec.name as ProfileName]);
      const job = new CellJob({ model: protocol.name, nodes: row.nodes, profile: spec.name, seed: options.seed }, CATALOG_PROPERTIES, options.budget);
      cells.push({ protocol, spec, expected, job, startedMs: performance.now(), elapsedMs: 0 });
    }
  }
  return cells;
}

function catalogResult(options: CatalogRunOptions, cells: CellResult[], elapsedMs: number): CatalogResult {
  const mismatches = cells.flatMap((c) => c.properties.flatMap((p) => (p.mismatch === null ? [] : [p.mismatch])));
  const result: CatalogResult = { seed: options.seed, budget: options.budget, cells, mismatches, elapsedMs };
  return options.shard === undefined ? result : { ...result, shard: options.shard };
}

/** A cell's verdicts from its tally; writes its counterexamples (and model error) into `out`. */
function cellResult(options: CatalogRunOptions, cell: PlannedCell): CellResult {
  const { protocol, spec, expected } = cell;
  const { tally } = cell.job;
  const interrupted = !cell.job.runsDone;
  const properties = expected.map((exp): PropertyVerdict => {
    const found = tally.found.get(exp.property);
    let violation: PropertyVerdict['violation'] = null;
    if (found !== undefined) {
      const path = join(protocol.name, spec.name, `${exp.property}.trace.json`);
      // As plain check does: the counterexample is shrunk, written with its .txt and .md beside it,
      // and the summary gives the step and detail of the trace it links. A worker shrank it,
      // unless the run was interrupted first.
      const shrunk = (cell.job.shrunk.get(exp.property) ?? shrinkTrace(found.trace, protocol, { profile: profileFor(spec, protocol, runSeed(options.seed, found.run)) })).trace;
      if (options.out !== null) writeCounterexample(join(options.out, path), shrunk, protocol);
      violation = { ...(shrunk.violation ?? found.violation), run: found.run, trace: options.out === null ? null : path };
    }
    const observed: Verdict = violation === null ? 'holds' : 'violated';
    const mismatch = mismatchOf(exp, violation, tally.runs, interrupted);
    return { property: exp.property, expected: exp.expected, reason: exp.reason, observed, violation, mismatch };
  });
  const modelError = modelErrorVerdict(protocol, spec.name, tally.modelError, options.out);
  const cutOffRuns = tally.modelError?.cutOff === true ? [tally.modelError.run] : [];
  return {
    model: protocol.name,
    profile: spec.name as ProfileName,
    nodes: expected[0].nodes,
    runs: tally.runs,
    events: tally.events,
    cutOffRuns,
    properties: modelError === null ? properties : [...properties, modelError],
    coverage: tally.coverage ?? emptyCoverage(protocol),
    elapsedMs: cell.elapsedMs,
    ...(interrupted ? { interrupted: true } : {}),
  };
}

/** A model error as a verdict beside the properties: the model must never err, so it is always a mismatch. */
export function modelErrorVerdict(protocol: AnyProtocol, profile: string, error: ModelErrorInChunk | null, out: string | null): PropertyVerdict | null {
  if (error === null) return null;
  const path = join(protocol.name, profile, `${MODEL_ERROR}.trace.json`);
  if (out !== null) writeModelError(join(out, path), error.trace, protocol, error.detail);
  return {
    property: MODEL_ERROR,
    expected: 'holds',
    reason: null,
    observed: 'violated',
    violation: { property: MODEL_ERROR, step: error.step, detail: error.detail, run: error.run, trace: out === null ? null : path },
    mismatch: `${protocol.name} / ${profile} / ${MODEL_ERROR}: in run ${error.run} at step ${error.step}: ${error.detail}`,
  };
}

function mismatchOf(cell: ExpectedCell, violation: PropertyVerdict['violation'], runs: number, interrupted: boolean): string | null {
  const name = `${cell.model} / ${cell.profile} / ${cell.property}`;
  if (cell.expected === 'holds' && violation !== null) {
    return `${name}: expected holds, but violated in run ${violation.run} at step ${violation.step}: ${violation.detail}`;
  }
  if (cell.expected === 'violated' && violation === null) {
    if (interrupted) return `${name}: expected violated (${cell.reason}), not found in the ${runs} runs done before the run was interrupted`;
    return `${name}: expected violated (${cell.reason}), but no violation found in ${runs} runs: the checker lost power`;
  }
  return null;
}
