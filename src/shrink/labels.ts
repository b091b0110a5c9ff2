import type { AnyProtocol } from '../shared/protocol.js';
import type { Trace } from '../trace/format.js';
import { replay } from '../trace/replay.js';
import type { WorldEvent } from '../shared/world.js';

/**
 * A message named by where it came from rather than by id: ids follow send order, so removing an
 * event renumbers every later message. `sender` is the original index of the event that sent it
 * (-1 for boot), `slot` its position among that event's messages; from/to/type guard against a
 * candidate whose sender now sends something else in that slot.
 */
export interface MessageRef {
  sender: number;
  slot: number;
  from: number;
  to: number;
  type: string;
  /** For the copy a duplicate made: the message it copies, which stands in once the duplicate is removed. */
  copyOf?: MessageRef;
}

/** One event of the trace being shrunk, keyed by its position in the original trace. */
export interface LabeledEvent {
  index: number;
  event: WorldEvent;
  /** For deliver, drop and duplicate: the message, independent of ids. */
  ref?: MessageRef;
  /** Term of the node that stepped, after the event (for grouping by election round), if any. */
  term?: number;
  /** True for an event after faults stopped (the trace's stabilization step); inserted events keep their phase too. */
  stable?: true;
}

/** How many of the candidate's events come before faults stop: its stabilization step. */
export const faultPhaseLength = (events: readonly LabeledEvent[]): number => events.filter((e) => e.stable !== true).length;

/**
 * The label as the phase it was applied in says: a candidate's stabilization step is a count
 * (faultPhaseLength), so once passes move or drop events, a label's flag can disagree with where
 * the run put it (a stable event swapped before the step, a fault-phase one after it), and the
 * next count would stop faults at another step than the run that was judged. Kept events are
 * relabeled by where they ran, so the trace written stops faults where the judged run did.
 */
export function inPhase(label: LabeledEvent, stable: boolean): LabeledEvent {
  if ((label.stable === true) === stable) return label;
  if (stable) return { ...label, stable: true };
  const { stable: _was, ...rest } = label;
  return rest;
}

export const refKey = (sender: number, slot: number): string => `${sender}:${slot}`;

/** Replays a trace once (resolving any selectors) and labels its events for shrinking. */
export function labelTrace(trace: Trace, protocol: AnyProtocol): LabeledEvent[] {
  const { steps } = replay(trace, protocol);
  const refs = new Map<number, MessageRef>();
  const note = (sender: number, sent: readonly { id: number; from: number; to: number; msg: { type: string } }[], copyOf?: MessageRef) => {
    sent.forEach((m, slot) =>
      refs.set(m.id, { sender, slot, from: m.from, to: m.to, type: m.msg.type, ...(copyOf === undefined ? {} : { copyOf }) }),
    );
  };
  note(-1, steps[0].world.network);
  const labeled: LabeledEvent[] = [];
  for (let i = 1; i < steps.length; i++) {
    const { event, outcome, world } = steps[i];
    const e = event!;
    const ref = 'id' in e ? refs.get(e.id) : undefined;
    const stepped = outcome!.stepped;
    const term = stepped === null ? undefined : world.nodes[stepped - 1].view?.term;
    const stable = trace.stabilization !== undefined && i - 1 >= trace.stabilization.step;
    labeled.push({ index: i - 1, event: e, ...(ref === undefined ? {} : { ref }), ...(term === undefined ? {} : { term }), ...(stable ? { stable } : {}) });
    note(i - 1, outcome!.sent, e.kind === 'duplicate' ? ref : undefined);
  }
  return labeled;
}
