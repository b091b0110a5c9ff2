/**
 * A 64-bit hash of a run of 32-bit words, as two murmur3-style lanes with different constants
 * (the x86_128 variant's). Fingerprints need only spread and independence, not cryptography:
 * with 64 bits, 10^7 states collide with odds near 10^-5 (TLC's fingerprint argument).
 */
export function hash64(words: Int32Array, length: number, out: Uint32Array): void {
  let h1 = 0x9747b28c ^ length;
  let h2 = 0x1b873593 ^ Math.imul(length, 0x85ebca6b);
  for (let i = 0; i < length; i++) {
    const w = words[i];
    let k1 = Math.imul(w, 0xcc9e2d51);
    k1 = Math.imul((k1 << 15) | (k1 >>> 17), 0x1b873593);
    h1 ^= k1;
    h1 = (Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64) | 0;
    let k2 = Math.imul(w ^ 0x5bd1e995, 0x239b961b);
    k2 = Math.imul((k2 << 16) | (k2 >>> 16), 0xab0e9789);
    h2 ^= k2;
    h2 = (Math.imul((h2 << 17) | (h2 >>> 15), 5) + 0x38b34ae5) | 0;
  }
  out[0] = finalMix(h1 ^ h2);
  out[1] = finalMix(h2 + Math.imul(h1, 0xa1e38b93));
}

function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
