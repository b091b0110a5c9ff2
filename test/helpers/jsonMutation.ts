import fc from 'fast-check';

/** One way to damage a JSON file: as a value at a path, or as text. */
export type Mutation =
  | { kind: 'none' }
  | { kind: 'set'; path: number[]; value: unknown }
  | { kind: 'delete'; path: number[] }
  | { kind: 'truncate'; fraction: number }
  | { kind: 'text'; text: string }
  | { kind: 'bom' }
  | { kind: 'event'; index: number; field: string; value: unknown }
  | { kind: 'reorder'; index: number; other: number; op: 'drop' | 'duplicate' | 'swap' };

/** The fields of a trace's events, so a damaged event still passes for one often enough to be replayed. */
const eventFields = ['kind', 'node', 'id', 'at', 'timer', 'after', 'from', 'to', 'type', 'nodes', 'groups'];

/** Values a hostile or careless writer puts where a field should be. */
const oddValues: readonly unknown[] = [null, -1, 0, 1, 2, 7, 1.5, 1e300, -0, '', 'x', '1', 'raft', '../../x', 'a\nb', '\u001b[2J', [], {}, [1], { kind: 'crash' }, true];

/** A path is a list of picks: at each level, the index (modulo its size) of the key or item to descend into. */
export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'none' } as const) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.array(fc.nat(40), { minLength: 1, maxLength: 4 }), value: fc.oneof(fc.constantFrom(...oddValues), fc.jsonValue({ maxDepth: 2 })) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.array(fc.nat(40), { minLength: 1, maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('text' as const), text: fc.oneof(fc.string(), fc.constantFrom('', 'null', '[]', '{}', '"x"', '{"format":"leadercheck/trace@1"}')) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'bom' } as const) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('event' as const), index: fc.nat(40), field: fc.constantFrom(...eventFields), value: fc.constantFrom(...oddValues) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('reorder' as const), index: fc.nat(40), other: fc.nat(40), op: fc.constantFrom('drop', 'duplicate', 'swap') }) },
);

/** The JSON text with the mutation applied; deterministic, so a failing case replays from its seed. */
export function mutated(text: string, mutation: Mutation): string {
  switch (mutation.kind) {
    case 'none':
      return text;
    case 'truncate':
      return text.slice(0, Math.floor(text.length * mutation.fraction));
    case 'text':
      return mutation.text;
    case 'bom':
      return `\uFEFF${text}`;
    case 'event':
    case 'reorder':
      return reordered(text, mutation);
    case 'set':
    case 'delete': {
      const root = JSON.parse(text) as unknown;
      const container = descend(root, mutation.path.slice(0, -1));
      if (container === null) return text;
      const keys = Object.keys(container);
      if (keys.length === 0) return text;
      const key = keys[mutation.path[mutation.path.length - 1] % keys.length];
      if (mutation.kind === 'set') (container as Record<string, unknown>)[key] = mutation.value;
      else if (Array.isArray(container)) container.splice(Number(key), 1);
      else delete (container as Record<string, unknown>)[key];
      return JSON.stringify(root, null, 2);
    }
  }
}

/** The object or array the picks lead to, stopping early at a leaf; null when the root is a leaf. */
function descend(value: unknown, picks: readonly number[]): object | null {
  if (typeof value !== 'object' || value === null) return null;
  let here: object = value;
  for (const pick of picks) {
    const keys = Object.keys(here);
    if (keys.length === 0) break;
    const next = (here as Record<string, unknown>)[keys[pick % keys.length]];
    if (typeof next !== 'object' || next === null) break;
    here = next;
  }
  return here;
}

/** An event's field changed, or events dropped, duplicated or swapped; the text as it was when it has no events. */
function reordered(text: string, mutation: Extract<Mutation, { kind: 'event' | 'reorder' }>): string {
  const root = JSON.parse(text) as { events?: unknown };
  const events = root.events;
  if (!Array.isArray(events) || events.length === 0) return text;
  const i = mutation.index % events.length;
  if (mutation.kind === 'event') {
    if (typeof events[i] === 'object' && events[i] !== null) (events[i] as Record<string, unknown>)[mutation.field] = mutation.value;
  } else if (mutation.op === 'drop') {
    events.splice(i, 1);
  } else if (mutation.op === 'duplicate') {
    events.splice(i, 0, events[i]);
  } else {
    const j = mutation.other % events.length;
    [events[i], events[j]] = [events[j], events[i]];
  }
  return JSON.stringify(root, null, 2);
}
