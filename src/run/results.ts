import type { Verdict } from '../../properties/expectations.js';
import type { AnyProtocol, PropertyName } from '../shared/protocol.js';
import type { ProfileName } from '../schedule/profiles.js';
import type { Violation } from '../judge/monitor.js';
import type { ProtocolCoverage } from '../coverage/protocolCoverage.js';
import type { Trace } from '../trace/format.js';
import type { MODEL_ERROR } from './chunkTask.js';

/** How much exploring each cell (model x profile) gets; it stops at whichever limit comes first. */
export interface CatalogBudget {
  runsPerCell: number;
  eventsPerCell: number;
}

/** `--shard K/N`: the K-th (1-based) of N deterministic slices. */
export interface Shard {
  index: number;
  count: number;
}

/** A model error is reported beside the properties, under this name. */
export type VerdictName = PropertyName | typeof MODEL_ERROR;

/** One model x profile x property cell: expected against observed. */
export interface PropertyVerdict {
  property: VerdictName;
  expected: Verdict;
  reason: string | null;
  observed: Verdict;
  /** The first violation found, the run it came from and its trace (relative to the report directory). */
  violation: ((Omit<Violation, 'property'> & { property: VerdictName }) & { run: number; trace: string | null }) | null;
  /** Null when observed = expected; else one line naming the cell and what went wrong. */
  mismatch: string | null;
}

interface CellResultBase {
  model: string;
  profile: ProfileName;
  nodes: number;
  runs: number;
  events: number;
  cutOffRuns: number[];
  properties: PropertyVerdict[];
  /** Protocol coverage of the cell's runs; a cell merged from shard files may have none. */
  coverage?: ProtocolCoverage;
  /** Wall-clock time; the only non-deterministic field, with shrinkMs. */
  elapsedMs: number;
  /** Wall-clock time spent shrinking the cell's counterexamples (on workers, so it may overlap its runs). */
  shrinkMs?: number;
  /** The run was interrupted before the cell finished: it covers its first `runs` runs. */
  interrupted: boolean;
}

/** A catalog cell (`check --all`): every catalog property judged in every run. */
export interface CatalogCellResult extends CellResultBase {
  kind: 'catalog';
}

/** A model x profile of plain `check`: its runs up to the first violation. */
export interface PlainCheckCellResult extends CellResultBase {
  kind: 'check';
  /** The first run of the slice (a shard of runs starts past 0). */
  firstRun: number;
}

/** A summary cell of either kind; `kind` tells which. */
export type CellResult = CatalogCellResult | PlainCheckCellResult;

interface SummaryBase {
  seed: string;
  budget: CatalogBudget;
  mismatches: string[];
  elapsedMs: number;
  shard?: Shard;
  /** SIGINT stopped the run: the cells cover the runs completed. */
  interrupted: boolean;
}

/** `check --all` (or a merge of its shards): expected verdicts from the catalog. */
export interface CatalogSummary extends SummaryBase {
  kind: 'catalog';
  cells: CatalogCellResult[];
}

/** Plain `leadercheck check` (or a merge of its shards): every property expected to hold. */
export interface PlainCheckSummary extends SummaryBase {
  kind: 'check';
  cells: PlainCheckCellResult[];
}

/** What summary.md, summary.json and junit.xml are written from. */
export type RunSummary = CatalogSummary | PlainCheckSummary;

/**
 * A trace a cell found, for the report layer to write (with its .txt and .md) at `path`,
 * relative to the report directory: a counterexample, or the run that led to a model error.
 */
export type TraceFile =
  | { kind: 'counterexample'; path: string; trace: Trace; protocol: AnyProtocol; /** Events of the run as found, before shrinking. */ shrunkFrom?: number }
  | { kind: 'model-error'; path: string; trace: Trace; protocol: AnyProtocol; detail: string; hung?: boolean };
