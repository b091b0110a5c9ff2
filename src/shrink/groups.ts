import type { LabeledEvent } from './labels.js';
import { pauseGroups } from './faultShrink.js';

/**
 * Sets of events that only make sense together, removed in one go before event-by-event delta
 * debugging: a crash with the restart that follows it, a partition with its heal, a pause with its
 * resume (faultShrink.ts), and every event
 * of one election round (DEMi, Scott et al. NSDI 2016, groups Raft's messages by term).
 * Each group is a set of original indices.
 */
export function eventGroups(events: readonly LabeledEvent[]): Set<number>[] {
  const groups: Set<number>[] = [];
  events.forEach((e, i) => {
    if (e.event.kind === 'crash') {
      const node = e.event.node;
      const restart = events.slice(i + 1).find((r) => r.event.kind === 'restart' && r.event.node === node);
      groups.push(new Set([e.index, ...(restart === undefined ? [] : [restart.index])]));
    } else if (e.event.kind === 'partition') {
      const heal = events.slice(i + 1).find((r) => r.event.kind === 'heal');
      groups.push(new Set([e.index, ...(heal === undefined ? [] : [heal.index])]));
    }
  });
  groups.push(...pauseGroups(events));
  const terms = [...new Set(events.flatMap((e) => (e.term === undefined ? [] : [e.term])))].sort((a, b) => a - b);
  for (const term of terms) {
    // A round is the events that stepped a node into (or within) that term and the messages they sent.
    const round = new Set(events.filter((e) => e.term === term).map((e) => e.index));
    for (const e of events) if (e.ref !== undefined && round.has(e.ref.sender)) round.add(e.index);
    groups.push(round);
  }
  return groups;
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
