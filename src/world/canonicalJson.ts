/**
 * JSON with object keys sorted, so equal plain data gives equal text whatever order its keys were
 * built in. `undefined` is kept apart from `null` (a node that never stored anything recovers
 * differently from one that stored null), and so are NaN and the infinities, which JSON would
 * also print as null: two states that differ there must not count as one.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '~';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}
