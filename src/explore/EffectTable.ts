/** The fields of an effect's record, from where `find` says it starts. */
export const EFFECT = { next: 1, removes: 2, kept: 3, high: 4, low: 5, addsAt: 6, step: 7 } as const;
const STRIDE = 8;
/** Keys are positive (stepKey's kind is at least 1), so 0 marks an empty record. */
const EMPTY = 0;
/** Records per row block when the row learns its first step: a row learns some eighty on the SPIN anchor, and a block grown from 8 was copied five times. */
const FIRST_CAPACITY = 32;

/**
 * The StepCache's learnt steps in flat typed arrays, one block per fixed row: the steps of one row
 * sit together, so expanding a state (a dozen lookups under one row) touches a few adjacent cache
 * lines and no object; a table keyed by (row, key) spread them over megabytes, and its cache misses
 * were a sixth of the search. A block is an open-addressed table of records (linear probing, at
 * most half full): a row learns some eighty steps on the SPIN anchor, and scanning them in order
 * was the search's largest single cost, forty compares a lookup. What the step adds to the parent's
 * message-hash sum to give the successor's hash (contentHashes.ts) is fixed: the successor row's
 * positional hash plus the kept messages' hashes minus the removed one's (what a bag keeps is fixed
 * by the key).
 * Record: [key, next row (-1: no state), removed code (-1: none), messages kept | messages sent << 16,
 * hash high, hash low, where its added codes start in `adds`, its path step's number (PathTree; 0 until one is needed)].
 */
export class EffectTable {
  /** Per row, its table of records (a power of two of them). */
  blocks: Int32Array[] = [];
  private counts = new Int32Array(1 << 10);
  size = 0;
  /** Each effect's added codes in send order. */
  adds = new Int32Array(1 << 12);
  private addsEnd = 0;

  /** Where the record of step `key` from row `row` starts in `blocks[row]`, or -1 when none was learnt. */
  find(row: number, key: number): number {
    const block = this.blocks[row];
    if (block === undefined) return -1;
    const mask = (block.length >>> 3) - 1;
    for (let i = slotOf(key, mask); ; i = (i + 1) & mask) {
      const at = i << 3;
      const k = block[at];
      if (k === key) return at;
      if (k === EMPTY) return -1;
    }
  }

  add(row: number, key: number, next: number, removes: number, adds: readonly number[], kept: number, high: number, low: number): void {
    if (this.find(row, key) >= 0) return;
    if (row >= this.counts.length) {
      const counts = new Int32Array(Math.max(2 * this.counts.length, row + 1));
      counts.set(this.counts);
      this.counts = counts;
    }
    let block = this.blocks[row] ?? new Int32Array(FIRST_CAPACITY * STRIDE);
    if (2 * (this.counts[row] + 1) > block.length / STRIDE) block = rehashed(block, 2 * block.length);
    this.blocks[row] = block;
    this.counts[row]++;
    this.size++;
    if (this.addsEnd + adds.length > this.adds.length) {
      const grown = new Int32Array(Math.max(2 * this.adds.length, this.addsEnd + adds.length));
      grown.set(this.adds);
      this.adds = grown;
    }
    const addsAt = this.addsEnd;
    for (const code of adds) this.adds[this.addsEnd++] = code;
    const at = freeRecord(block, key);
    block[at] = key;
    block[at + EFFECT.next] = next;
    block[at + EFFECT.removes] = removes;
    block[at + EFFECT.kept] = kept | (adds.length << 16);
    block[at + EFFECT.high] = high;
    block[at + EFFECT.low] = low;
    block[at + EFFECT.addsAt] = addsAt;
  }
}

/**
 * A key's home slot: Fibonacci hashing of the key without its kind (its low three bits, stepKey),
 * so a message's delivery, its delivery kept and its drop (and a node's timer and restart) share a
 * home and sit side by side: a state's lookups touch a line or two per message, not one per step.
 */
function slotOf(key: number, mask: number): number {
  return (Math.imul(key >>> 3, 0x9e3779b1) >>> 12) & mask;
}

/** Where a record of `key` (not in the block) goes. */
function freeRecord(block: Int32Array, key: number): number {
  const mask = (block.length >>> 3) - 1;
  let i = slotOf(key, mask);
  while (block[i << 3] !== EMPTY) i = (i + 1) & mask;
  return i << 3;
}

function rehashed(block: Int32Array, length: number): Int32Array {
  const grown = new Int32Array(length);
  for (let at = 0; at < block.length; at += STRIDE) {
    if (block[at] === EMPTY) continue;
    grown.set(block.subarray(at, at + STRIDE), freeRecord(grown, block[at]));
  }
  return grown;
}
