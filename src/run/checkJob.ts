import type { ShrinkResult } from '../shrink/shrinkTrace.js';
import type { ChunkJob } from './drive.js';
import { addCoverage, type ProtocolCoverage } from '../coverage/protocolCoverage.js';
import { chunkResultOf, shrinkResultOf, type WorkerResult, type WorkerTask } from './tasks.js';
import type { ChunkResult, ChunkTask, FoundInChunk, ModelErrorInChunk } from './chunkTask.js';

/** Runs per task of plain `check`; any size gives the same result. */
export const CHECK_CHUNK_RUNS = 50;

/** Where a `check` of one model x profile stands, counted as the sequential loop would: up to its first incident. */
export interface CheckTally {
  firstRun: number;
  runs: number;
  events: number;
  /** The first violation (lowest run), if any. */
  found: FoundInChunk | null;
  modelError: ModelErrorInChunk | null;
  /** Protocol coverage of the runs counted (the chunks folded, each ending at its first incident). */
  coverage: ProtocolCoverage | null;
}

/**
 * Runs [firstRun, firstRun + runs) until the first violation or model error. Chunks run in any
 * order; the tally folds them in run order and drops every chunk past the first incident, so
 * runs and events stop where the sequential loop stops. The violation found, if any, is then
 * shrunk as one more task, on a worker like the runs.
 */
export class CheckJob implements ChunkJob {
  readonly tally: CheckTally;
  private handedOut: number;
  private readonly end: number;
  private readonly pending = new Map<number, { task: ChunkTask; result: ChunkResult }>();
  private folded: number;
  private incidentRun = Infinity;
  private shrinkHandedOut = false;
  /** The violation found, shrunk, once it comes back. */
  shrunk: ShrinkResult | null = null;

  /** `shrink: false` leaves the violation as found (the library's `checkModel` hands it to its caller). */
  constructor(
    private readonly base: Omit<ChunkTask, 'kind' | 'mode' | 'firstRun' | 'runs'>,
    firstRun: number,
    runs: number,
    private readonly options: { shrink: boolean } = { shrink: true },
  ) {
    this.tally = { firstRun, runs: 0, events: 0, found: null, modelError: null, coverage: null };
    this.handedOut = firstRun;
    this.folded = firstRun;
    this.end = firstRun + runs;
  }

  /** Every run counted, and the violation found (if any) shrunk. */
  get done(): boolean {
    return this.runsDone && (this.tally.found === null || this.shrunk !== null || !this.options.shrink);
  }

  /** Every run counted (the violation may still be shrinking): the verdict is final. */
  get runsDone(): boolean {
    return this.folded >= Math.min(this.end, this.incidentRun + 1);
  }

  next(): WorkerTask | null {
    if (this.runsDone && this.tally.found !== null && this.options.shrink && !this.shrinkHandedOut) {
      this.shrinkHandedOut = true;
      const { model, modelFile, profile, seed } = this.base;
      const { run, trace, violation } = this.tally.found;
      return { kind: 'shrink', model, ...(modelFile === undefined ? {} : { modelFile }), profile, seed, run, property: violation.property, trace };
    }
    if (this.handedOut >= Math.min(this.end, this.incidentRun + 1)) return null;
    const firstRun = this.handedOut;
    const runs = Math.min(CHECK_CHUNK_RUNS, this.end - firstRun);
    this.handedOut += runs;
    return { ...this.base, kind: 'chunk', mode: 'first', firstRun, runs };
  }

  accept(task: WorkerTask, anyResult: WorkerResult): void {
    if (task.kind === 'shrink') {
      this.shrunk = shrinkResultOf(anyResult).shrunk;
      return;
    }
    const result = chunkResultOf(anyResult);
    // A chunk stops at its first incident: its last run. No later chunk is needed (nor folded).
    const last = result.runs.at(-1);
    const incident = result.modelError !== null || Object.keys(result.found).length > 0;
    if (incident && last !== undefined) this.incidentRun = Math.min(this.incidentRun, last.run);
    this.pending.set(task.firstRun, { task, result });
    for (let next = this.pending.get(this.folded); next !== undefined && !this.runsDone; next = this.pending.get(this.folded)) {
      this.pending.delete(this.folded);
      this.folded += next.task.runs;
      this.fold(next.result);
    }
  }

  private fold(chunk: ChunkResult): void {
    const t = this.tally;
    if (chunk.coverage !== undefined) t.coverage = addCoverage(t.coverage, chunk.coverage);
    for (const record of chunk.runs) {
      t.runs++;
      t.events += record.events;
    }
    // The first incident is kept: no chunk is folded after it, but that need not be relied on.
    t.found ??= Object.values(chunk.found)[0] ?? null;
    t.modelError ??= chunk.modelError;
  }
}
