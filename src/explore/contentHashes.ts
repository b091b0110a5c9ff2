import { hash64 } from '../world/hash64.js';

/**
 * A 64-bit content hash per interned part code, taken of the part's canonical key (encodedParts.ts
 * keyOf), so it depends on what the part is, never on the order parts were met in. A state's
 * fingerprint without symmetry is built from these (fingerprintOfParts): the slots and memos hashed
 * in position, the in-flight messages as a sum (a multiset hash, so their order does not matter and
 * a step that removes one message and adds two updates it in three additions). A cached step then
 * names its successor without writing its row, and two searches that interned their parts in
 * different orders (the workers of a parallel search) give the same state the same fingerprint.
 */
export class ContentHashes {
  high = new Int32Array(1 << 10);
  low = new Int32Array(1 << 10);
  private readonly scratch = new Int32Array(1);
  private words = new Int32Array(64);
  private readonly out = new Uint32Array(2);

  /** Records the hash of code `code`'s canonical key. */
  set(code: number, key: string): void {
    if (code >= this.high.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(Math.max(code + 1, a.length * 2));
        b.set(a);
        return b;
      };
      this.high = grow(this.high);
      this.low = grow(this.low);
    }
    let h1 = 0x811c9dc5 | 0;
    let h2 = 0x7e3b1f25 | 0;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    this.scratch[0] = h1;
    hash64(this.scratch, 1, this.out);
    this.high[code] = this.out[0] ^ h2;
    this.scratch[0] = h2;
    hash64(this.scratch, 1, this.out);
    this.low[code] = this.out[1] ^ h1;
  }

  /**
   * The fingerprint of a state given as its row of codes (`fixed` slots and memos, then `messages`
   * messages in any order), its fault counters and its partition's hash.
   */
  fingerprintRow(codes: ArrayLike<number>, fixed: number, messages: number, counters: number, partition: Uint32Array, out: Uint32Array): void {
    this.ofFixed(codes, 0, fixed, out);
    const fixedHigh = out[0];
    const fixedLow = out[1];
    let sumHigh = 0;
    let sumLow = 0;
    for (let j = fixed; j < fixed + messages; j++) {
      sumHigh = (sumHigh + this.high[codes[j]]) | 0;
      sumLow = (sumLow + this.low[codes[j]]) | 0;
    }
    fingerprintOfParts((fixedHigh + sumHigh) | 0, (fixedLow + sumLow) | 0, messages, counters, partition[0], partition[1], out);
  }

  /** The hash of a run of codes in position (a state's slots and memos), into out[0], out[1]. */
  ofFixed(codes: ArrayLike<number>, from: number, length: number, out: Uint32Array): void {
    if (this.words.length < 2 * length) this.words = new Int32Array(4 * length);
    const w = this.words;
    for (let i = 0; i < length; i++) {
      const code = codes[from + i];
      w[2 * i] = this.high[code];
      w[2 * i + 1] = this.low[code];
    }
    hash64(w, 2 * length, out);
  }
}

/**
 * A state's fingerprint from its parts' hashes: the slots' and memos' positional hash plus the sum
 * of the messages' hashes (added, so a cached step carries the two as one delta: EffectTable), the
 * message count, the fault counters and the partition's hash. The two halves come from independent
 * hash lanes, so two states whose parts differ collide with odds near 2^-64; the small integers are
 * folded in with odd multipliers, and each half is finished by murmur3's bijective mix (the
 * fingerprint set places by the high half).
 */
export function fingerprintOfParts(high: number, low: number, messages: number, counters: number, partitionHigh: number, partitionLow: number, out: Uint32Array): void {
  // The counters run to 40 bits (the pauses spent sit above 32): the high word is mixed in on its own, so no budget aliases another.
  const c = counters | 0;
  const above = Math.floor(counters / 0x1_0000_0000);
  const h = high ^ Math.imul(messages + 1, 0x9e3779b1) ^ Math.imul(c + 0x7f4a7c15, 0x85ebca6b) ^ Math.imul(above, 0x165667b1) ^ partitionHigh;
  const l = low ^ Math.imul(messages + 0x165667b1, 0xc2b2ae35) ^ Math.imul(c + 1, 0x27d4eb2f) ^ Math.imul(above, 0x9e3779b1) ^ partitionLow;
  out[0] = fmix(h);
  out[1] = fmix(l);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A partition's hash, as the groups it makes (each node named by the least id in its group), into `out`; 0, 0 for none. */
export function partitionHash(nodes: number, partition: readonly (readonly number[])[] | null, out: Uint32Array): Uint32Array {
  out[0] = 0;
  out[1] = 0;
  if (partition === null) return out;
  const row = new Int32Array(nodes);
  for (const group of partition) {
    const least = Math.min(...group);
    for (const id of group) row[id - 1] = least;
  }
  hash64(row, nodes, out);
  return out;
}
