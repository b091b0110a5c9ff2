import { explore } from '../explore/explore.js';
import type { ExploreBounds } from '../explore/bounds.js';
import type { Trace } from '../trace/format.js';
import type { CandidateContext, CandidateResult } from './context.js';
import { type LabeledEvent, labelTrace, type MessageRef } from './labels.js';
import { repairCandidate } from './repair.js';

/**
 * States a search around one counterexample may visit: counted, not timed, so the result is the
 * same on any machine; enough for every Raft mutant's neighbourhood many times over.
 */
export const SHORTEST_SEARCH_STATES_MAX = 40_000;

/**
 * Beyond 1-minimal: a breadth-first search (src/explore) within the counterexample's own bounds
 * (its highest term, its crashes, partitions, drops and duplicates, one event fewer than it has)
 * for a shorter path to the same violation. A 1-minimal trace can still be longer than the
 * shortest: the same bug found under different profiles shrinks to different local minima, and
 * no removal of events leads from one to another. Only for a safety violation under a profile
 * without a timing promise: explore has no clock, so under a synchronous profile, or after faults
 * stopped, its paths could break a promise. The path found is replayed as any candidate is, with
 * the schedule compressed for its times (repair.ts), and kept only if it still fails the same way.
 */
export function searchShorter(ctx: CandidateContext, trace: Trace, best: CandidateResult, statesMax = SHORTEST_SEARCH_STATES_MAX): CandidateResult | null {
  if (ctx.stablePhase !== null || ctx.policy.synchronous || best.kept.length <= 1) return null;
  const count = (kind: string) => best.kept.filter((e) => e.event.kind === kind).length;
  const terms = [...best.kept.flatMap((e) => (e.term === undefined ? [] : [e.term])), ...best.world.nodes.map((n) => n.view?.term ?? 0)];
  const bounds: ExploreBounds = {
    maxTerm: Math.max(1, ...terms),
    // explore's own default: enough for the elections of a few nodes, few enough to stay small.
    maxMessages: 2 * ctx.system.nodes,
    maxCrashes: count('crash'),
    maxPartitions: count('partition'),
    maxDrops: count('drop'),
    maxDups: count('duplicate'),
    maxDepth: best.kept.length - 1,
  };
  const { protocol, nodes, config } = ctx.system;
  const result = explore({ protocol, nodes, config, properties: [ctx.property], bounds, symmetry: true, maxStates: statesMax });
  ctx.replayed += result.transitions;
  const found = result.violation;
  if (found === null || found.property !== ctx.property || found.events.length >= best.kept.length) return null;
  const path: Trace = { ...trace, nodes, events: found.events, violation: { property: found.property, step: found.step, detail: found.detail } };
  const { stabilization: _none, ...untimed } = path;
  const labels = shifted(labelTrace(untimed, protocol), ctx.nextIndex);
  ctx.nextIndex += labels.length;
  const replayed = repairCandidate(ctx, labels, 'earliest');
  return replayed !== null && replayed.violation?.property === ctx.property && replayed.kept.length < best.kept.length ? replayed : null;
}

/** Labels moved past every index in use, their message refs with them (boot's -1 stays). */
function shifted(labels: readonly LabeledEvent[], by: number): LabeledEvent[] {
  const ref = (r: MessageRef): MessageRef => ({ ...r, sender: r.sender < 0 ? r.sender : r.sender + by, ...(r.copyOf === undefined ? {} : { copyOf: ref(r.copyOf) }) });
  return labels.map((e) => ({ ...e, index: e.index + by, ...(e.ref === undefined ? {} : { ref: ref(e.ref) }) }));
}
