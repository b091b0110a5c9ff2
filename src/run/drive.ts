import type { WorkerResult, WorkerTask } from './tasks.js';

/**
 * A unit of work cut into tasks (a catalog cell, a model x profile of `check`): chunks of runs,
 * then its counterexamples to shrink. It hands out tasks when it can (a cell waits for an epoch's
 * results before the next) and folds results in run order, so its outcome never depends on which
 * task finished first.
 */
export interface ChunkJob {
  /** A task that can start now, or null (all handed out, or waiting for results). */
  next(): WorkerTask | null;
  accept(task: WorkerTask, result: WorkerResult): void;
  readonly done: boolean;
}

/** Runs chunks somewhere: inline in this thread, or on a pool of worker threads. */
export interface ChunkRunner {
  readonly workers: number;
  /** How many tasks to keep in flight so no worker waits for the next. */
  readonly inFlightMax: number;
  run(task: WorkerTask): Promise<WorkerResult>;
  /** Stops every worker now; tasks in flight reject. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface DriveOptions {
  /**
   * Polled between results; once true no new task starts and the workers are stopped. Checked
   * before failures: Ctrl-C stops the runner at once (a hung worker too), failing what is in flight.
   */
  stopped(): boolean;
  /** After each accepted result (progress). */
  onResult?(task: WorkerTask, result: WorkerResult): void;
}

/** Feeds jobs' tasks to a runner, earlier jobs first, until every job is done or the run is stopped. True when stopped. */
export async function drive(jobs: readonly ChunkJob[], runner: ChunkRunner, options: DriveOptions): Promise<boolean> {
  const inFlight = new Set<Promise<void>>();
  const failed: { error?: unknown; yes: boolean } = { yes: false };
  let stopping = false;
  const start = (job: ChunkJob, task: WorkerTask): void => {
    const settled = runner.run(task).then(
      (result) => {
        if (stopping) return;
        job.accept(task, result);
        options.onResult?.(task, result);
      },
      (error: unknown) => {
        if (!stopping && !failed.yes) Object.assign(failed, { yes: true, error });
      },
    );
    const tracked = settled.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  const fill = (): void => {
    for (const job of jobs) {
      while (!job.done && inFlight.size < runner.inFlightMax) {
        const task = job.next();
        if (task === null) break;
        start(job, task);
      }
      if (inFlight.size >= runner.inFlightMax) return;
    }
  };
  fill();
  while (inFlight.size > 0) {
    await Promise.race(inFlight);
    if (options.stopped()) {
      stopping = true;
      await runner.stop();
      await Promise.allSettled(inFlight);
      return true;
    }
    if (failed.yes) {
      stopping = true;
      await runner.stop();
      await Promise.allSettled(inFlight);
      throw failed.error;
    }
    fill();
  }
  if (jobs.some((job) => !job.done)) throw new Error('a job is waiting for results no task will bring');
  return false;
}

/** The same feeding, one task at a time in this thread: what `runCatalog`, `checkModel` and tests use. */
export function driveSync(jobs: readonly ChunkJob[], run: (task: WorkerTask) => WorkerResult, onResult?: (task: WorkerTask, result: WorkerResult) => void): void {
  for (const job of jobs) {
    while (!job.done) {
      const task = job.next();
      if (task === null) throw new Error('a job is waiting for results no task will bring');
      const result = run(task);
      job.accept(task, result);
      onResult?.(task, result);
    }
  }
}
