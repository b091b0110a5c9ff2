import type { AnyProtocol } from '../shared/protocol.js';
import { runShrink, type ShrinkTask, type ShrinkTaskResult } from './shrinkTask.js';
import { type ChunkResult, type ChunkTask, type LocalChunkOptions, runChunk } from './chunkTask.js';

/** What a worker thread is handed: a chunk of runs, or a counterexample to shrink. */
export type WorkerTask = ChunkTask | ShrinkTask;
export type WorkerResult = ChunkResult | ShrinkTaskResult;

/** Runs either kind of task; the result has the task's kind. `local` applies to chunks run in this thread. */
export function runTask(task: WorkerTask, protocol: AnyProtocol, local?: LocalChunkOptions): WorkerResult {
  return task.kind === 'shrink' ? runShrink(task, protocol) : runChunk(task, protocol, local);
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
