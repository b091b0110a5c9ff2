import type { LabeledEvent } from './labels.js';
import { pauseGroups } from './faultShrink.js';

/** A source of groups: sets of original indices that only make sense removed together. */
export type GroupSource = (events: readonly LabeledEvent[]) => Set<number>[];

/** A crash with the restart that follows it, a partition with its heal. */
export const faultPairs: GroupSource = (events) => {
  const groups: Set<number>[] = [];
  events.forEach((e, i) => {
    const end = closing(events, i);
    if (end !== undefined) groups.push(new Set([e.index, ...(end === -1 ? [] : [events[end].index])]));
  });
  return groups;
};

/** Every event of one election round: the events that stepped a node into (or within) a term and the messages they sent. */
export const electionRounds: GroupSource = (events) => {
  const terms = [...new Set(events.flatMap((e) => (e.term === undefined ? [] : [e.term])))].sort((a, b) => a - b);
  return terms.map((term) => {
    const round = new Set(events.filter((e) => e.term === term).map((e) => e.index));
    for (const e of events) if (e.ref !== undefined && round.has(e.ref.sender)) round.add(e.index);
    return round;
  });
};

/**
 * The group sources the shrinker removes before event-by-event delta debugging (DEMi, Scott et
 * al. NSDI 2016, groups Raft's messages by term). A new kind of fault with an event that ends it
 * (a pause and its resume, say) adds its source here.
 */
export const GROUP_SOURCES: GroupSource[] = [faultPairs, pauseGroups, electionRounds];

export function eventGroups(events: readonly LabeledEvent[]): Set<number>[] {
  return GROUP_SOURCES.flatMap((source) => source(events));
}

/**
 * Where the fault that event `i` starts ends: the index of the restart after a crash or the heal
 * after a partition, -1 when it never ends, undefined when event `i` starts no fault.
 */
export function closing(events: readonly LabeledEvent[], i: number): number | undefined {
  const e = events[i].event;
  if (e.kind === 'crash') {
    const at = events.findIndex((r, j) => j > i && r.event.kind === 'restart' && r.event.node === e.node);
    return at;
  }
  if (e.kind === 'partition') return events.findIndex((r, j) => j > i && r.event.kind === 'heal');
  return undefined;
}

/**
 * Each event with its consequences: every event that handles a message it sent, transitively.
 * Removing a heartbeat timer alone fails (its deliveries then name no message); removing it with
 * the deliveries it caused can succeed. Later events first, so the tail of a trace goes first.
 */
export function causalGroups(events: readonly LabeledEvent[]): Set<number>[] {
  const handlers = new Map<number, number[]>();
  for (const e of events) {
    if (e.ref === undefined) continue;
    const list = handlers.get(e.ref.sender) ?? [];
    list.push(e.index);
    handlers.set(e.ref.sender, list);
  }
  const groups: Set<number>[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const group = new Set<number>([events[i].index]);
    const pending = [events[i].index];
    while (pending.length > 0) {
      for (const next of handlers.get(pending.pop()!) ?? []) {
        if (!group.has(next)) {
          group.add(next);
          pending.push(next);
        }
      }
    }
    if (group.size > 1) groups.push(group);
  }
  return groups;
}
