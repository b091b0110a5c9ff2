import { performance } from 'node:perf_hooks';
import { type Catalog, checkedProperties, expectedCells, type ExpectedCell } from '../../properties/expectations.js';
import type { AnyProtocol } from '../shared/protocol.js';
import { type ProfileName, type ProfileSpec, profileFor, profiles as allProfiles } from '../schedule/profiles.js';
import { runSeed } from '../schedule/rng.js';
import { shrinkTrace } from '../shrink/shrinkTrace.js';
import { emptyCoverage } from '../coverage/protocolCoverage.js';
import { CellJob } from './cellJob.js';
import { drive, driveSync, type ChunkRunner } from './drive.js';
import { runTask } from './tasks.js';
import type { CatalogBudget, CatalogCellResult, CatalogSummary, PropertyVerdict, Shard, TraceFile } from './results.js';
import { mismatchesOf, modelErrorOutcome, notCheckedVerdict, propertyVerdict, tracePathOf } from './verdicts.js';

// `--shard` and `--budget` parsing in the CLI name these here.
export type { CatalogBudget, Shard } from './results.js';

export interface CatalogRunOptions {
  catalog: Catalog;
  /** The model a catalog row names (built-in models, or a test's). */
  model(name: string): AnyProtocol;
  profiles?: readonly ProfileSpec[];
  seed: string;
  budget: CatalogBudget;
  /** Called when a cell starts, with the flat options it runs with (for the log): its budget is its row's share. */
  onCellStart?(cell: { model: string; profile: ProfileSpec; nodes: number; budget: CatalogBudget }): void;
  /**
   * A cell's verdicts, and the traces they link (`<model>/<profile>/<property>.trace.json`,
   * relative to the report directory) for the caller to write: this layer writes no files.
   */
  onCellDone?(cell: CatalogCellResult, traces: readonly TraceFile[]): void;
  /** Run only the K-th of N slices of the cells: cell i belongs to shard (i mod N) + 1. */
  shard?: Shard;
}

/** What a parallel catalog run adds: where chunks run, and how to stop early (SIGINT). */
export interface ParallelCatalogOptions extends CatalogRunOptions {
  runner: ChunkRunner;
  stopped?(): boolean;
  /** After every chunk of runs: the runs, events and violations counted so far, over all cells. */
  onProgress?(progress: { runs: number; events: number; violations: number; shrinking: number }): void;
}

export const DEFAULT_CATALOG_BUDGET: CatalogBudget = { runsPerCell: 2000, eventsPerCell: 1_000_000 };

interface PlannedCell {
  protocol: AnyProtocol;
  spec: ProfileSpec;
  expected: ExpectedCell[];
  job: CellJob;
  budget: CatalogBudget;
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
export function runCatalog(options: CatalogRunOptions): CatalogSummary {
  const started = performance.now();
  const cells: CatalogCellResult[] = [];
  for (const cell of planCells(options)) {
    options.onCellStart?.({ model: cell.protocol.name, profile: cell.spec, nodes: cell.expected[0].nodes, budget: cell.budget });
    const cellStarted = performance.now();
    driveSync([cell.job], (task) => runTask(task, cell.protocol));
    cell.elapsedMs = performance.now() - cellStarted;
    const { result, traces } = cellResult(options, cell);
    cells.push(result);
    options.onCellDone?.(result, traces);
  }
  return catalogSummary(options, cells, performance.now() - started, false);
}

/**
 * The catalog on a runner (worker threads): cells run side by side, each cut at the same runs as
 * in `runCatalog`. Cells are reported (onCellDone) in catalog order. When `stopped()` turns true
 * the workers stop and the result covers the runs completed, in order, of the cells started.
 */
export async function runCatalogParallel(options: ParallelCatalogOptions): Promise<CatalogSummary> {
  const started = performance.now();
  const planned = planCells(options);
  const cells: CatalogCellResult[] = [];
  const report = (cell: PlannedCell): void => {
    cell.elapsedMs = performance.now() - cell.startedMs;
    options.onCellStart?.({ model: cell.protocol.name, profile: cell.spec, nodes: cell.expected[0].nodes, budget: cell.budget });
    const { result, traces } = cellResult(options, cell);
    cells.push(result);
    options.onCellDone?.(result, traces);
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
          shrinking: planned.reduce((n, c) => n + c.job.tally.found.size - c.job.shrunk.size, 0),
        });
      }
    },
  });
  // Cells whose shrinks were cut short shrink here, as every cell did before shrinking moved to the workers.
  while (next < planned.length && (planned[next].job.done || (interrupted && planned[next].job.started))) report(planned[next++]);
  if (interrupted) {
    for (const cell of planned.slice(next)) if (cell.job.started) report(cell);
  }
  return catalogSummary(options, cells, performance.now() - started, interrupted);
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
      const budget = rowBudget(options.budget, row.budgetShare);
      const job = new CellJob({ model: protocol.name, nodes: row.nodes, profile: spec.name, seed: options.seed }, checkedProperties(row), budget);
      cells.push({ protocol, spec, expected, job, budget, startedMs: performance.now(), elapsedMs: 0 });
    }
  }
  return cells;
}

