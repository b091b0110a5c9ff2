import type { MessagePort } from 'node:worker_threads';
import { SharedFingerprintSet } from '../SharedFingerprintSet.js';
import type { Control } from './control.js';
import type { LevelWorker } from './levelWorker.js';
import { receiveFrom } from './ports.js';

/** The table grows at a level barrier when the states so far and the next level's projected ones would fill more than this of it... */
const GROW_AT = 0.7;
/** ...to a size they fill this much of. */
const GROWN_LOAD = 0.5;
/** The next level is projected as the last one times its growth, times this. */
const MARGIN = 1.5;
/** Fewest slots, at least room for the states every worker may insert between two looks at the table (levelWorker.ts checkRoom). */
const FEWEST = 1 << 16;

/** The table's first size: room for --max-states when it is given, else small (it grows at level barriers). */
export function initialCapacity(maxStates: number | undefined, workers: number): number {
  const fewest = Math.max(FEWEST, workers * (1 << 13));
  if (maxStates === undefined || !Number.isFinite(maxStates)) return fewest;
  return Math.max(fewest, Math.min(1 << 27, Math.ceil((MARGIN * maxStates) / GROWN_LOAD)));
}

/**
 * The size the table should grow to before the next level is expanded (0: it need not), from figures
 * every worker has (the same decision on each): `states` stored, `made` the level just made, `before`
 * the level made before it. The table cannot grow within a level: a level that fills it past
 * levelWorker.ts OVERFULL ends the parallel search (the one-thread search then runs).
 */
export function grownCapacity(capacity: number, states: number, made: number, before: number): number {
  const projected = made * Math.max(1, made / Math.max(1, before)) * MARGIN;
  if (states + projected <= GROW_AT * capacity) return 0;
  return Math.ceil((states + projected) / GROWN_LOAD);
}

/** Grows the shared table to `capacity` slots: worker 0 allocates it and posts it to the others, and every worker copies its share of the old table into it. */
export function growTable(worker: LevelWorker, control: Control, ports: readonly (MessagePort | null)[], capacity: number): void {
  let buffer: SharedArrayBuffer;
  if (worker.me === 0) {
    buffer = SharedFingerprintSet.allocate(capacity);
    for (const port of ports) port?.postMessage(buffer);
  } else {
    buffer = receiveFrom(ports[0]!, control) as SharedArrayBuffer;
  }
  const set = worker.set;
  const old = set.words;
  const slots = set.capacity;
  set.attach(buffer);
  set.rehash(old, Math.floor((slots * worker.me) / worker.workers), Math.floor((slots * (worker.me + 1)) / worker.workers));
  control.barrier();
}
