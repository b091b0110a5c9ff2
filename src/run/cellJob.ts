import type { PropertyName } from '../shared/protocol.js';
import type { ShrinkResult } from '../shrink/shrinkTrace.js';
import type { ChunkJob } from './drive.js';
import { addCoverage, type ProtocolCoverage } from '../coverage/protocolCoverage.js';
import type { ShrinkTask } from './shrinkTask.js';
import { chunkResultOf, shrinkResultOf, type WorkerResult, type WorkerTask } from './tasks.js';
import type { ChunkResult, ChunkTask, FoundInChunk, ModelErrorInChunk } from './chunkTask.js';

/**
 * Runs per epoch: properties found violated stop being checked only from the next epoch on. The
 * set of properties a run checks changes how long it lasts, so it must not depend on how runs were
 * split among workers: it changes at these fixed run indices, whatever the chunks.
 */
export const EPOCH_RUNS = 64;
/** Runs per task; any size gives the same result (smaller: better balance, more messages). */
export const CELL_CHUNK_RUNS = 16;

export interface CellBudget {
  runsPerCell: number;
  eventsPerCell: number;
}

/** Where a cell stands: the runs counted so far, as a sequential loop would have counted them. */
export interface CellTally {
  runs: number;
  events: number;
  found: Map<PropertyName, FoundInChunk>;
  modelError: ModelErrorInChunk | null;
  /** Coverage of every chunk folded, the one holding the cut included whole. */
  coverage: ProtocolCoverage | null;
}

/**
 * One catalog cell: up to `runsPerCell` runs or `eventsPerCell` events (checked before each run,
 * from per-run event counts, so the cut falls at the same run for any chunking), until every
 * property is violated or a model errs. Each property's first violation is the lowest run's.
 * Its counterexamples are shrunk as tasks too, so the workers shrink while this thread only folds.
 */
export class CellJob implements ChunkJob {
  readonly tally: CellTally = { runs: 0, events: 0, found: new Map(), modelError: null, coverage: null };
  private stoppedAt = false;
  private epoch = -1;
  private handedOut = 0;
  /** Results of the current epoch by chunk start, folded in run order as they become contiguous. */
  private readonly pending = new Map<number, { task: ChunkTask; result: ChunkResult }>();
  private folded = 0;
  /** The properties every run of the current epoch checks. */
  private open: PropertyName[] = [];
  /** Found properties in the order found; the first `shrinksHandedOut` are shrinking or shrunk. */
  private readonly toShrink: PropertyName[] = [];
  private shrinksHandedOut = 0;
  /** Shrunk counterexamples by property, as they come back. */
  readonly shrunk = new Map<PropertyName, ShrinkResult>();
  /** Wall-clock milliseconds the workers spent shrinking this cell's counterexamples (timings only). */
  shrinkMs = 0;

  constructor(
    private readonly base: Omit<ChunkTask, 'kind' | 'mode' | 'properties' | 'firstRun' | 'runs'>,
    private readonly properties: readonly PropertyName[],
    private readonly budget: CellBudget,
  ) {}

  /** Every run counted, and every counterexample shrunk. */
  get done(): boolean {
    return this.stoppedAt && this.shrunk.size === this.tally.found.size;
  }

  /** Every run counted (the counterexamples may still be shrinking): the verdicts are final. */
  get runsDone(): boolean {
    return this.stoppedAt;
  }

  /** True once any run was counted: an interrupted run reports only started cells. */
  get started(): boolean {
    return this.epoch >= 0;
  }

  next(): WorkerTask | null {
    // A property's first violation is final once folded (folding goes in run order), so it can
    // shrink while later runs go on; shrinks go first, as they are the longest tasks.
    if (this.shrinksHandedOut < this.toShrink.length) return this.shrinkTask(this.toShrink[this.shrinksHandedOut++]);
    if (this.stoppedAt) return null;
    if (this.epoch < 0 || this.handedOut >= this.epochEnd(this.epoch)) {
      // The next epoch's properties follow from every run before it: wait for them all.
      if (this.folded < this.handedOut) return null;
      this.epoch++;
      this.open = this.properties.filter((p) => !this.tally.found.has(p));
    }
    const firstRun = this.handedOut;
    const runs = Math.min(CELL_CHUNK_RUNS, this.epochEnd(this.epoch) - firstRun);
    this.handedOut += runs;
    return { ...this.base, kind: 'chunk', mode: 'each', properties: this.open, firstRun, runs };
  }

  accept(task: WorkerTask, result: WorkerResult): void {
    if (task.kind === 'shrink') {
      const done = shrinkResultOf(result);
      this.shrunk.set(task.property, done.shrunk);
      this.shrinkMs += done.ms;
      return;
    }
    if (this.stoppedAt) return;
    this.pending.set(task.firstRun, { task, result: chunkResultOf(result) });
    for (let next = this.pending.get(this.folded); next !== undefined && !this.stoppedAt; next = this.pending.get(this.folded)) {
      this.pending.delete(this.folded);
      this.folded += next.task.runs;
      this.fold(next.result);
    }
  }

  private shrinkTask(property: PropertyName): ShrinkTask {
    const found = this.tally.found.get(property)!;
    const { model, modelFile, profile, seed } = this.base;
    return { kind: 'shrink', model, ...(modelFile === undefined ? {} : { modelFile }), profile, seed, run: found.run, property, trace: found.trace };
  }

  private epochEnd(epoch: number): number {
    return Math.min((epoch + 1) * EPOCH_RUNS, this.budget.runsPerCell);
  }

  private fold(chunk: ChunkResult): void {
    const t = this.tally;
    if (chunk.coverage !== undefined) t.coverage = addCoverage(t.coverage, chunk.coverage);
    for (const record of chunk.runs) {
      t.runs++;
      t.events += record.events;
      for (const p of record.violated) {
        if (t.found.has(p)) continue;
        t.found.set(p, chunk.found[p]!);
        this.toShrink.push(p);
      }
      if (chunk.modelError?.run === record.run) {
        t.modelError = chunk.modelError;
        this.stoppedAt = true;
        return;
      }
      if (t.runs >= this.budget.runsPerCell || t.events >= this.budget.eventsPerCell || t.found.size === this.properties.length) {
        this.stoppedAt = true;
        return;
      }
    }
  }
}
