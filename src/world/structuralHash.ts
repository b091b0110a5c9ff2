/**
 * Hashing and equality of plain data (what models keep: objects, arrays, strings, numbers,
 * booleans, null, undefined) without building a string: the fast path of interning, where
 * JSON.stringify and a string-keyed Map cost four times as much. The two agree: structurally
 * equal values hash alike, so a hit needs one hash, one numeric Map lookup and one equality walk.
 * Object keys are combined by sum, so key order changes neither the hash nor equality, as in
 * canonicalJson; an `undefined` value counts as a key, as it does there.
 */

const stringHashes = new Map<string, number>();

/** V8 caches a string's own hash, so a Map lookup beats rehashing the characters each time. */
function hashString(s: string): number {
  let h = stringHashes.get(s);
  if (h === undefined) {
    h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    if (stringHashes.size < STRING_CACHE_MAX) stringHashes.set(s, h);
  }
  return h;
}

// Keys and enum-like values are few; a model that puts unbounded strings in its state still
// hashes correctly past this, just without the cache.
const STRING_CACHE_MAX = 1 << 16;

export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A 32-bit hash of plain data; equal values (plainEqual) hash alike. */
export function hashValue(value: unknown): number {
  switch (typeof value) {
    case 'undefined':
      return 0x7f4a7c15;
    case 'boolean':
      return value ? 0x2545f491 : 0x4f1bbcdc;
    case 'number':
      // -0 and 0 are equal (===) and must hash alike: (v | 0) maps both to 0.
      return (value | 0) === value ? mix32((value | 0) + 0x61c88647) : hashString(String(value));
    case 'string':
      return hashString(value);
    case 'object': {
      if (value === null) return 0x9e3779b9 | 0;
      if (Array.isArray(value)) {
        let h = 0x3c6ef372 ^ value.length;
        for (let i = 0; i < value.length; i++) h = Math.imul(h ^ hashValue(value[i]), 0x01000193);
        return mix32(h);
      }
      let h = 0x6a09e667;
      const record = value as Record<string, unknown>;
      for (const key in record) h = (h + mix32(hashString(key) ^ Math.imul(hashValue(record[key]), 0x5bd1e995))) | 0;
      return mix32(h);
    }
    default:
      // Functions, symbols and bigints are not plain data; they all land in one bucket, and
      // plainEqual then tells them apart by identity.
      return 0x1b873593;
  }
}

/** Deep equality of plain data, key order ignored; `undefined` values count as keys, holes are not `undefined`; NaN equals NaN. */
export function plainEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number') return a !== a && typeof b === 'number' && b !== b;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      // A hole reads as undefined but is not one (canonicalJson, forEach and `in` tell them apart).
      if (!plainEqual(a[i], b[i]) || (a[i] === undefined && (i in a) !== (i in b))) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const key in x) {
    keys++;
    if (!(key in y) || !plainEqual(x[key], y[key])) return false;
  }
  for (const _ in y) keys--;
  return keys === 0;
}

/** A node slot's content apart from its timers (up, volatile state, stable storage). */
export function slotContentHash(slot: { up: boolean; state: unknown; stored: unknown }): number {
  return mix32((slot.up ? 0x3c6ef372 : 0) ^ hashValue(slot.state) ^ Math.imul(hashValue(slot.stored), 0x5bd1e995));
}

/** An in-flight message's content: sender, receiver and message, not its id or times. */
export function messageContentHash(m: { from: number; to: number; msg: unknown }): number {
  return mix32(Math.imul(m.from, 0x2c1b3c6d) ^ Math.imul(m.to, 0x297a2d39) ^ hashValue(m.msg));
}
