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
  if (!inSketchForm(a.sketch) || !inSketchForm(b.sketch)) return mergeAnyOrder(a, b);
  const union = mergeAscending(a.sketch, b.sketch);
  const saturated = !a.exact || !b.exact || union.length > STATE_SKETCH_SIZE;
  const sketch = union.length > STATE_SKETCH_SIZE ? union.slice(0, STATE_SKETCH_SIZE) : union;
  if (!saturated) return { count: sketch.length, exact: true, sketch };
  return { count: estimatedCount(sketch.length, Number.parseInt(sketch[sketch.length - 1], 16)), exact: false, sketch };
}

/** A sketch as a collector writes it: 13 lowercase hex digits each, strictly ascending. */
function inSketchForm(sketch: readonly string[]): boolean {
  for (let i = 0; i < sketch.length; i++) {
    if (!SKETCH_HASH.test(sketch[i]) || (i > 0 && sketch[i - 1] >= sketch[i])) return false;
  }
  return true;
}

const SKETCH_HASH = /^[0-9a-f]{13}$/;

/** Sketches read from anywhere (a hand-edited coverage file, say): sorted and written anew. */
function mergeAnyOrder(a: DistinctStates, b: DistinctStates): DistinctStates {
  const union = [...new Set([...a.sketch, ...b.sketch])].sort();
  const saturated = !a.exact || !b.exact || union.length > STATE_SKETCH_SIZE;
  return sketchOf(union.slice(0, STATE_SKETCH_SIZE).map((hex) => Number.parseInt(hex, 16)), saturated);
}

/**
 * Two ascending sketches as one, each hash once: the hex digits are all 13 wide, so text order is
 * number order, and a merge walk replaces the sort (and the parse and print of every hash) that
 * folding each chunk's coverage into its cell cost, 1024 hashes a chunk.
 */
function mergeAscending(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i] : undefined;
    const y = j < b.length ? b[j] : undefined;
    let next: string;
    if (y === undefined || (x !== undefined && x < y)) next = a[i++];
    else if (x === undefined || y < x) next = b[j++];
    else {
      next = a[i++];
      j++;
    }
    // A sketch holds each hash once, but merging is defined as a union whatever it is given.
    if (out.length === 0 || out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

export const NO_STATES: DistinctStates = { count: 0, exact: true, sketch: [] };

function sketchOf(ascending: readonly number[], saturated: boolean): DistinctStates {
  const sketch = ascending.map(hex13);
  if (!saturated) return { count: sketch.length, exact: true, sketch };
  return { count: estimatedCount(ascending.length, ascending[ascending.length - 1]), exact: false, sketch };
}

/**
 * A 52-bit hash as 13 lowercase hex digits, as `h.toString(16).padStart(13, '0')` writes it, from
 * a table of byte pairs: a double's radix conversion was most of what each chunk's sketch cost.
 */
export function hex13(h: number): string {
  const high = Math.floor(h / 2 ** 32);
  const low = h >>> 0;
  return HEX_DIGIT[(high >>> 16) & 0xf] + HEX_BYTE[(high >>> 8) & 0xff] + HEX_BYTE[high & 0xff] + HEX_BYTE[low >>> 24] + HEX_BYTE[(low >>> 16) & 0xff] + HEX_BYTE[(low >>> 8) & 0xff] + HEX_BYTE[low & 0xff];
}

const HEX_DIGIT: readonly string[] = Array.from({ length: 16 }, (_, i) => i.toString(16));
const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The k-th smallest of k uniform draws sits near k / n of the range: n ~ (k - 1) / U_k. */
function estimatedCount(k: number, largest: number): number {
  return Math.round((k - 1) / ((largest + 1) / HASH_RANGE));
}