/** A row's share of the budget per cell (expectations.ts `budgetShare`), at least one run. */
export function rowBudget(budget: CatalogBudget, share: number | undefined): CatalogBudget {
  if (share === undefined || share === 1) return budget;
  return { runsPerCell: Math.max(1, Math.ceil(budget.runsPerCell * share)), eventsPerCell: Math.max(1, Math.ceil(budget.eventsPerCell * share)) };
}

function catalogSummary(options: CatalogRunOptions, cells: CatalogCellResult[], elapsedMs: number, interrupted: boolean): CatalogSummary {
  const result: CatalogSummary = { kind: 'catalog', seed: options.seed, budget: options.budget, cells, mismatches: mismatchesOf(cells), elapsedMs, interrupted };
  return options.shard === undefined ? result : { ...result, shard: options.shard };
}

/** A cell's verdicts from its tally, and the traces they link (counterexamples shrunk, the model error's run). */
function cellResult(options: CatalogRunOptions, cell: PlannedCell): { result: CatalogCellResult; traces: TraceFile[] } {
  const { protocol, spec, expected } = cell;
  const { tally } = cell.job;
  const interrupted = !cell.job.runsDone;
  const traces: TraceFile[] = [];
  const properties = expected.map((exp): PropertyVerdict => {
    if (exp.expected === 'not checked') return notCheckedVerdict(exp);
    const found = tally.found.get(exp.property);
    if (found === undefined) return propertyVerdict(exp, null, tally.runs, interrupted);
    const path = tracePathOf(protocol.name, spec.name, exp.property);
    // As plain check does: the counterexample is shrunk and the summary gives the step and detail
    // of the trace it links. A worker shrank it, unless the run was interrupted first.
    const shrunk = (cell.job.shrunk.get(exp.property) ?? shrinkTrace(found.trace, protocol, { profile: profileFor(spec, protocol, runSeed(options.seed, found.run)) })).trace;
    traces.push({ kind: 'counterexample', path, trace: shrunk, protocol, shrunkFrom: found.trace.events.length });
    return propertyVerdict(exp, { ...(shrunk.violation ?? found.violation), run: found.run, trace: path }, tally.runs, interrupted);
  });
  const error = tally.modelError;
  if (error !== null) {
    const { file, verdict } = modelErrorOutcome(protocol, spec.name, error);
    traces.push(file);
    properties.push(verdict);
  }
  const result: CatalogCellResult = {
    kind: 'catalog',
    model: protocol.name,
    profile: spec.name as ProfileName,
    nodes: expected[0].nodes,
    runs: tally.runs,
    events: tally.events,
    cutOffRuns: error?.cutOff === true ? [error.run] : [],
    properties,
    coverage: tally.coverage ?? emptyCoverage(protocol),
    elapsedMs: cell.elapsedMs,
    shrinkMs: cell.job.shrinkMs,
    interrupted,
  };
  return { result, traces };
}
