const EMPTY = 0;
const MAX_LOAD = 0.8;
const GROWTH = 1.5;

/**
 * A set of 64-bit fingerprints: open addressing with linear probing over two Uint32Array halves,
 * 8 bytes a slot. Growing by half at 80% load keeps the load between 53% and 80%, so a stored state
 * costs 10 to 15 bytes (SPIN's and TLC's fingerprint sets make the same trade).
 */
export class FingerprintSet {
  private high: Uint32Array;
  private low: Uint32Array;
  private scale: number;
  size = 0;

  constructor(capacity = 1 << 12) {
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.scale = capacity / 2 ** 32;
  }

  get capacity(): number {
    return this.low.length;
  }

  get bytes(): number {
    return this.high.byteLength + this.low.byteLength;
  }

  /** Adds a fingerprint; true when it was new. */
  add(high: number, low: number): boolean {
    // (0, 0) marks an empty slot, so that one fingerprint is stored as (0, 1).
    if (high === EMPTY && low === EMPTY) low = 1;
    if (this.size + 1 > this.capacity * MAX_LOAD) this.grow();
    const cap = this.capacity;
    let i = this.slot(high);
    for (;;) {
      const l = this.low[i];
      const h = this.high[i];
      if (l === EMPTY && h === EMPTY) {
        this.high[i] = high;
        this.low[i] = low;
        this.size++;
        return true;
      }
      if (l === low && h === high) return false;
      i = i + 1 === cap ? 0 : i + 1;
    }
  }

  has(high: number, low: number): boolean {
    if (high === EMPTY && low === EMPTY) low = 1;
    const cap = this.capacity;
    let i = this.slot(high);
    for (;;) {
      const l = this.low[i];
      const h = this.high[i];
      if (l === EMPTY && h === EMPTY) return false;
      if (l === low && h === high) return true;
      i = i + 1 === cap ? 0 : i + 1;
    }
  }

  /** Lemire's range reduction: any capacity, not just powers of two, so growth can be 1.5x. */
  private slot(high: number): number {
    const i = Math.floor(high * this.scale);
    return i < this.capacity ? i : this.capacity - 1;
  }

  private grow(): void {
    const { high, low } = this;
    const capacity = Math.ceil(high.length * GROWTH);
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.scale = capacity / 2 ** 32;
    this.size = 0;
    for (let i = 0; i < high.length; i++) {
      if (high[i] !== EMPTY || low[i] !== EMPTY) this.add(high[i], low[i]);
    }
  }
}
