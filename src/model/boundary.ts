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

class GuardedProtocol implements ModelBoundary {
  constructor(
    private readonly protocol: AnyProtocol,
    /** The cluster's size: a view's leader must be one of its nodes. */
    private readonly nodes: number,
  ) {}

  init(ctx: NodeContext): Step<unknown> {
    let step: unknown;
    try {
      step = this.protocol.init(ctx);
    } catch (error) {
      throw threw(error, ctx.id, 'handling init');
    }
    return checkStep(step, ctx, 'init');
  }

  step(state: unknown, input: Input, ctx: NodeContext, label: string): Step<unknown> {
    let step: unknown;
    try {
      step = this.protocol.step(state, input, ctx);
    } catch (error) {
      throw threw(error, ctx.id, `handling ${label}`);
    }
    return checkStep(step, ctx, 'step');
  }

  recover(stored: unknown, ctx: NodeContext): Step<unknown> {
    let step: unknown;
    try {
      step = this.protocol.recover(stored, ctx);
    } catch (error) {
      throw threw(error, ctx.id, 'handling recover');
    }
    return checkStep(step, ctx, 'recover');
  }

  stored(state: unknown, node: NodeId, label: string): unknown {
    try {
      return this.protocol.stored(state);
    } catch (error) {
      throw threw(error, node, `in stored() after handling ${label}`);
    }
  }

  view(state: unknown, node: NodeId, label: string): NodeView {
    let view: unknown;
    try {
      view = this.protocol.view(state);
    } catch (error) {
      throw threw(error, node, `in view() after handling ${label}`);
    }
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
