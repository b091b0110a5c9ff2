import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { ExploreProgress } from '../explore/exploreOptions.js';
import { ModelError } from '../shared/errors.js';
import type { AnyProtocol } from '../shared/protocol.js';
import type { ChunkRunner } from './drive.js';
import { markHung, settleHung } from './hungTask.js';
import { runTask, type PoolResult, type PoolTask, type ResultOf, type WorkerTask } from './tasks.js';
import { CallWatch, watchTickMs } from './watchdog.js';
import { CALL_SLOTS, errorOf, type ReplyMessage } from './workerMessages.js';

/** A model call that runs longer than this is a model error (`--step-timeout`). */
export const STEP_TIMEOUT_MS_DEFAULT = 5000;

export interface PoolOptions {
  /** The deadline of one model call, in ms. */
  stepTimeoutMs?: number;
}

interface Pending {
  task: PoolTask;
  /** The call that hung, to be refused in this attempt (rebuilding the trace that led there); 0 runs every call. */
  stopAt: number;
  /**
   * The call that hung in the attempt before, which this one runs again to see it hang a second
   * time before it is refused: one stall of a healthy call (a GC pause, a thread off the cores for
   * the whole deadline) must not become a model error whose trace replays cleanly. 0 when none.
   */
  confirmAt?: number;
  resolve(result: PoolResult): void;
  reject(error: unknown): void;
  onProgress?(progress: ExploreProgress): void;
}

interface Slot {
  worker: Worker;
  watch: CallWatch;
  busy: Pending | null;
}

/**
 * Worker threads that run model code where the main thread can always take it back: a worker
 * stuck in a model call past the deadline is terminated and replaced, and the task runs again on
 * the fresh one, stopped at the call that hung (the same call: a task's calls are numbered from
 * its start, and runs are deterministic), so the model error comes with the trace that led there.
 * `stop()` terminates every worker at once, hung or not.
 */
export class WorkerPool implements ChunkRunner {
  readonly inFlightMax: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly deadlineMs: number;
  private readonly ticker: NodeJS.Timeout;
  private nextId = 1;
  private stopped = false;

  constructor(
    readonly workers: number,
    options: PoolOptions = {},
  ) {
    this.inFlightMax = workers * 2;
    this.deadlineMs = options.stepTimeoutMs ?? STEP_TIMEOUT_MS_DEFAULT;
    for (let i = 0; i < workers; i++) this.slots.push(this.startSlot());
    this.ticker = setInterval(() => this.sample(), watchTickMs(this.deadlineMs));
    this.ticker.unref();
  }

  run<T extends PoolTask>(task: T, onProgress?: (progress: ExploreProgress) => void): Promise<ResultOf<T>> {
    if (this.stopped) return Promise.reject(new Error('the worker pool was stopped'));
    return new Promise<PoolResult>((resolve, reject) => {
      this.queue.push({ task, stopAt: 0, resolve, reject, onProgress });
      this.dispatch();
    }) as Promise<ResultOf<T>>;
  }

  /** Terminates every worker now, whatever it is doing; tasks not done reject. */
  async stop(): Promise<void> {
    await this.shutDown(new Error('the worker pool was stopped'));
  }

  async close(): Promise<void> {
    await this.shutDown(new Error('the worker pool was closed'));
  }

  private async shutDown(reason: Error): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.ticker);
    const pending = [...this.queue.splice(0), ...this.slots.flatMap((s) => (s.busy === null ? [] : [s.busy]))];
    const exits = this.slots.map((s) => s.worker.terminate());
    for (const p of pending) p.reject(reason);
    await Promise.allSettled(exits);
  }

  private startSlot(): Slot {
    const calls = new SharedArrayBuffer(CALL_SLOTS * Float64Array.BYTES_PER_ELEMENT);
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { calls } });
    const slot: Slot = { worker, watch: new CallWatch(new Float64Array(calls), this.deadlineMs), busy: null };
    worker.on('message', (reply: ReplyMessage) => this.onReply(slot, reply));
    worker.on('error', (error) => this.onDeath(slot, error));
    worker.on('exit', (code) => this.onDeath(slot, new Error(`a worker thread exited (code ${code}) during a task`)));
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy === null) this.give(slot, this.queue.shift()!);
    }
  }

  private give(slot: Slot, pending: Pending): void {
    slot.busy = pending;
    slot.watch.restart(performance.now());
    slot.worker.postMessage({ id: this.nextId++, task: pending.task, stopAt: pending.stopAt, deadlineMs: this.deadlineMs });
  }

  private onReply(slot: Slot, reply: ReplyMessage): void {
    const pending = slot.busy;
    if (pending === null || this.stopped) return;
    if (reply.kind === 'progress') {
      pending.onProgress?.(reply.progress);
      return;
    }
    slot.busy = null;
    if (reply.kind === 'result') pending.resolve(pending.stopAt === 0 ? reply.result : markHung(reply.result));
    else pending.reject(errorOf(reply.error));
    this.dispatch();
  }

  private onDeath(slot: Slot, error: Error): void {
    if (this.stopped || !this.slots.includes(slot)) return;
    const pending = slot.busy;
    this.replace(slot);
    pending?.reject(error);
    this.dispatch();
  }

  /** A fresh worker in the slot's place; the old one is terminated (a hung thread stops at once). */
  private replace(slot: Slot): Slot {
    slot.worker.removeAllListeners();
    // Nothing it says now matters, but an 'error' nobody listens for would throw here.
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
    const fresh = this.startSlot();
    this.slots[this.slots.indexOf(slot)] = fresh;
    return fresh;
  }

  private sample(): void {
    const now = performance.now();
    for (const slot of [...this.slots]) {
      const pending = slot.busy;
      if (pending === null) continue;
      const call = slot.watch.hungCall(now);
      if (call === 0) continue;
      const fresh = this.replace(slot);
      if (pending.stopAt !== 0) {
        pending.reject(new ModelError(`a model call did not return within ${this.deadlineMs} ms, and running the task again hung before reaching it: is the model deterministic?`));
      } else if (pending.confirmAt === undefined || pending.confirmAt === 0) {
        const settled = settleHung(pending.task, this.deadlineMs);
        if (settled !== null) pending.resolve(settled);
        else this.give(fresh, { ...pending, confirmAt: call });
      } else {
        // Hung twice: the call is refused in a third attempt, which rebuilds the trace that led there.
        this.give(fresh, { ...pending, confirmAt: 0, stopAt: call });
      }
    }
    this.dispatch();
  }
}

/**
 * One worker is this thread: no thread to start and no copying, for the library and tests that
 * hand in a model object no worker could load. Model code then runs on this thread, unwatched.
 */
export function inlineRunner(model: (task: WorkerTask) => AnyProtocol): ChunkRunner {
  return {
    workers: 1,
    inFlightMax: 1,
    run: async (task) => {
      await new Promise((resolve) => setImmediate(resolve));
      return runTask(task, model(task));
    },
    stop: async () => {},
    close: async () => {},
  };
}

/** `--workers N`: N worker threads (1 too: model code never runs on the thread that must answer Ctrl-C). */
export function chunkRunner(workers: number, options: PoolOptions = {}): WorkerPool {
  return new WorkerPool(workers, options);
}
