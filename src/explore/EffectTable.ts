/** The fields of an effect's record, from where `find` says it starts. */
export const EFFECT = { next: 1, removes: 2, kept: 3, high: 4, low: 5, addsAt: 6 } as const;
const STRIDE = 8;

/**
 * The StepCache's learnt steps in flat typed arrays, one block per fixed row: the steps of one row
 * sit together, so expanding a state (a dozen lookups under one row) touches a few adjacent cache
 * lines and no object; a table keyed by (row, key) spread them over megabytes, and its cache misses
 * were a sixth of the search. What the step adds to the parent's message-hash sum to give the
 * successor's hash (contentHashes.ts) is fixed: the successor row's positional hash plus the kept
 * messages' hashes minus the removed one's (what a bag keeps is fixed by the key).
 * Record: [key, next row (-1: no state), removed code (-1: none), messages kept | messages sent << 16,
 * hash high, hash low, where its added codes start in `adds`, unused].
 */
export class EffectTable {
  /** Per row, its records; `counts[row]` of them are in use. */
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
    const end = this.counts[row] * STRIDE;
    for (let at = 0; at < end; at += STRIDE) if (block[at] === key) return at;
    return -1;
  }

  add(row: number, key: number, next: number, removes: number, adds: readonly number[], kept: number, high: number, low: number): void {
    if (this.find(row, key) >= 0) return;
    if (row >= this.counts.length) {
      const counts = new Int32Array(Math.max(2 * this.counts.length, row + 1));
      counts.set(this.counts);
      this.counts = counts;
    }
    let block = this.blocks[row] ?? new Int32Array(4 * STRIDE);
    const at = this.counts[row] * STRIDE;
    if (at + STRIDE > block.length) {
      const grown = new Int32Array(2 * block.length);
      grown.set(block);
      block = grown;
    }
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
    block[at] = key;
    block[at + EFFECT.next] = next;
    block[at + EFFECT.removes] = removes;
    block[at + EFFECT.kept] = kept | (adds.length << 16);
    block[at + EFFECT.high] = high;
    block[at + EFFECT.low] = low;
    block[at + EFFECT.addsAt] = addsAt;
  }
}
