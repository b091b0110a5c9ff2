import { FingerprintSet } from './FingerprintSet.js';

/** Words per slot: [tag, high, low, parent key]; 16 bytes, so a slot never straddles a cache line. */
export const SLOT = 4;
/** A slot's tag: empty, being written (its claimer writes the rest, then the tag), or the level its state was first reached at + LEVELED. */
const EMPTY = 0;
const BUSY = 1;
const LEVELED = 2;
/** Entries of the recent cache (16 bytes each): 512 KB, which stays in a core's second-level cache. */
const RECENT_MAX = 1 << 15;

/**
 * The fingerprint set of a parallel search (parallel/), one table on a SharedArrayBuffer that every
 * worker probes and inserts into: open addressing with linear probing, a slot claimed with
 * Atomics.compareExchange on its tag, so of two workers reaching one state at once exactly one wins
 * it (and keeps it on its frontier). A slot also keeps the level its state was first reached at and
 * its parent key: the least key (`keyOf`, the high half of a fingerprint) of the states of the level
 * before that reach it, lowered by compareExchange when a lesser parent reaches it. The least, not
 * the first, so the parent chain (parallel/parentChain.ts) does not depend on which worker won a race.
 *
 * A small direct-mapped cache of recent fingerprints (with their level and the least parent key
 * this worker saw) answers most repeat lookups without a probe, as in FingerprintSet; it goes on to
 * the table only when its state is new at this level and the parent offered is less than the key it saw.
 * Exact 64-bit fingerprints: the tag, not a reserved fingerprint, marks an empty slot.
 */
export class SharedFingerprintSet extends FingerprintSet {
  private table!: Int32Array;
  private slotCount = 0;
  private reduction = 0;
  private tag = LEVELED;
  /** The key of the state being expanded: what `add` offers as the parent of the states it reaches. */
  parentKey = 0;
  /** The fingerprints this worker inserted, in order (pairs, high then low), `wonCount` of them since `clearWon`. */
  won = new Uint32Array(1 << 11);
  wonCount = 0;
  /** States this worker inserted, and parent keys it lowered. */
  inserts = 0;
  lowered = 0;
  /** Whether the fingerprint of the last `add` is of a state first reached at this level (a violating step counts only then). */
  lastNewHere = false;
  private readonly lately: Int32Array;
  private readonly latelyMask: number;

  constructor(
    buffer: SharedArrayBuffer,
    /** A key is the high half shifted right by this much (0 in a search; tests raise it to force ties between parents). */
    readonly keyShift = 0,
  ) {
    super(16);
    this.attach(buffer);
    // Its full size from the start: the table grows between levels, and the cache is a worker's own.
    this.latelyMask = RECENT_MAX - 1;
    this.lately = new Int32Array(SLOT * RECENT_MAX);
  }

  /** A table of `capacity` slots. */
  static allocate(capacity: number): SharedArrayBuffer {
    return new SharedArrayBuffer(SLOT * 4 * capacity);
  }

  /** Uses the table in `buffer` from now on (after it grew: see parallel/tableGrowth.ts). */
  attach(buffer: SharedArrayBuffer): void {
    this.table = new Int32Array(buffer);
    this.slotCount = this.table.length / SLOT;
    this.reduction = this.slotCount / 2 ** 32;
  }

  get buffer(): SharedArrayBuffer {
    return this.table.buffer as SharedArrayBuffer;
  }

  override get capacity(): number {
    return this.slotCount;
  }

  override get bytes(): number {
    return this.table.byteLength;
  }

  /** The level the states inserted from now on are at (events from boot). */
  set level(level: number) {
    this.tag = level + LEVELED;
  }

  keyOf(high: number): number {
    return (high >>> this.keyShift) | 0;
  }

  clearWon(): void {
    this.wonCount = 0;
  }

  /** Adds a fingerprint; true when this worker inserted it (it is new, and this worker's). */
  override add(high: number, low: number): boolean {
    high |= 0;
    low |= 0;
    const recent = this.lately;
    const r = SLOT * (low & this.latelyMask);
    if (recent[r + 1] === low && recent[r + 2] === high && recent[r] !== EMPTY) {
      this.recentHits++;
      this.lastNewHere = recent[r] === this.tag;
      // An older state, or a parent no less than one seen: the stored key is already as small.
      if (!this.lastNewHere || this.parentKey >>> 0 >= recent[r + 3] >>> 0) return false;
    }
    return this.insert(high, low, r);
  }

