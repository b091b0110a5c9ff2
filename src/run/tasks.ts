import type { ExploreProgress } from '../explore/exploreOptions.js';
import type { AnyProtocol } from '../shared/protocol.js';
import { runExplore, type ExploreTask, type ExploreTaskResult } from './exploreTask.js';
import { runShortest, type ShortestTask, type ShortestTaskResult } from './shortestTask.js';
import { runShrink, type ShrinkTask, type ShrinkTaskResult } from './shrinkTask.js';
import { runSimulate, type SimulateResult, type SimulateTask } from './simulateTask.js';
import { type ChunkResult, type ChunkTask, type LocalChunkOptions, runChunk } from './chunkTask.js';

/** What a job hands a worker: a chunk of runs, or a counterexample to shrink. */
export type WorkerTask = ChunkTask | ShrinkTask;
export type WorkerResult = ChunkResult | ShrinkTaskResult;

/** Everything a worker thread runs: a job's tasks, and the whole of `explore` or `simulate`. */
export type PoolTask = WorkerTask | ExploreTask | SimulateTask | ShortestTask;
export type PoolResult = WorkerResult | ExploreTaskResult | SimulateResult | ShortestTaskResult;

/** The result kind of a task kind. */
export type ResultOf<T extends PoolTask> = T extends ChunkTask
  ? ChunkResult
  : T extends ShrinkTask
    ? ShrinkTaskResult
    : T extends ExploreTask
      ? ExploreTaskResult
      : T extends ShortestTask
        ? ShortestTaskResult
        : SimulateResult;

/** Runs either kind of task; the result has the task's kind. `local` applies to chunks run in this thread. */
export function runTask(task: WorkerTask, protocol: AnyProtocol, local?: LocalChunkOptions): WorkerResult {
  return task.kind === 'shrink' ? runShrink(task, protocol) : runChunk(task, protocol, local);
}

/** Runs any task a worker is handed; explore reports its progress on the way. */
export function runPoolTask(task: PoolTask, protocol: AnyProtocol, onProgress: (progress: ExploreProgress) => void): PoolResult {
  if (task.kind === 'explore') return runExplore(task, protocol, onProgress);
  if (task.kind === 'simulate') return runSimulate(task, protocol);
  if (task.kind === 'shortest') return runShortest(task, protocol);
  return runTask(task, protocol);
}

/** The result of a chunk task (a job's accept pairs tasks and results by kind). */
export function chunkResultOf(result: WorkerResult): ChunkResult {
  if (result.kind !== 'chunk') throw new Error(`expected a chunk result, got a ${result.kind} result`);
  return result;
}

/** The result of a shrink task. */
export function shrinkResultOf(result: WorkerResult): ShrinkTaskResult {
  if (result.kind !== 'shrink') throw new Error(`expected a shrink result, got a ${result.kind} result`);
  return result;
}
