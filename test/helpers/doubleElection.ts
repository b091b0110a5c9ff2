import type { WorldEvent } from '../../src/shared/world.js';
import { TRACE_FORMAT, type Trace, type TraceEvent } from '../../src/trace/format.js';

/**
 * raft/double-vote's double election in term 1 by hand: nodes 2 and 1 time out (at the times and
 * with the delays given), node 3 grants both votes, both win. `between` goes after the two timers.
 */
export function doubleElection(timers: { at2: number; after2: number; at1: number; after1: number }, between: WorldEvent[], extra: Partial<Trace>): Trace {
  const start = Math.max(timers.at1, ...between.map((e) => e.at ?? 0));
  const events: TraceEvent[] = [
    { kind: 'timer', node: 2, timer: 'election', after: timers.after2, at: timers.at2 },
    { kind: 'timer', node: 1, timer: 'election', after: timers.after1, at: timers.at1 },
    ...between,
    { kind: 'deliver', from: 2, to: 3, type: 'RequestVote', at: start },
    { kind: 'deliver', from: 1, to: 3, type: 'RequestVote', at: start + 1 },
    { kind: 'deliver', from: 3, to: 2, type: 'RequestVoteReply', at: start + 2 },
    { kind: 'deliver', from: 3, to: 1, type: 'RequestVoteReply', at: start + 3 },
  ];
  return {
    format: TRACE_FORMAT,
    model: 'raft/double-vote',
    nodes: 3,
    properties: ['election-safety'],
    events,
    violation: { property: 'election-safety', step: events.length, detail: 'nodes 1 and 2 both leader in term 1' },
    ...extra,
  };
}
