import { closing } from './groups.js';
import type { LabeledEvent } from './labels.js';

/**
 * How long the faults of a candidate last, in events: for each crash or partition, the events
 * until its restart or heal (to the end when it has none). Shrinking keeps the trace's length
 * and lowers this: a crash that needs its node down for two events is shown down for two.
 */
export function faultSpan(events: readonly LabeledEvent[]): number {
  let span = 0;
  events.forEach((_, i) => {
    const end = closing(events, i);
    if (end !== undefined) span += (end === -1 ? events.length : end) - i;
  });
  return span;
}

/** A source of candidates that end faults sooner; a new kind of fault (a pause) adds its own. */
export type FaultShortening = (events: readonly LabeledEvent[]) => LabeledEvent[][];

/** Each restart and heal moved halfway towards the crash or partition it ends. */
export const endSooner: FaultShortening = (events) => {
  const candidates: LabeledEvent[][] = [];
  events.forEach((_, i) => {
    const end = closing(events, i);
    if (end === undefined || end <= i + 1) return;
    const to = i + 1 + Math.floor((end - i - 1) / 2);
    const moved = events.filter((_, j) => j !== end);
    moved.splice(to, 0, events[end]);
    candidates.push(moved);
  });
  return candidates;
};

export const FAULT_SHORTENINGS: FaultShortening[] = [endSooner];
