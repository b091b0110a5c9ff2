/**
 * JSON with object keys sorted, so equal plain data gives equal text whatever order its keys were
 * built in. `undefined` is kept apart from `null` (a node that never stored anything recovers
 * differently from one that stored null), and so are NaN and the infinities, which JSON would
 * also print as null: two states that differ there must not count as one.
 *
 * Written with loops and string concatenation rather than map and join: the determinism check
 * writes every step of two replays of every counterexample a catalog cell finds, and the arrays
 * those made were most of its cost. The text is the one the map-and-join form wrote, byte for
 * byte (test/canonicalJson.test.ts keeps that form as its reference): a hole in an array prints
 * as nothing, a function or symbol as nothing in an array and as `undefined` in an object.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // String() is JSON's number text for finite numbers (-0 as 0), and names NaN and the infinities.
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return '~';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? arrayJson(value) : recordJson(value as Record<string, unknown>);
    default:
      // A function or symbol has no JSON (undefined); a bigint throws, as JSON.stringify does.
      return JSON.stringify(value);
  }
}

function arrayJson(array: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out += ',';
    const item = array[i];
    if (item === undefined && !(i in array)) continue;
    const text = canonicalJson(item) as string | undefined;
    if (text !== undefined) out += text;
  }
  return out + ']';
}

function recordJson(record: Record<string, unknown>): string {
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += ',';
    out += JSON.stringify(keys[i]) + ':' + canonicalJson(record[keys[i]]);
  }
  return out + '}';
}
