import { ModelError } from '../shared/errors.js';
import type { NodeContext, NodeView, Step } from '../shared/protocol.js';

/**
 * Shape checks on what a model returns, cheap enough for every step (a few typeof checks, no deep
 * walk): whatever passes has the fields the world reads with the types it reads them as. Plain
 * data checks on states and messages are not made here.
 */

/** The step itself, or a ModelError naming the field that is wrong: `node 3's step returned no state`. */
export function checkStep(step: unknown, ctx: NodeContext, hook: string): Step<unknown> {
  if (step === null || typeof step !== 'object') {
    throw malformed(ctx.id, hook, `${show(step)}, not a step { state, send?, timers?, marks? }`);
  }
  if (!('state' in step)) throw malformed(ctx.id, hook, 'no state');
  const { send, timers, marks } = step as Step<unknown>;
  if (send !== undefined) checkSends(send, ctx, hook);
  if (timers !== undefined) checkTimers(timers, ctx.id, hook);
  if (marks !== undefined) checkMarks(marks, ctx.id, hook);
  return step as Step<unknown>;
}

/**
 * The view itself, or a ModelError: properties read role, term and leader of every node, compare
 * terms and index nodes by the leader, so a NaN term or a leader that is no node would mislead
 * every verdict.
 */
export function checkView(view: unknown, node: number, nodes: number, label: string): NodeView {
  let wrong = '';
  if (view !== null && typeof view === 'object') {
    const { role, term, leader } = view as NodeView;
    const leaderIsNode = leader === null || (Number.isInteger(leader) && leader >= 1 && leader <= nodes);
    if (typeof role === 'string' && Number.isFinite(term) && leaderIsNode) return view as NodeView;
    // JSON shows NaN and the infinities as null: name the field that is wrong as it is.
    if (typeof role !== 'string') wrong = ` (role = ${showField(role)})`;
    else wrong = Number.isFinite(term) ? ` (leader = ${showField(leader)})` : ` (term = ${showField(term)})`;
  }
  throw new ModelError(
    `node ${node}'s view returned ${show(view)}${wrong} after handling ${label}: a view is { role: string, term: finite number, leader: node id (1..${nodes}) or null }`,
  );
}

function checkSends(send: unknown, ctx: NodeContext, hook: string): void {
  if (!Array.isArray(send)) throw malformed(ctx.id, hook, `send = ${show(send)}: send must be a list of { to, msg }`);
  for (let i = 0; i < send.length; i++) {
    const one: unknown = send[i];
    if (one === null || typeof one !== 'object') throw malformed(ctx.id, hook, `send[${i}] = ${show(one)}: a send is { to, msg }`);
    const { to, msg } = one as { to: unknown; msg: unknown };
    if (typeof to !== 'number' || !Number.isInteger(to) || to < 1 || to > ctx.nodes) {
      throw malformed(ctx.id, hook, `send[${i}].to = ${show(to)}, which is no node (nodes are 1..${ctx.nodes})`);
    }
    if (msg === null || typeof msg !== 'object' || typeof (msg as { type?: unknown }).type !== 'string') {
      throw malformed(ctx.id, hook, `send[${i}].msg = ${show(msg)}: a message is an object with a string type`);
    }
  }
}

function checkTimers(timers: unknown, node: number, hook: string): void {
  if (!Array.isArray(timers)) {
    throw malformed(node, hook, `timers = ${show(timers)}: timers must be a list of { name, after } or { name, cancel: true }`);
  }
  for (let i = 0; i < timers.length; i++) {
    const effect: unknown = timers[i];
    if (effect === null || typeof effect !== 'object') {
      throw malformed(node, hook, `timers[${i}] = ${show(effect)}: a timer effect is { name, after } or { name, cancel: true }`);
    }
    const { name, after } = effect as { name: unknown; after: unknown };
    if (typeof name !== 'string') throw malformed(node, hook, `timers[${i}].name = ${show(name)}: a timer name is a string`);
    if (!('cancel' in effect) && !isDelay(after)) {
      throw malformed(node, hook, `timers[${i}].after = ${show(after)}: a delay must be ticks >= 0 or a [min, max] range`);
    }
  }
}

function isDelay(after: unknown): boolean {
  if (typeof after === 'number') return after >= 0;
  if (!Array.isArray(after) || after.length !== 2) return false;
  const min: unknown = after[0];
  const max: unknown = after[1];
  return typeof min === 'number' && typeof max === 'number' && min >= 0 && max >= min;
}

function checkMarks(marks: unknown, node: number, hook: string): void {
  let strings = Array.isArray(marks);
  for (let i = 0; strings && i < (marks as unknown[]).length; i++) strings = typeof (marks as unknown[])[i] === 'string';
  if (!strings) throw malformed(node, hook, `marks = ${show(marks)}: marks must be a list of strings`);
}

function malformed(node: number, hook: string, what: string): ModelError {
  return new ModelError(`node ${node}'s ${hook} returned ${what}`);
}

function showField(value: unknown): string {
  return typeof value === 'number' || typeof value === 'bigint' ? String(value) : show(value);
}

/** A value as the model wrote it, short enough for one line. */
export function show(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  text ??= String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
