import type { AnyProtocol } from '../../src/shared/protocol.js';
import { TRACE_FORMAT, type Trace, type TraceEvent } from '../../src/trace/format.js';
import { replay, type ReplayResult } from '../../src/trace/replay.js';

/** A hand-written scenario, as people write them: events with selectors, defaults for the rest. */
export function scenario(model: AnyProtocol, events: TraceEvent[], nodes = 3, extra: Partial<Trace> = {}): Trace {
  return { format: TRACE_FORMAT, model: model.name, nodes, events, ...extra };
}

export function play(model: AnyProtocol, events: TraceEvent[], nodes = 3, extra: Partial<Trace> = {}): ReplayResult {
  return replay(scenario(model, events, nodes, extra), model);
}

/** Each node's view after the last event, as `L2`-style strings keyed by role/term/leader. */
export function finalViews(result: ReplayResult) {
  return result.steps[result.steps.length - 1].world.nodes.map((slot) => slot.view);
}

export const timer = (node: number, name = 'election'): TraceEvent => ({ kind: 'timer', node, timer: name });
export const deliver = (from: number, to: number, type?: string): TraceEvent => ({ kind: 'deliver', from, to, ...(type ? { type } : {}) });
export const crash = (node: number): TraceEvent => ({ kind: 'crash', node });
export const restart = (node: number): TraceEvent => ({ kind: 'restart', node });
