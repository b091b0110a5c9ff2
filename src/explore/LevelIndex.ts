/**
 * The states of one breadth-first level that a later path may still need to find, by their 64-bit
 * fingerprint: open addressing with linear probing over typed arrays (a Map keyed by numbers this
 * large boxes every key). Cleared for each level; it keeps its capacity.
 */
export class LevelIndex {
  private high = new Uint32Array(1 << 10);
  private low = new Uint32Array(1 << 10);
  /** Position in the level + 1; 0 marks an empty slot. */
  private value = new Int32Array(1 << 10);
  private size = 0;

  /** The position stored under a fingerprint, or -1. */
  get(high: number, low: number): number {
    const mask = this.value.length - 1;
    for (let i = (high ^ Math.imul(low, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      const v = this.value[i];
      if (v === 0) return -1;
      if (this.high[i] === high && this.low[i] === low) return v - 1;
    }
  }

  /** Stores a fingerprint not stored yet. */
  set(high: number, low: number, position: number): void {
    if ((this.size + 1) * 2 > this.value.length) this.grow();
    const mask = this.value.length - 1;
    let i = (high ^ Math.imul(low, 0x9e3779b1)) & mask;
    while (this.value[i] !== 0) i = (i + 1) & mask;
    this.high[i] = high;
    this.low[i] = low;
    this.value[i] = position + 1;
    this.size++;
  }

  clear(): void {
    if (this.size > 0) this.value.fill(0);
    this.size = 0;
  }

  private grow(): void {
    const { high, low, value } = this;
    this.high = new Uint32Array(high.length * 2);
    this.low = new Uint32Array(high.length * 2);
    this.value = new Int32Array(high.length * 2);
    this.size = 0;
    for (let i = 0; i < value.length; i++) if (value[i] !== 0) this.set(high[i], low[i], value[i] - 1);
  }
}
