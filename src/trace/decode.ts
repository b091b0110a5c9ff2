import { InputError } from '../shared/errors.js';
import { TRACE_FORMAT, type Trace, type TraceEvent } from './format.js';

const MESSAGE_KINDS = new Set(['deliver', 'drop', 'duplicate']);
const NODE_KINDS = new Set(['crash', 'restart']);

/** Parses and validates a trace; every problem is one InputError line naming where it is. */
export function decodeTrace(text: string, source: string): Trace {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(`${source}: not valid JSON (${reason})`);
  }
  const where = (path: string) => `${source}: ${path}`;
  if (!isObject(raw)) throw new InputError(`${source}: a trace must be a JSON object`);
  if (raw.format !== TRACE_FORMAT) {
    throw new InputError(where(`format must be "${TRACE_FORMAT}", got ${JSON.stringify(raw.format)}`));
  }
  if (typeof raw.model !== 'string' || raw.model === '') throw new InputError(where('model must be a model name'));
  if (!isCount(raw.nodes)) throw new InputError(where('nodes must be a positive integer'));
  if (raw.config !== undefined && !isObject(raw.config)) throw new InputError(where('config must be an object'));
  for (const key of ['modelFile', 'profile', 'seed'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') throw new InputError(where(`${key} must be a string`));
  }
  if (raw.properties !== undefined && !(Array.isArray(raw.properties) && raw.properties.every((p) => typeof p === 'string'))) {
    throw new InputError(where('properties must be a list of property names'));
  }
  if (raw.stabilization !== undefined) {
    const s = raw.stabilization;
    if (!isObject(s) || !isIndex(s.step) || !isIndex(s.boundTicks)) {
      throw new InputError(where('stabilization must be {"step": N, "boundTicks": N}'));
    }
  }
  if (!Array.isArray(raw.events)) throw new InputError(where('events must be a list'));
  raw.events.forEach((event, i) => checkEvent(event, where(`events[${i}]`)));
  if (raw.violation !== undefined && raw.violation !== null) {
    const v = raw.violation;
    if (!isObject(v) || typeof v.property !== 'string' || !isIndex(v.step) || typeof v.detail !== 'string') {
      throw new InputError(where('violation must be {"property", "step", "detail"} or null'));
    }
  }
  return raw as unknown as Trace;
}

function checkEvent(event: unknown, where: string): asserts event is TraceEvent {
  if (!isObject(event)) throw new InputError(`${where}: an event must be an object`);
  const { kind } = event;
  if (event.at !== undefined && !(typeof event.at === 'number' && event.at >= 0)) {
    throw new InputError(`${where}: at must be a non-negative number`);
  }
  if (typeof kind === 'string' && MESSAGE_KINDS.has(kind)) {
    if (event.id !== undefined) {
      if (!isCount(event.id)) throw new InputError(`${where}: id must be a message id (1, 2, ...)`);
      return;
    }
    if (event.from === undefined && event.to === undefined && event.type === undefined) {
      throw new InputError(`${where}: ${kind} needs a message id or a selector (from, to, type)`);
    }
    if (event.from !== undefined && !isCount(event.from)) throw new InputError(`${where}: from must be a node id`);
    if (event.to !== undefined && !isCount(event.to)) throw new InputError(`${where}: to must be a node id`);
    if (event.type !== undefined && typeof event.type !== 'string') throw new InputError(`${where}: type must be a string`);
    return;
  }
  if (kind === 'timer') {
    if (!isCount(event.node)) throw new InputError(`${where}: timer needs a node id`);
    if (typeof event.timer !== 'string') throw new InputError(`${where}: timer needs a timer name`);
    if (event.after !== undefined && !isIndex(event.after)) throw new InputError(`${where}: after must be a tick count`);
    return;
  }
  if (typeof kind === 'string' && NODE_KINDS.has(kind)) {
    if (!isCount(event.node)) throw new InputError(`${where}: ${kind} needs a node id`);
    return;
  }
  if (kind === 'partition') {
    const ok = Array.isArray(event.groups) && event.groups.every((g) => Array.isArray(g) && g.every(isCount));
    if (!ok) throw new InputError(`${where}: partition needs groups, a list of lists of node ids`);
    return;
  }
  if (kind === 'heal') return;
  throw new InputError(
    `${where}: unknown event kind ${JSON.stringify(kind)} (expected deliver, drop, duplicate, timer, crash, restart, partition or heal)`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1;
}

function isIndex(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}
