/**
 * Plain data, as docs/design.md section 2 asks of states, stored values and messages: what JSON holds
 * and gives back the same. Objects whose prototype is `Object.prototype` (or null), arrays, strings,
 * booleans, null and finite numbers; `undefined` as an object's property (JSON leaves the key out,
 * as a model that writes `leader: undefined` means). Not plain: functions, symbols, BigInts, NaN
 * and the infinities (JSON makes them null), `undefined` or a hole in a list (JSON makes it null),
 * an instance of any class (Map, Set, Date, a model's own), a value that contains itself, and
 * nesting deeper than {@link PLAIN_DATA_DEPTH_MAX} levels (the world's hash and canonical JSON
 * recurse, and JSON.stringify would overflow the stack). Two places may share one object: that
 * is a DAG, which JSON writes twice, not a cycle.
 */

/** Deeper than this is not plain data: far beyond any protocol state, well within the stack of the walks that recurse. */
export const PLAIN_DATA_DEPTH_MAX = 1000;

/**
 * Null when `value` is plain data; otherwise one line naming where and what, the path starting
 * at `path`: `state.votes: a Map is not plain data`. Of several problems, the first in reading
 * order is reported. Neither a deep value nor a cycle nor heavy sharing can blow the stack or the
 * time: a quick walk settles the usual small state with no allocation, and anything it cannot
 * settle (a problem, nesting past a few dozen levels, many objects) goes to a careful walk that
 * is iterative, visits each object once and names the path.
 */
export function plainDataProblem(value: unknown, path: string): string | null {
  quickObjectsLeft = QUICK_OBJECTS_MAX;
  return quickPlain(value, false, 0) ? null : carefulProblem(value, path);
}

/** Beyond these the quick walk gives up and the careful walk decides. */
const QUICK_DEPTH_MAX = 32;
const QUICK_OBJECTS_MAX = 4096;
let quickObjectsLeft = 0;

/** True when `value` is surely plain data; false when it is not, or it cannot tell within its limits. */
function quickPlain(value: unknown, inList: boolean, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return primitiveIssue(value, inList) === null;
  if (depth > QUICK_DEPTH_MAX || --quickObjectsLeft < 0) return false;
  if (Array.isArray(value)) {
    if (arrayKind(value) !== null) return false;
    for (let i = 0; i < value.length; i++) if (!quickPlain(value[i], true, depth + 1)) return false;
    return true;
  }
  if (objectKind(value) !== null) return false;
  for (const key in value) if (!quickPlain((value as Record<string, unknown>)[key], false, depth + 1)) return false;
  return true;
}

/** One value met in the careful walk; the path to it is built only for the one that is reported. */
interface Visit {
  value: unknown;
  key: string | number | null;
  parent: Visit | null;
  depth: number;
  /** Set on the second visit of an object: its children are done, it leaves the path. */
  leaving: boolean;
}

function carefulProblem(value: unknown, path: string): string | null {
  const onPath = new Map<object, Visit>();
  const done = new Set<object>();
  const stack: Visit[] = [{ value, key: null, parent: null, depth: 0, leaving: false }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    if (typeof visit.value !== 'object' || visit.value === null) {
      const issue = primitiveIssue(visit.value, typeof visit.key === 'number');
      if (issue !== null) return `${pathOf(visit, path)}: ${issue}`;
      continue;
    }
    const object = visit.value;
    if (visit.leaving) {
      onPath.delete(object);
      done.add(object);
      continue;
    }
    if (done.has(object)) continue;
    const ancestor = onPath.get(object);
    if (ancestor !== undefined) return `${pathOf(visit, path)}: a cycle (back to ${pathOf(ancestor, path)}) is not plain data`;
    if (visit.depth > PLAIN_DATA_DEPTH_MAX) return `${pathOf(visit, path)}: nesting deeper than ${PLAIN_DATA_DEPTH_MAX} levels is not plain data`;
    const list = Array.isArray(object);
    const kind = list ? arrayKind(object) : objectKind(object);
    if (kind !== null) return `${pathOf(visit, path)}: ${kind} is not plain data`;
    onPath.set(object, visit);
    stack.push({ ...visit, leaving: true });
    // Last first on the stack, so they come off it in reading order.
    const depth = visit.depth + 1;
    const keys: readonly (string | number)[] = list ? Array.from({ length: (object as unknown[]).length }, (_, i) => i) : Object.keys(object);
    for (let i = keys.length - 1; i >= 0; i--) {
      stack.push({ value: (object as Record<string | number, unknown>)[keys[i]], key: keys[i], parent: visit, depth, leaving: false });
    }
  }
  return null;
}

