import { availableParallelism } from 'node:os';
import type { Shard } from '../run/catalog.js';
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

/** Exit code of a run stopped by SIGINT (128 + 2), as shells report it. */
export const INTERRUPTED_EXIT = 130;

/**
 * Ctrl-C during a run: the first SIGINT asks the run to stop and write what it has; a second one
 * exits at once (reports are written atomically, so nothing half-written is left).
 */
export function interruptOnSigint(): { readonly interrupted: boolean; dispose(): void } {
  const state = { interrupted: false };
  const handler = (): void => {
    if (state.interrupted) process.exit(INTERRUPTED_EXIT);
    state.interrupted = true;
    process.stderr.write('\nleadercheck: interrupted; stopping the workers and writing what was found (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', handler);
  return {
    get interrupted() {
      return state.interrupted;
    },
    dispose: () => process.off('SIGINT', handler),
  };
}
