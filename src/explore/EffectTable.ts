/** The fields of an effect's record in EffectTable.slots, after the row + 1 and the key. */
export const EFFECT = { next: 2, removes: 3, kept: 4, deltaHigh: 5, deltaLow: 6, addsAt: 7 } as const;
const STRIDE = 8;

/**
 * The StepCache's learnt steps in one flat Int32Array: open addressing from (fixed row, step key) to
 * a record of what replaying the step needs, in the slot itself, so a lookup on the search's hot
 * path touches one cache line and no object. An effect's message-hash delta (the kept messages'
 * hashes minus the removed one's) is fixed, as the message count is part of its key and so is what
 * a bag loses. Record: [row + 1 (0: empty), key, next row (-1: no state), removed code (-1: none),
 * messages kept, delta high, delta low, where its added codes start in `adds`].
 */
export class EffectTable {
  slots = new Int32Array(STRIDE << 12);
  private mask = (1 << 12) - 1;
  size = 0;
  /** Each effect's added codes in send order, behind a count: [n, code...]. */
  adds = new Int32Array(1 << 12);
  private addsEnd = 0;

  /** Where the record of step `key` from row `row` starts in `slots`, or -1 when none was learnt. */
  find(row: number, key: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = slotOf(row, key) & mask;
    for (;;) {
      const at = i * STRIDE;
      const r = slots[at];
      if (r === 0) return -1;
      if (r === row + 1 && slots[at + 1] === key) return at;
      i = (i + 1) & mask;
    }
  }

  add(row: number, key: number, next: number, removes: number, adds: readonly number[], kept: number, deltaHigh: number, deltaLow: number): void {
    if (this.find(row, key) >= 0) return;
    this.size++;
    if (2 * this.size > this.mask) this.grow();
    if (this.addsEnd + adds.length + 1 > this.adds.length) {
      const grown = new Int32Array(Math.max(2 * this.adds.length, this.addsEnd + adds.length + 1));
      grown.set(this.adds);
      this.adds = grown;
    }
    const addsAt = this.addsEnd;
    this.adds[this.addsEnd++] = adds.length;
    for (const code of adds) this.adds[this.addsEnd++] = code;
    const at = this.place(row, key);
    const s = this.slots;
    s[at + EFFECT.next] = next;
    s[at + EFFECT.removes] = removes;
    s[at + EFFECT.kept] = kept;
    s[at + EFFECT.deltaHigh] = deltaHigh;
    s[at + EFFECT.deltaLow] = deltaLow;
    s[at + EFFECT.addsAt] = addsAt;
  }

  private place(row: number, key: number): number {
    const slots = this.slots;
    let i = slotOf(row, key) & this.mask;
    while (slots[i * STRIDE] !== 0) i = (i + 1) & this.mask;
    const at = i * STRIDE;
    slots[at] = row + 1;
    slots[at + 1] = key;
    return at;
  }

  private grow(): void {
    const old = this.slots;
    this.mask = 2 * this.mask + 1;
    this.slots = new Int32Array(STRIDE * (this.mask + 1));
    for (let from = 0; from < old.length; from += STRIDE) {
      if (old[from] === 0) continue;
      const at = this.place(old[from] - 1, old[from + 1]);
      for (let k = 2; k < STRIDE; k++) this.slots[at + k] = old[from + k];
    }
  }
}

function slotOf(row: number, key: number): number {
  let h = Math.imul(row, 0x9e3779b1) ^ Math.imul(key, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