/** What is wrong with a value that is not an object (or is null), or null. `inList`: JSON makes undefined there null. */
function primitiveIssue(value: unknown, inList: boolean): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${value} is not plain data (JSON makes it null)`;
    case 'undefined':
      return inList ? 'undefined in a list is not plain data (JSON makes it null)' : null;
    case 'bigint':
      return 'a BigInt is not plain data';
    case 'symbol':
      return 'a symbol is not plain data';
    case 'function':
      return 'a function is not plain data';
    default:
      return null;
  }
}

function arrayKind(list: unknown[]): string | null {
  const proto: unknown = Object.getPrototypeOf(list);
  // Array.prototype's own prototype is Object.prototype, of this realm or another.
  const above = proto === null ? null : Object.getPrototypeOf(proto);
  return above !== null && Object.getPrototypeOf(above) === null ? null : instanceKind(list);
}

function objectKind(object: object): string | null {
  const proto: unknown = Object.getPrototypeOf(object);
  return proto === null || Object.getPrototypeOf(proto) === null ? null : instanceKind(object);
}

/** `a Map`, `an Int8Array`, `an instance of class Ballot`. */
function instanceKind(object: object): string {
  const name = (Object.getPrototypeOf(object) as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof name !== 'string' || name === '') return 'an instance of a class';
  const article = /^[AEIO]/.test(name) ? 'an' : 'a';
  return BUILT_IN.has(name) ? `${article} ${name}` : `an instance of class ${name}`;
}

const BUILT_IN = new Set([
  'Map', 'Set', 'WeakMap', 'WeakSet', 'Date', 'RegExp', 'Error', 'Promise', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Number', 'String', 'Boolean', 'Array', 'Object',
]);

/** Segments shown of a long path: its start and its end, with how many were left out between. */
const PATH_SEGMENTS_SHOWN = 6;

/** `state.log[3]["odd key"]`: array indices in brackets, keys that are not identifiers quoted. */
function pathOf(visit: Visit, root: string): string {
  const segments: string[] = [];
  for (let v: Visit | null = visit; v !== null && v.key !== null; v = v.parent) segments.push(segment(v.key));
  segments.reverse();
  if (segments.length <= 2 * PATH_SEGMENTS_SHOWN) return root + segments.join('');
  const left = segments.length - 2 * PATH_SEGMENTS_SHOWN;
  return `${root}${segments.slice(0, PATH_SEGMENTS_SHOWN).join('')}[...${left} more]${segments.slice(-PATH_SEGMENTS_SHOWN).join('')}`;
}

function segment(key: string | number): string {
  if (typeof key === 'number') return `[${key}]`;
  if (key.length <= KEY_SHOWN_MAX && /^[A-Za-z_$][\w$]*$/.test(key)) return `.${key}`;
  // JSON escapes newlines and control characters, so the path stays on one line.
  const quoted = JSON.stringify(key);
  return `[${quoted.length > KEY_SHOWN_MAX ? `${quoted.slice(0, KEY_SHOWN_MAX - 4)}..."` : quoted}]`;
}

const KEY_SHOWN_MAX = 40;
