import { availableParallelism } from 'node:os';
import type { Shard } from '../run/catalog.js';
import { STEP_TIMEOUT_MS_DEFAULT, WorkerPool } from '../run/pool.js';
import { InputError } from '../shared/errors.js';
import { intOption } from './args.js';

/** `--workers N`: default one per core the machine offers. */
export function workersOption(value: string | undefined): number {
  return intOption('workers', value, availableParallelism(), 1, 1024);
}

/** `--shard K/N`: the K-th of N slices, 1 <= K <= N. */
export function shardOption(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !(count >= 1 && count <= 10_000 && index >= 1 && index <= count)) {
    throw new InputError(`--shard must be K/N with 1 <= K <= N (e.g. 2/4), got "${value}"`);
  }
  return { index, count };
}

/** What `interruptOnSigint` writes on stderr once its handler is installed, when LEADERCHECK_SIGINT_READY is set. */
export const SIGINT_READY = 'leadercheck: SIGINT handler installed';

/** Exit code of a run stopped by SIGINT (128 + 2), as shells report it. */
export const INTERRUPTED_EXIT = 130;

/** `--step-timeout MS`: how long one model call may run before it is a model error. */
export function stepTimeoutOption(value: string | undefined): number {
  return intOption('step-timeout', value, STEP_TIMEOUT_MS_DEFAULT, 1, 3_600_000);
}

/** The option table entry of `--step-timeout`, for every command that runs model code on workers. */
export const STEP_TIMEOUT_OPTION = {
  type: 'string',
  placeholder: 'MS',
  help: 'a model call (step, init, recover, view, stored) running longer than MS ms is a model error',
  default: String(STEP_TIMEOUT_MS_DEFAULT),
} as const;

/**
 * Ctrl-C during a run: the first SIGINT stops it at once (`stopNow` terminates the workers, a hung
 * one too) and the run writes what it has; a second one exits at once (reports are written
 * atomically, so nothing half-written is left).
 */
export function interruptOnSigint(
  stopNow: () => unknown = () => {},
  message = 'interrupted; stopping the workers and writing what was found (Ctrl-C again to quit now)',
): { readonly interrupted: boolean; dispose(): void } {
  const state = { interrupted: false };
  const handler = (): void => {
    if (state.interrupted) process.exit(INTERRUPTED_EXIT);
    state.interrupted = true;
    process.stderr.write(`\nleadercheck: ${message}\n`);
    void stopNow();
  };
  process.on('SIGINT', handler);
  // Tests send SIGINT once they read this: a signal before the handler would kill the process outright.
  if (process.env.LEADERCHECK_SIGINT_READY) process.stderr.write(`${SIGINT_READY}\n`);
  return {
    get interrupted() {
      return state.interrupted;
    },
    dispose: () => process.off('SIGINT', handler),
  };
}

/**
 * Runs one command's model code (explore, simulate) on a worker thread this thread can take back:
 * Ctrl-C terminates it at once, and the result is then null; a model call past the deadline is a
 * model error in the result.
 */
export async function onWorker<T>(command: string, stepTimeoutMs: number, work: (pool: WorkerPool) => Promise<T>): Promise<T | null> {
  const pool = new WorkerPool(1, { stepTimeoutMs });
  const sigint = interruptOnSigint(() => pool.stop(), `${command} interrupted`);
  try {
    return await work(pool);
  } catch (error) {
    if (sigint.interrupted) return null;
    throw error;
  } finally {
    sigint.dispose();
    await pool.close();
  }
}

/** `--config`'s help line, the same in check, simulate and replay. */
export const CONFIG_HELP = `model config over its defaults, a JSON object (e.g. '{"preVote":true,"checkQuorum":true}' for raft)`;
