import type { ExploreProgress } from '../explore/exploreOptions.js';
import { InputError, ModelError } from '../shared/errors.js';
import type { PoolResult, PoolTask } from './tasks.js';

/** What the main thread posts a worker: a task, and the call to stop at when it rebuilds a hang. */
export interface TaskMessage {
  id: number;
  task: PoolTask;
  /** The task's model call that hung in an earlier attempt (counted from the task's start); 0: none. */
  stopAt: number;
  deadlineMs: number;
}

/** An error as it crosses the thread boundary: its kind survives, so the CLI still maps it to its exit code. */
export interface PortableError {
  kind: 'input' | 'model' | 'internal';
  message: string;
}

/** What a worker posts back about a task. */
export type ReplyMessage =
  | { id: number; kind: 'result'; result: PoolResult }
  | { id: number; kind: 'error'; error: PortableError }
  | { id: number; kind: 'progress'; progress: ExploreProgress };

/** What the SharedArrayBuffer a worker counts its model calls in holds (see ModelCallCounter). */
export const CALL_SLOTS = 2;

export function portableError(error: unknown): PortableError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof InputError) return { kind: 'input', message };
  if (error instanceof ModelError) return { kind: 'model', message };
  return { kind: 'internal', message };
}

export function errorOf(error: PortableError): Error {
  if (error.kind === 'input') return new InputError(error.message);
  if (error.kind === 'model') return new ModelError(error.message);
  return new Error(error.message);
}
