const EMPTY = 0;
const MAX_LOAD = 0.8;
const GROWTH = 1.5;

/**
 * A set of 64-bit fingerprints: open addressing with linear probing over one Uint32Array that
 * keeps each fingerprint's two halves side by side, 8 bytes a slot, so a probe touches one cache
 * line rather than one in each of two arrays (the set is the search's one random memory access).
 * Growing by half at 80% load keeps the load between 53% and 80%, so a stored state costs 10 to 15
 * bytes (SPIN's and TLC's fingerprint sets make the same trade).
 */
export class FingerprintSet {
  /** slots[2i] is slot i's high half, slots[2i + 1] its low half. */
  private slots: Uint32Array;
  private scale: number;
  private cap: number;
  size = 0;

  constructor(capacity = 1 << 12) {
    this.cap = capacity;
    this.slots = new Uint32Array(2 * capacity);
    this.scale = capacity / 2 ** 32;
  }

  get capacity(): number {
    return this.cap;
  }

  get bytes(): number {
    return this.slots.byteLength;
  }

  /** Adds a fingerprint; true when it was new. */
  add(high: number, low: number): boolean {
    high >>>= 0;
    low >>>= 0;
    // (0, 0) marks an empty slot, so that one fingerprint is stored as (0, 1).
    if (high === EMPTY && low === EMPTY) low = 1;
    if (this.size + 1 > this.cap * MAX_LOAD) this.grow();
    const slots = this.slots;
    const end = slots.length;
    let i = 2 * this.slot(high);
    for (;;) {
      const h = slots[i];
      const l = slots[i + 1];
      if (l === EMPTY && h === EMPTY) {
        slots[i] = high;
        slots[i + 1] = low;
        this.size++;
        return true;
      }
      if (l === low && h === high) return false;
      i += 2;
      if (i === end) i = 0;
    }
  }

  has(high: number, low: number): boolean {
    high >>>= 0;
    low >>>= 0;
    if (high === EMPTY && low === EMPTY) low = 1;
    const slots = this.slots;
    const end = slots.length;
    let i = 2 * this.slot(high);
    for (;;) {
      const h = slots[i];
      const l = slots[i + 1];
      if (l === EMPTY && h === EMPTY) return false;
      if (l === low && h === high) return true;
      i += 2;
      if (i === end) i = 0;
    }
  }

  /** Lemire's range reduction: any capacity, not just powers of two, so growth can be 1.5x. */
  private slot(high: number): number {
    const i = Math.floor(high * this.scale);
    return i < this.cap ? i : this.cap - 1;
  }

  private grow(): void {
    const old = this.slots;
    this.cap = Math.ceil(this.cap * GROWTH);
    this.slots = new Uint32Array(2 * this.cap);
    this.scale = this.cap / 2 ** 32;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== EMPTY || old[i + 1] !== EMPTY) this.add(old[i], old[i + 1]);
    }
  }
}
