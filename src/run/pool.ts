import { Piscina } from 'piscina';
import type { AnyProtocol } from '../shared/protocol.js';
import type { ChunkRunner } from './drive.js';
import { runTask, type WorkerResult, type WorkerTask } from './tasks.js';

/**
 * Worker threads from piscina: it keeps a fixed set of threads busy from one queue, rejects a
 * task whose worker died instead of hanging, and stops every thread at once on `destroy()`.
 */
export function workerPool(workers: number): ChunkRunner {
  const pool = new Piscina<WorkerTask, WorkerResult>({
    filename: new URL('./worker.js', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
  });
  return {
    workers,
    inFlightMax: workers * 2,
    run: (task) => pool.run(task),
    stop: () => pool.destroy(),
    close: () => pool.close(),
  };
}

/**
 * One worker is this thread: no thread to start and no copying, so `--workers 1` is the plain
 * sequential loop. It yields between chunks so SIGINT and progress get their turn.
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

/** `--workers N`: the pool for N > 1, this thread for 1. */
export function chunkRunner(workers: number, model: (task: WorkerTask) => AnyProtocol): ChunkRunner {
  return workers > 1 ? workerPool(workers) : inlineRunner(model);
}
