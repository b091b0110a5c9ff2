import type { InFlight, World } from '../shared/world.js';
import type { ContentHashes } from './contentHashes.js';
import { EffectTable } from './EffectTable.js';

/**
 * A distinct row of slots and memos (the fixed part of a state), numbered: a breadth-first level
 * keeps each state's row number, so the steps learnt from it, its hash and what the packed
 * enumerator knows of its slots (`meta`) are found with no lookup.
 */
export interface FixedRow {
  id: number;
  codes: Int32Array;
  /** What packedChoices.ts derives from the row's slots, filled in the first time it is expanded. */
  meta: unknown;
  /** Its codes' hash, where rowOf's table places it. */
  home: number;
}

/** Codes and timer numbers beyond this do not fit a key; their steps take the kernel's path. */
const KEY_UNIT = 0x10000;

/** The kinds of cacheable steps, as stepKey numbers them. */
export const STEP = { deliver: 1, drop: 2, duplicate: 3, deliverKeep: 4, timer: 5, restart: 6 } as const;

/** The count field of a key that holds for any message count: the step's sends all fit (see stepKey). */
const ANY_COUNT = 31;

/**
 * The key of a step from a fixed row: its kind, the node it acts on and its argument (the message's
 * code or the timer's number); -1 when it does not fit in 28 bits, a small integer to V8. A step's
 * effect depends on the message count before it only through a bag's overflow (what is lost, so how
 * many times the monitor observes): an effect learnt with no overflow is kept under this key and
 * holds whenever its sends fit again; one learnt with an overflow is kept under withCount(key, count).
 */
export function stepKey(kind: number, node: number, count: number, arg: number): number {
  if (arg >= KEY_UNIT || count >= ANY_COUNT || node >= 16) return -1;
  return (((arg << 5) | ANY_COUNT) << 7) | (node << 3) | kind;
}

/** The key of the same step from a state with `count` messages, for an effect a bag's overflow shaped. */
export function withCount(key: number, count: number): number {
  return key - ((ANY_COUNT - count) << 7);
}

/**
 * Steps the search has taken once through the kernel (Execution: apply, then the monitor), kept by
 * what they depend on so the same step from another state is replayed on codes alone, with no
 * world built. A delivery, a timer, a drop, a duplicate and an atomic restart depend only on the
 * slots of the nodes and the message they act on (the model's step is a pure function of its
 * node's state and its input); the memos of properties that read only node slots depend only on
 * those slots and the memos before. So a step is kept under its parent's fixed row and its key
 * (stepKey), in flat typed arrays (EffectTable). Message ids, times and the network's order never
 * enter a state. Anything else (crash alone, restart alone, partitions, a property that reads the
 * network, a violation) always takes the kernel's path.
 */
export class StepCache {
  readonly rows: FixedRow[] = [];
  /** Each row's content hash in position (ContentHashes.ofFixed), by row number. */
  rowHigh = new Int32Array(1 << 10);
  rowLow = new Int32Array(1 << 10);
  readonly effects = new EffectTable();
  /** The rows by their codes' hash (rowOf): row number + 1 per slot, 0 for none. */
  private rowSlots = new Int32Array(1 << 10);
  private readonly timerIds = new Map<string, number>();
  private readonly hash = new Uint32Array(2);

  constructor(
    /** Codes before the messages in a row: the slots, then the memos. */
    readonly fixedParts: number,
    private readonly hashes: ContentHashes,
    /** A bag's capacity: what overflows it is lost (undefined: unbounded). */
    private readonly bag: number | undefined,
  ) {}

  /** The number of the fixed row of a state's codes (its first `fixedParts`). */
  rowOf(codes: ArrayLike<number>): number {
    const fixed = this.fixedParts;
    let h = 0x2545f491;
    for (let i = 0; i < fixed; i++) h = Math.imul(h ^ codes[i], 0x9e3779b1) ^ (h >>> 15);
    // Open addressing over row numbers + 1 (0: empty), at most half full; a hit is checked code by code.
    const mask = this.rowSlots.length - 1;
    let at = (h >>> 0) & mask;
    for (let id = this.rowSlots[at] - 1; id >= 0; id = this.rowSlots[at] - 1) {
      if (sameFixed(this.rows[id].codes, codes, fixed)) return id;
      at = (at + 1) & mask;
    }
    const id = this.rows.length;
    const own = Int32Array.from({ length: fixed }, (_, i) => codes[i]);
    this.hashes.ofFixed(own, 0, fixed, this.hash);
    if (id === this.rowHigh.length) {
      this.rowHigh = grown(this.rowHigh);
      this.rowLow = grown(this.rowLow);
    }
    this.rowHigh[id] = this.hash[0] | 0;
    this.rowLow[id] = this.hash[1] | 0;
    this.rows.push({ id, codes: own, meta: null, home: h >>> 0 });
    if (2 * this.rows.length > this.rowSlots.length) {
      this.rowSlots = new Int32Array(2 * this.rowSlots.length);
      for (const row of this.rows) this.placeRow(row.id, row.home);
    } else {
      this.rowSlots[at] = id + 1;
    }
    return id;
  }

  private placeRow(id: number, home: number): void {
    const mask = this.rowSlots.length - 1;
    let at = home & mask;
    while (this.rowSlots[at] !== 0) at = (at + 1) & mask;
    this.rowSlots[at] = id + 1;
  }

  /**
   * Learns a step the kernel took from row `row` under `key`: `before` and `after` are the worlds
   * around its events (after: before a bag's overflow), `childCodes` the successor's codes (null: no
   * state), `codeOf` a message's code.
   */
  learn(row: number, key: number, before: World, after: World, childCodes: Int32Array | null, codeOf: (m: InFlight) => number): void {
    const removed = before.network.filter((m) => !after.network.some((n) => n.id === m.id));
    if (removed.length > 1) return;
    const adds = after.network.filter((m) => m.id >= before.nextMessageId).map(codeOf);
    const removes = removed.length === 0 ? -1 : codeOf(removed[0]);
    const left = before.network.length - removed.length;
    const kept = Math.min(adds.length, this.bag === undefined ? Infinity : this.bag - left);
    if (kept < adds.length) key = withCount(key, before.network.length);
    const next = childCodes === null ? -1 : this.rowOf(childCodes);
    let high = next < 0 ? 0 : this.rowHigh[next];
    let low = next < 0 ? 0 : this.rowLow[next];
    if (removes >= 0) {
      high = (high - this.hashes.high[removes]) | 0;
      low = (low - this.hashes.low[removes]) | 0;
    }
    for (let a = 0; a < kept; a++) {
      high = (high + this.hashes.high[adds[a]]) | 0;
      low = (low + this.hashes.low[adds[a]]) | 0;
    }
    this.effects.add(row, key, next, removes, adds, kept, high, low);
  }

  /** Steps learnt so far. */
  get size(): number {
    return this.effects.size;
  }

  /** A timer's number for stepKey. */
  timerId(name: string): number {
    let id = this.timerIds.get(name);
    if (id === undefined) {
      id = this.timerIds.size;
      this.timerIds.set(name, id);
    }
    return id;
  }
}

function sameFixed(a: Int32Array, b: ArrayLike<number>, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function grown(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
