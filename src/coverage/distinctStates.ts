import { hash64 } from '../world/hash64.js';
import { hashValue } from '../world/structuralHash.js';

/** How many hashes a sketch keeps: up to this many distinct states are counted exactly. */
export const STATE_SKETCH_SIZE = 1024;

const HASH_RANGE = 2 ** 52;

/**
 * Distinct node states as plain data: the smallest `STATE_SKETCH_SIZE` 52-bit hashes of the
 * states seen (13 hex digits each, ascending). Below that size the count is exact; above it is the
 * k-minimum-values estimate (Bar-Yossef et al. 2002, "Counting distinct elements in a data
 * stream"), within about 3% for k = 1024. Memory stays bounded however long the runs, and two
 * sketches merge exactly by union (keeping the k smallest), in any order and any grouping.
 */
export interface DistinctStates {
  /** Distinct states: exact when `exact`, else the k-minimum-values estimate. */
  count: number;
  exact: boolean;
  /** The k smallest hashes, ascending; `count` follows from them. */
  sketch: string[];
}

/** Collects the hashes of node states during runs; `result()` is the plain-data sketch. */
export class StateSketch {
  /** The kept hashes, at most STATE_SKETCH_SIZE. */
  private readonly kept = new Set<number>();
  /**
   * The same hashes as a binary max-heap, so the largest is at 0: once the sketch is full, every
   * new state below it replaces it in O(log k) (a scan of the k hashes per state took a fifth of
   * a catalog cell's time).
   */
  private readonly heap = new Float64Array(STATE_SKETCH_SIZE);
  private saturated = false;
  private readonly words = new Int32Array(1);
  private readonly hash = new Uint32Array(2);
  /**
   * The state each node's last step left: a no-op step returns that same object, which needs no
   * second look. Only a shortcut: a hash seen before is never added again (it is kept, or it was
   * above the largest kept, which only falls), so the sketch is the same with or without it, and
   * an identity check costs less than the WeakSet of every state this used to keep.
   */
  private readonly last: unknown[] = [];

  /** `node`: whose state it is (any key; states of one node arrive in their order). */
  add(state: unknown, node = 0): void {
    if (this.last[node] === state && typeof state === 'object' && state !== null) return;
    this.last[node] = state;
    const h = this.hash52(hashValue(state));
    const kept = this.kept;
    if (kept.has(h)) return;
    if (kept.size >= STATE_SKETCH_SIZE) {
      this.saturated = true;
      if (h > this.heap[0]) return;
      kept.delete(this.heap[0]);
      kept.add(h);
      this.siftDown(h);
      return;
    }
    kept.add(h);
    this.siftUp(kept.size - 1, h);
  }

  /** Puts `h` at slot `i` (a new last slot) and moves it up past every smaller parent. */
  private siftUp(i: number, h: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent] >= h) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = h;
  }

  /** Replaces the largest (slot 0) of a full heap with `h` and moves it down past every larger child. */
  private siftDown(h: number): void {
    const heap = this.heap;
    const size = STATE_SKETCH_SIZE;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && heap[child + 1] > heap[child]) child++;
      if (heap[child] <= h) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = h;
  }

  result(): DistinctStates {
    return sketchOf([...this.kept].sort((a, b) => a - b), this.saturated);
  }

  /**
   * The state's structural hash (key order ignored, as canonical JSON would) spread over 52 bits,
   * exact as a double. Hashing the structure instead of its JSON text took a third of a catalog
   * cell's time. It carries 32 bits of the state: 10^4 distinct states collide with odds near
   * 10^-2, which can only make a coverage count one lower.
   */
  private hash52(structural: number): number {
    this.words[0] = structural;
    hash64(this.words, 1, this.hash);
    return this.hash[0] * 2 ** 20 + (this.hash[1] >>> 12);
  }
}

/** The sketch of the union of two sets of states: commutative, associative, deterministic. */
export function mergeDistinctStates(a: DistinctStates, b: DistinctStates): DistinctStates {
  const union = [...new Set([...a.sketch, ...b.sketch])].sort();
  const saturated = !a.exact || !b.exact || union.length > STATE_SKETCH_SIZE;
  return sketchOf(union.slice(0, STATE_SKETCH_SIZE).map((hex) => Number.parseInt(hex, 16)), saturated);
}

export const NO_STATES: DistinctStates = { count: 0, exact: true, sketch: [] };

function sketchOf(ascending: readonly number[], saturated: boolean): DistinctStates {
  const sketch = ascending.map((h) => h.toString(16).padStart(13, '0'));
  if (!saturated) return { count: sketch.length, exact: true, sketch };
  // The k-th smallest of k uniform draws sits near k / n of the range: n ~ (k - 1) / U_k.
  const kth = (ascending[ascending.length - 1] + 1) / HASH_RANGE;
  return { count: Math.round((ascending.length - 1) / kth), exact: false, sketch };
}
