import { ModelError } from '../shared/errors.js';
import type { AnyProtocol, Input, Message, ModelBoundary, NodeContext, NodeId, NodeView, Step } from '../shared/protocol.js';
import { checkStep, checkView, show } from './stepShape.js';

/**
 * Wraps a user's protocol once, for the world to call: a throw in any hook becomes a ModelError
 * naming the node, the hook and what the model said, and a malformed step or view becomes one
 * naming the field. The runs, replay, shrinking and explore report a ModelError with the trace
 * that led to it, so a broken model is a finding, never `internal error`.
 *
 * The hooks are called as methods of the protocol, so a model written as a class keeps `this`.
 * No closure is made per call: the world's hot path pays a try/catch and a few typeof checks.
 */
export function guardProtocol(protocol: AnyProtocol, nodes: number): ModelBoundary {
  return new GuardedProtocol(protocol, nodes);
}

/**
 * How this thread counts its model calls. A worker's `calls` lives in a SharedArrayBuffer that
 * the main thread samples: slot ENTERED counts calls begun, slot LEFT is set to it when a call
 * returns, so a call that never returns shows as ENTERED > LEFT with ENTERED standing still. Two
 * stores per call and no clock read keep the hot path as fast as without it. `stopAt` (call number
 * ENTERED, counted from the task's start) makes that call a model error instead of making it: how
 * a fresh worker rebuilds the trace that led to a call that hung, without hanging. A later call
 * with the same hook, node and arguments is refused too (a pure model would hang on it again):
 * explore runs a failing path again from boot to rebuild its events.
 */
export interface ModelCallCounter {
  calls: Float64Array;
  /** The call to stop at; Infinity: none. */
  stopAt: number;
  /** The deadline the stopped call missed, for its message. */
  deadlineMs: number;
  /** The hook, node and arguments of the call stopped at, once it was. */
  refused: string | null;
}

/** Slots of `ModelCallCounter.calls`. */
export const ENTERED = 0;
export const LEFT = 1;

/** This thread's counter: a private buffer until a worker installs a shared one. */
export const modelCalls: ModelCallCounter = { calls: new Float64Array(2), stopAt: Infinity, deadlineMs: 0, refused: null };

/** A call begins: counted, or refused when it is the call that hung in an earlier attempt. */
function enter(node: NodeId, hook: Hook, label: string, state: unknown, input?: unknown): void {
  const calls = modelCalls.calls;
  if (++calls[ENTERED] >= modelCalls.stopAt) refuseHung(node, hook, label, state, input);
}

type Hook = 'init' | 'step' | 'recover' | 'stored' | 'view';

/** Past the call to stop at (a rebuild only): refuses that call, and any later one just like it. */
function refuseHung(node: NodeId, hook: Hook, label: string, state: unknown, input: unknown): void {
  const calls = modelCalls.calls;
  const key = callKey(node, hook, state, input);
  if (calls[ENTERED] === modelCalls.stopAt) modelCalls.refused = key;
  else if (key !== modelCalls.refused) return;
  calls[LEFT] = calls[ENTERED];
  const where = hook === 'stored' || hook === 'view' ? `after handling ${label}` : `handling ${label}`;
  throw new ModelError(`node ${node}'s ${hook} did not return within ${modelCalls.deadlineMs} ms (${where})`);
}

function callKey(node: NodeId, hook: string, state: unknown, input: unknown): string {
  try {
    return JSON.stringify([node, hook, state, input]);
  } catch {
    return `${node} ${hook}`;
  }
}

function leave(): void {
  const calls = modelCalls.calls;
  calls[LEFT] = calls[ENTERED];
}

class GuardedProtocol implements ModelBoundary {
  constructor(
    private readonly protocol: AnyProtocol,
    /** The cluster's size: a view's leader must be one of its nodes. */
    private readonly nodes: number,
  ) {}

  init(ctx: NodeContext): Step<unknown> {
    let step: unknown;
    enter(ctx.id, 'init', 'init', undefined);
    try {
      step = this.protocol.init(ctx);
    } catch (error) {
      leave();
      throw threw(error, ctx.id, 'handling init');
    }
    leave();
    return checkStep(step, ctx, 'init');
  }

  step(state: unknown, input: Input, ctx: NodeContext, label: string): Step<unknown> {
    let step: unknown;
    enter(ctx.id, 'step', label, state, input);
    try {
      step = this.protocol.step(state, input, ctx);
    } catch (error) {
      leave();
      throw threw(error, ctx.id, `handling ${label}`);
    }
    leave();
    return checkStep(step, ctx, 'step');
  }

  recover(stored: unknown, ctx: NodeContext): Step<unknown> {
    let step: unknown;
    enter(ctx.id, 'recover', 'recover', stored);
    try {
      step = this.protocol.recover(stored, ctx);
    } catch (error) {
      leave();
      throw threw(error, ctx.id, 'handling recover');
    }
    leave();
    return checkStep(step, ctx, 'recover');
  }

  stored(state: unknown, node: NodeId, label: string): unknown {
    let stored: unknown;
    enter(node, 'stored', label, state);
    try {
      stored = this.protocol.stored(state);
    } catch (error) {
      leave();
      throw threw(error, node, `in stored() after handling ${label}`);
    }
    leave();
    return stored;
  }

  view(state: unknown, node: NodeId, label: string): NodeView {
    let view: unknown;
    enter(node, 'view', label, state);
    try {
      view = this.protocol.view(state);
    } catch (error) {
      leave();
      throw threw(error, node, `in view() after handling ${label}`);
    }
    leave();
    return checkView(view, node, this.nodes, label);
  }
}

/**
 * The model's one-line rendering of a message (its `describeMessage`, else the message type), for
 * reports, which hold the protocol rather than a system: the boundary's guard for that hook; a throw or a result that is not a string is a ModelError naming the message type.
 */
export function describeMessage(protocol: AnyProtocol, msg: Message): string {
  if (protocol.describeMessage === undefined) return msg.type;
  let text: unknown;
  try {
    text = protocol.describeMessage(msg);
  } catch (error) {
    throw new ModelError(`model threw in describeMessage() on a ${msg.type} message: ${reasonOf(error)}`, error);
  }
  // A model may leave some messages to the default rendering.
  if (text === undefined || text === null) return msg.type;
  if (typeof text !== 'string') throw new ModelError(`describeMessage() returned ${show(text)} for a ${msg.type} message, not a string`);
  return text;
}

function threw(error: unknown, node: NodeId, where: string): ModelError {
  return new ModelError(`model threw on node ${node} ${where}: ${reasonOf(error)}`, error);
}

/** The first line of what the model threw: a model error is one line; its cause keeps the rest. */
function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
