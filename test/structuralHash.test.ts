import test from 'ava';
import fc from 'fast-check';
import { canonicalJson } from '../src/world/canonicalJson.js';
import { hashValue, plainEqual } from '../src/world/structuralHash.js';

// Plain data as models keep it, `undefined` included (canonicalJson keeps it apart from null).
const plain = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(undefined),
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -3, max: 3 }),
    fc.double(),
    fc.constantFrom('leader', 'follower', ''),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'term', 'votes'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** The same value rebuilt with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reversedKeys(v)]));
}

test('key order changes neither equality nor the hash', (t) => {
  fc.assert(
    fc.property(plain, (value) => {
      const twin = reversedKeys(value);
      return plainEqual(value, twin) && hashValue(value) === hashValue(twin);
    }),
  );
  t.pass();
});

// The fast path may only merge what the canonical path merges, and must find what it merges
// (for the plain data models keep; -0 and 0 print alike in JSON and are === as well).
test('plainEqual agrees with canonical JSON equality', (t) => {
  fc.assert(
    fc.property(plain, plain, (a, b) => plainEqual(a, b) === (canonicalJson(a) === canonicalJson(b))),
    { numRuns: 2000 },
  );
  fc.assert(fc.property(plain, (a) => plainEqual(a, structuredClone(a)) && hashValue(a) === hashValue(structuredClone(a))));
  t.pass();
});

test('what the fast path must tell apart, it does', (t) => {
  t.false(plainEqual({ a: undefined }, {}), 'an undefined value counts as a key, as in canonicalJson');
  t.false(plainEqual(null, undefined));
  t.false(plainEqual([1, 2], [2, 1]));
  t.false(plainEqual({ a: 1, b: 2 }, { a: 2, b: 1 }));
  t.false(plainEqual([], {}));
  t.not(hashValue([1, 2]), hashValue([2, 1]));
  t.not(hashValue({ granted: true }), hashValue({ success: true }));
  t.is(hashValue(-0), hashValue(0));
  // JSON prints all three as null; found by the property above.
  t.false(plainEqual(Infinity, null));
  t.not(canonicalJson(Infinity), canonicalJson(null));
  t.not(canonicalJson(NaN), canonicalJson(-Infinity));
  t.true(plainEqual(NaN, NaN));
});

// canonicalJson prints a hole as nothing and undefined as `~`; a model that fills a vote array by
// index (votes[id] = true) makes holes, and `forEach` or `in` tell the two apart. The fast path
// met first must not merge what the canonical path keeps apart.
test('a hole in an array is not an undefined element', (t) => {
  // eslint-disable-next-line no-sparse-arrays
  const holed = [, 1];
  const filled = [undefined, 1];
  t.not(canonicalJson(holed), canonicalJson(filled));
  t.false(plainEqual(holed, filled));
  t.false(plainEqual(filled, holed));
  t.true(plainEqual(holed, [, 1]));
});