  private insert(high: number, low: number, r: number): boolean {
    const t = this.table;
    const cap = this.slotCount;
    let i = this.home(high >>> 0);
    for (let probes = 0; probes < cap; probes++) {
      const at = SLOT * i;
      // Plain reads (an atomic one is a call, not an instruction, in V8): a stale tag is EMPTY or BUSY,
      // which the compareExchange or the wait below settles; a stale word of a stored slot is its
      // first value, 0, read again after an atomic load of the tag has ordered it after the claimer's writes.
      let tag = t[at];
      if (tag === EMPTY) {
        tag = Atomics.compareExchange(t, at, EMPTY, BUSY);
        if (tag === EMPTY) {
          t[at + 1] = high;
          t[at + 2] = low;
          t[at + 3] = this.parentKey;
          Atomics.store(t, at, this.tag);
          this.remember(r, this.tag, high, low, this.parentKey);
          this.noteWon(high, low);
          this.lastNewHere = true;
          return true;
        }
      }
      while (tag === BUSY) tag = Atomics.load(t, at);
      let h = t[at + 1];
      let l = t[at + 2];
      if (h === 0 || l === 0) {
        Atomics.load(t, at);
        h = t[at + 1];
        l = t[at + 2];
      }
      if (h === high && l === low) {
        this.lastNewHere = tag === this.tag;
        let key = t[at + 3];
        if (key === 0) key = Atomics.load(t, at + 3);
        this.remember(r, tag, high, low, this.lastNewHere ? this.offer(at + 3, key) : key);
        return false;
      }
      if (++i === cap) i = 0;
    }
    throw new Error('explore: the shared fingerprint table is full');
  }

  /** Lowers the parent key at `at` (read as `seen`) to this worker's parentKey when that is less; the key stored after. */
  private offer(at: number, seen: number): number {
    const mine = this.parentKey;
    let current = seen;
    while (mine >>> 0 < current >>> 0) {
      const was = Atomics.compareExchange(this.table, at, current, mine);
      if (was === current) {
        this.lowered++;
        return mine;
      }
      current = was;
    }
    return current;
  }

  private remember(r: number, tag: number, high: number, low: number, key: number): void {
    const recent = this.lately;
    recent[r] = tag;
    recent[r + 1] = low;
    recent[r + 2] = high;
    recent[r + 3] = key;
  }

  private noteWon(high: number, low: number): void {
    this.inserts++;
    this.size++;
    const n = this.wonCount++;
    if (2 * n + 2 > this.won.length) {
      const grown = new Uint32Array(2 * this.won.length);
      grown.set(this.won);
      this.won = grown;
    }
    this.won[2 * n] = high;
    this.won[2 * n + 1] = low;
  }

  /** Lemire's range reduction, as FingerprintSet: any capacity. */
  private home(high: number): number {
    const i = Math.floor(high * this.reduction);
    return i < this.slotCount ? i : this.slotCount - 1;
  }

  /** Copies the slots `[from, to)` of `old` into this table (a growth, every worker a share; no state is counted again). */
  rehash(old: Int32Array, from: number, to: number): void {
    const t = this.table;
    for (let s = from; s < to; s++) {
      const tag = old[SLOT * s];
      if (tag === EMPTY) continue;
      const high = old[SLOT * s + 1];
      for (let i = this.home(high >>> 0); ; i = i + 1 === this.slotCount ? 0 : i + 1) {
        if (Atomics.compareExchange(t, SLOT * i, EMPTY, BUSY) !== EMPTY) continue;
        t[SLOT * i + 1] = high;
        t[SLOT * i + 2] = old[SLOT * s + 2];
        t[SLOT * i + 3] = old[SLOT * s + 3];
        Atomics.store(t, SLOT * i, tag);
        break;
      }
    }
  }

  /** The table's words (read when no worker writes: between levels, or after the search). */
  get words(): Int32Array {
    return this.table;
  }

  /** The slot of a stored fingerprint, -1 when it is not stored. */
  slotOf(high: number, low: number): number {
    const t = this.table;
    for (let i = this.home(high >>> 0), probes = 0; probes < this.slotCount; probes++, i = i + 1 === this.slotCount ? 0 : i + 1) {
      if (t[SLOT * i] === EMPTY) return -1;
      if (t[SLOT * i + 1] === (high | 0) && t[SLOT * i + 2] === (low | 0)) return i;
    }
    return -1;
  }

  /** The level a stored state was first reached at, and its parent key. */
  levelAt(slot: number): number {
    return this.table[SLOT * slot] - LEVELED;
  }

  parentKeyAt(slot: number): number {
    return this.table[SLOT * slot + 3] >>> 0;
  }

  /** The states first reached at `level` whose key is `key`, least fingerprint first: a parent key's candidates. */
  withKey(level: number, key: number): [number, number][] {
    const t = this.table;
    const first = this.home(key * 2 ** this.keyShift);
    const last = this.home(Math.min((key + 1) * 2 ** this.keyShift, 2 ** 32) - 1);
    const found: [number, number][] = [];
    for (let i = first, passed = false, probes = 0; probes < this.slotCount; probes++) {
      const at = SLOT * i;
      if (t[at] === EMPTY && (passed || i > last)) break;
      if (t[at] === level + LEVELED && this.keyOf(t[at + 1]) >>> 0 === key) found.push([t[at + 1] >>> 0, t[at + 2] >>> 0]);
      if (++i === this.slotCount) {
        i = 0;
        passed = true;
      }
    }
    return found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }
}
