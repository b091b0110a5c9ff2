import test from 'ava';
import fc from 'fast-check';
import { canonicalJson } from '../src/world/canonicalJson.js';

/** The form canonicalJson was first written in (map and join): its text is the format, kept byte for byte. */
function reference(value: unknown): string {
  if (value === undefined) return '~';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(record[k])}`).join(',')}}`;
}

const anything = fc.anything({
  withBoxedValues: true,
  withNullPrototype: true,
  withSparseArray: true,
  withObjectString: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withTypedArray: true,
  withUnicodeString: true,
  maxDepth: 4,
});

test('canonicalJson writes the text its first form wrote, for any value', (t) => {
  fc.assert(
    fc.property(anything, (value) => canonicalJson(value) === reference(value)),
    { numRuns: 3000 },
  );
  t.pass();
});

test('canonicalJson keeps the edges of its format: holes, undefined, NaN, -0, functions and symbols, key order', (t) => {
  const f = (): void => {};
  const edges: unknown[] = [
    // eslint-disable-next-line no-sparse-arrays
    [1, , 3],
    [undefined, null],
    { b: undefined, a: NaN, '10': -0, '2': Infinity, c: -Infinity },
    [f, Symbol('s')],
    { f, s: Symbol('s') },
    f,
    '\u2028"\\',
    [],
    {},
  ];
  for (const value of edges) t.is(canonicalJson(value), reference(value));
  t.throws(() => canonicalJson({ n: 1n }));
  t.throws(() => reference({ n: 1n }));
});
