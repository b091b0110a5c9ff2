const EMPTY = 0;
const MAX_LOAD = 0.8;
const GROWTH = 1.5;
/** Most entries of the recent cache: 1 MB, which stays in a core's second-level cache (2 MB here); on the SPIN anchor 3/2/3 (512 KB of it, by the thirty-second rule) it answers 6.72 million lookups of 16.6 million, 6.35 million at 256 KB. */
const RECENT_MAX = 1 << 17;

/**
 * A set of 64-bit fingerprints: open addressing with linear probing over one Uint32Array that
 * keeps each fingerprint's two halves side by side, 8 bytes a slot, so a probe touches one cache
 * line rather than one in each of two arrays (the set is the search's one random memory access).
 * Growing by half at 80% load keeps the load between 53% and 80%, so a stored state costs 10 to 15
 * bytes (SPIN's and TLC's fingerprint sets make the same trade).
 *
 * In front of the table sits a small direct-mapped cache of the fingerprints added or found most
 * recently (by the low half's bits): breadth-first meets a state again soon after it first met it
 * (two siblings' children close a diamond: a then b, b then a), and on the SPIN anchor half the
 * set's lookups are answered there, in the second-level cache, instead of by a probe of a table
 * tens of megabytes large. It holds only fingerprints the table holds, so it changes no answer.
 */
export class FingerprintSet {
  /** slots[2i] is slot i's high half, slots[2i + 1] its low half. */
  private slots: Uint32Array;
  private scale: number;
  private cap: number;
  size = 0;
  /** Pairs (high, low) like `slots`, a thirty-second of the table's slots or fewer (a power of two), so it adds at most a thirty-second to its bytes. */
  private recent: Uint32Array;
  private recentMask: number;
  /** Lookups the recent cache answered (a test shows the cache is in use). */
  recentHits = 0;
  /** Home slots `prefetch` read ahead of their lookups (a test shows the batched path is taken). */
  prefetched = 0;
  /** What the prefetching loads read, kept so that the compiler cannot drop them as unused. */
  private touched = 0;

  constructor(capacity = 1 << 12) {
    this.cap = capacity;
    this.slots = new Uint32Array(2 * capacity);
    this.scale = capacity / 2 ** 32;
    this.recentMask = recentEntries(capacity) - 1;
    this.recent = new Uint32Array(2 * (this.recentMask + 1));
  }

  get capacity(): number {
    return this.cap;
  }

  get bytes(): number {
    return this.slots.byteLength + this.recent.byteLength;
  }

  /** Adds a fingerprint; true when it was new. */
  add(high: number, low: number): boolean {
    high >>>= 0;
    low >>>= 0;
    // (0, 0) marks an empty slot, so that one fingerprint is stored as (0, 1).
    if (high === EMPTY && low === EMPTY) low = 1;
    const recent = this.recent;
    const r = 2 * (low & this.recentMask);
    if (recent[r + 1] === low && recent[r] === high) {
      this.recentHits++;
      return false;
    }
    recent[r] = high;
    recent[r + 1] = low;
    return this.addToTable(high, low);
  }

  /**
   * Reads the home slot of each of the first `count` fingerprints that the recent cache does not
   * hold, and changes nothing: JS has no prefetch instruction, but these loads depend on nothing
   * before them, so the processor keeps their cache misses in flight together and the `add`s that
   * follow find the lines in cache. A miss to memory (about 180 ns on this machine against 20 ns
   * each when a dozen are in flight) was the set's whole cost when paid one successor at a time.
   */
  prefetch(highs: Uint32Array, lows: Uint32Array, count: number): void {
    const recent = this.recent;
    const slots = this.slots;
    let touched = 0;
    let reads = 0;
    for (let k = 0; k < count; k++) {
      const high = highs[k];
      const low = lows[k];
      const r = 2 * (low & this.recentMask);
      if (recent[r + 1] === low && recent[r] === high) continue;
      touched ^= slots[2 * this.slot(high)];
      reads++;
    }
    this.touched ^= touched;
    this.prefetched += reads;
  }

  /** `add` past the recent cache. */
  private addToTable(high: number, low: number): boolean {
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
    if (recentEntries(this.cap) > this.recentMask + 1) {
      this.recentMask = recentEntries(this.cap) - 1;
      this.recent = new Uint32Array(2 * (this.recentMask + 1));
    }
    // The old entries are distinct and fit: each goes to the first empty slot from its home, with no compare and no load check (in slot order, so the writes move forward through the new table).
    const slots = this.slots;
    const end = slots.length;
    for (let i = 0; i < old.length; i += 2) {
      const high = old[i];
      const low = old[i + 1];
      if (high === EMPTY && low === EMPTY) continue;
      let j = 2 * this.slot(high);
      while (slots[j] !== EMPTY || slots[j + 1] !== EMPTY) {
        j += 2;
        if (j === end) j = 0;
      }
      slots[j] = high;
      slots[j + 1] = low;
    }
  }
}

function recentEntries(capacity: number): number {
  let entries = 16;
  while (entries < RECENT_MAX && entries * 32 <= capacity) entries *= 2;
  return entries;
}
