import type { LabeledEvent } from './labels.js';

/**
 * Sets of events that only make sense together, removed in one go before event-by-event delta
 * debugging: a crash with the restart that follows it, a partition with its heal, and every event
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
  const terms = [...new Set(events.flatMap((e) => (e.term === undefined ? [] : [e.term])))].sort((a, b) => a - b);
  for (const term of terms) {
    // A round is the events that stepped a node into (or within) that term and the messages they sent.
    const round = new Set(events.filter((e) => e.term === term).map((e) => e.index));
    for (const e of events) if (e.ref !== undefined && round.has(e.ref.sender)) round.add(e.index);
    groups.push(round);
  }
  return groups;
}
