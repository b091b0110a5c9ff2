import type { CatalogBudget, CatalogCellResult, CellResult, PlainCheckCellResult, PropertyVerdict, RunSummary } from '../run/results.js';
import { mismatchesOf } from '../run/verdicts.js';
import { addCoverage, type ProtocolCoverage } from '../coverage/protocolCoverage.js';
import type { ProfileName } from '../schedule/profiles.js';
import { InputError } from '../shared/errors.js';

/** A shard's summary.json as read back, with where it came from. */
export interface ShardSummary {
  dir: string;
  json: SummaryJson;
}

/** The fields of summary.json that merging reads (see summaryJson). */
export interface SummaryJson {
  format: string;
  kind?: 'check';
  interrupted?: boolean;
  shard?: { index: number; count: number };
  seed: string;
  budget: CatalogBudget;
  cells: SummaryCellJson[];
  timings: { totalMs: number; cells: { ms: number; shrinkMs?: number }[] };
}

/** A cell of summary.json as read back (plain check's cells carry `firstRun`); `coverage` is attached from the shard's coverage files. */
export interface SummaryCellJson {
  model: string;
  profile: ProfileName;
  nodes: number;
  firstRun?: number;
  interrupted?: boolean;
  runs: number;
  events: number;
  cutOffRuns: number[];
  properties: PropertyVerdict[];
  coverage?: ProtocolCoverage;
}

/** A merged cell and the shard directory its traces are in. */
export interface MergedCell<Cell extends CellResult = CellResult> {
  cell: Cell;
  dir: string;
}

/**
 * Shards back into one result, as one unsharded run would have given it. The catalog's shards
 * hold whole cells (cell i in shard i mod N + 1), so merging interleaves them back into catalog
 * order. Plain `check` shards hold slices of runs of every model x profile: merging folds the
 * slices in run order and stops at the first that found a violation or model error, as the
 * sequential loop stops there. Total time is the longest shard's (shards run side by side).
 */
export function mergeSummaries(shards: readonly ShardSummary[]): { result: RunSummary; cells: MergedCell[] } {
  if (shards.length === 0) throw new InputError('merge: give at least one shard directory');
  for (const s of shards) {
    if (s.json.interrupted) throw new InputError(`merge: ${s.dir} holds an interrupted run; rerun that shard`);
  }
  const [first] = shards;
  for (const s of shards) {
    const same = s.json.kind === first.json.kind && s.json.seed === first.json.seed && JSON.stringify(s.json.budget) === JSON.stringify(first.json.budget);
    if (!same) throw new InputError(`merge: ${s.dir} and ${first.dir} come from different runs (kind, seed or budget differ)`);
  }
  const ordered = inShardOrder(shards);
  const common = { seed: first.json.seed, budget: first.json.budget, elapsedMs: Math.max(...shards.map((s) => s.json.timings.totalMs)), interrupted: false };
  if (first.json.kind === 'check') {
    const cells = mergeRunSlices(ordered);
    const merged = cells.map((c) => c.cell);
    return { result: { kind: 'check', ...common, cells: merged, mismatches: mismatchesOf(merged) }, cells };
  }
  const cells = interleave(ordered);
  const merged = cells.map((c) => c.cell);
  return { result: { kind: 'catalog', ...common, cells: merged, mismatches: mismatchesOf(merged) }, cells };
}

/** Shards sorted by index; every index 1..N present exactly once (or a single unsharded summary). */
function inShardOrder(shards: readonly ShardSummary[]): ShardSummary[] {
  const count = shards[0].json.shard?.count;
  if (count === undefined) {
    if (shards.length > 1) throw new InputError('merge: these summaries are not shards (no --shard K/N); merge needs the shards of one run');
    return [...shards];
  }
  const byIndex = new Map<number, ShardSummary>();
  for (const s of shards) {
    if (s.json.shard?.count !== count) throw new InputError(`merge: ${s.dir} is not a shard of ${count}`);
    if (byIndex.has(s.json.shard.index)) throw new InputError(`merge: shard ${s.json.shard.index}/${count} is given twice (${s.dir})`);
    byIndex.set(s.json.shard.index, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new InputError(`merge: missing shard ${missing.map((i) => `${i}/${count}`).join(', ')}`);
  return missing.length === 0 ? Array.from({ length: count }, (_, i) => byIndex.get(i + 1)!) : [];
}

/** A shard's cells as results again; merging refuses interrupted shards, so none is interrupted. */
function cellsOf(shard: ShardSummary): { cell: Omit<CatalogCellResult, 'kind'>; dir: string }[] {
  return shard.json.cells.map((c, i) => {
    const { firstRun: _firstRun, interrupted: _interrupted, ...fields } = c;
    return { cell: { ...fields, elapsedMs: shard.json.timings.cells[i]?.ms ?? 0, ...shrinkMsOf(shard.json.timings.cells[i]), interrupted: false }, dir: shard.dir };
  });
}

/** Cell j of shard K (1-based) of N was cell j*N + K-1 of the whole run. */
function interleave(shards: readonly ShardSummary[]): MergedCell<CatalogCellResult>[] {
  const all: { at: number; cell: MergedCell<CatalogCellResult> }[] = [];
  shards.forEach((s, k) => cellsOf(s).forEach(({ cell, dir }, j) => all.push({ at: j * shards.length + k, cell: { cell: { kind: 'catalog', ...cell }, dir } })));
  return all.sort((a, b) => a.at - b.at).map((a) => a.cell);
}

/** Every shard has a slice of every model x profile: fold the slices in run order up to the first incident. */
function mergeRunSlices(shards: readonly ShardSummary[]): MergedCell<PlainCheckCellResult>[] {
  const keys: string[] = [];
  const slices = new Map<string, MergedCell<PlainCheckCellResult>[]>();
  for (const shard of shards) {
    for (const [i, { cell: fields, dir }] of cellsOf(shard).entries()) {
      const cell: MergedCell<PlainCheckCellResult> = { cell: { kind: 'check', ...fields, firstRun: shard.json.cells[i].firstRun ?? 0 }, dir };
      const key = `${cell.cell.model}\u0000${cell.cell.profile}`;
      if (!slices.has(key)) {
        keys.push(key);
        slices.set(key, []);
      }
      slices.get(key)!.push(cell);
    }
  }
  return keys.map((key) => {
    const parts = slices.get(key)!.sort((a, b) => a.cell.firstRun - b.cell.firstRun);
    let runs = 0;
    let events = 0;
    let elapsedMs = 0;
    let coverage: ProtocolCoverage | undefined;
    let last = parts[0];
    for (const part of parts) {
      runs += part.cell.runs;
      events += part.cell.events;
      elapsedMs += part.cell.elapsedMs;
      const slice = part.cell.coverage;
      if (slice !== undefined) coverage = addCoverage(coverage, slice);
      last = part;
      if (part.cell.properties.some((p) => p.observed === 'violated')) break;
    }
    const merged = { ...last.cell, firstRun: parts[0].cell.firstRun, runs, events, elapsedMs };
    return { dir: last.dir, cell: coverage === undefined ? merged : { ...merged, coverage } };
  });
}

/** A shard cell's shrinking time, when its summary says it. */
function shrinkMsOf(timing: { shrinkMs?: number } | undefined): { shrinkMs?: number } {
  return timing?.shrinkMs === undefined ? {} : { shrinkMs: timing.shrinkMs };
}
