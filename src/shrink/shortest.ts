import { explore } from '../explore/explore.js';
import type { ExploreBounds } from '../explore/bounds.js';
import type { ExploreResult } from '../explore/exploreOptions.js';
import type { AnyProtocol, ModelConfig, PropertyName } from '../shared/protocol.js';
import type { Trace } from '../trace/format.js';
import type { CandidateContext, CandidateResult } from './context.js';
import { type LabeledEvent, labelTrace, type MessageRef } from './labels.js';
import { contextWithout, smallerCluster } from './nodes.js';
import { repairCandidate } from './repair.js';

/**
 * States a search around one counterexample may visit: counted, not timed, so the result is the
 * same on any machine; enough for every Raft mutant's neighbourhood many times over.
 */
export const SHORTEST_SEARCH_STATES_MAX = 40_000;

/**
 * Beyond 1-minimal: breadth-first searches (src/explore) within the counterexample's own bounds
 * (its highest term, its crashes, partitions, drops and duplicates, one event fewer than it has)
 * for a shorter path to the same violation. A 1-minimal trace can still be longer than the
 * shortest: the same bug found under different profiles shrinks to different local minima, and
 * no removal of events leads from one to another. Only for a safety violation under a profile
 * without a timing promise: explore has no clock, so under a synchronous profile, or after faults
 * stopped, its paths could break a promise. A path found is replayed as any candidate is, with
 * the schedule compressed for its times (repair.ts), and kept only if it still fails the same way.
 *
 * The searches go from tight bounds to the trace's own (boundLadder): a trace with a dozen drops
 * and two terms has a neighbourhood too large for the state budget, where ring's two leaders of
 * one term are 8 events from boot with one partition. Each search is bounded by the best length so
 * far, so a later one only looks for something shorter still.
 *
 * Smaller clusters are searched first, and the first that gives a shorter path ends the search:
 * casting a schedule for fewer nodes (nodes.ts) keeps its order, which a smaller cluster may not
 * allow (a leader elected earlier there sends heartbeats the larger one never did), where a
 * search on the smaller cluster needs no schedule to start from.
 */
export function searchShorter(
  ctx: CandidateContext,
  trace: Trace,
  best: CandidateResult,
  /** True once the shrink's budget is spent (it counts the searches' transitions): no search starts after. */
  spent: (on: CandidateContext) => boolean,
  statesMax = SHORTEST_SEARCH_STATES_MAX,
): { ctx: CandidateContext; best: CandidateResult } | null {
  if (ctx.stablePhase !== null || ctx.policy.synchronous || best.kept.length <= 1) return null;
  const own = traceBoundsOf(best);
  const n = ctx.system.nodes;
  for (let nodes = 1; nodes <= n && !spent(ctx); nodes++) {
    const cluster = nodes === n ? null : smallerCluster(ctx, nodes);
    if (nodes < n && cluster === null) continue;
    const on = cluster === null ? ctx : contextWithout(ctx, cluster, Array.from({ length: n - nodes }, (_, i) => n - i));
    let shortest: CandidateResult | null = null;
    for (const bounds of boundLadder({ ...own, maxMessages: defaultMessagesMax(nodes) })) {
      const length = (shortest ?? best).kept.length;
      if (length <= 1 || spent(on)) break;
      const found = searchWithin(on, trace, { ...bounds, maxDepth: length - 1 }, statesMax, length);
      if (found !== null) shortest = found;
    }
    ctx.replayed = on.replayed;
    ctx.nextIndex = on.nextIndex;
    if (shortest !== null) return { ctx: on, best: shortest };
  }
  return null;
}

/** explore's own default: enough for the elections of a few nodes, few enough to stay small. */
const defaultMessagesMax = (nodes: number): number => 2 * nodes;

/** The trace's own bounds: its highest term, as many of each fault as it has, one event fewer. */
function traceBoundsOf(best: CandidateResult): Omit<ExploreBounds, 'maxMessages'> {
  const count = (kind: string) => best.kept.filter((e) => e.event.kind === kind).length;
  const terms = [...best.kept.flatMap((e) => (e.term === undefined ? [] : [e.term])), ...best.world.nodes.map((n) => n.view?.term ?? 0)];
  return {
    maxTerm: Math.max(1, ...terms),
    maxCrashes: count('crash'),
    maxPartitions: count('partition'),
    maxDrops: count('drop'),
    maxDups: count('duplicate'),
    maxDepth: best.kept.length - 1,
  };
}

/**
 * The bounds to search, tightest first: term 1 with no fault, then term 2 with at most one fault
 * of each kind the trace has, then the trace's own bounds; each within the trace's, none twice.
 */
export function boundLadder(own: ExploreBounds): ExploreBounds[] {
  const capped = (term: number, faults: number): ExploreBounds => ({
    ...own,
    maxTerm: Math.min(own.maxTerm, term),
    maxCrashes: Math.min(own.maxCrashes, faults),
    maxPartitions: Math.min(own.maxPartitions, faults),
    maxDrops: Math.min(own.maxDrops, faults),
    maxDups: Math.min(own.maxDups, faults),
  });
  const ladder: ExploreBounds[] = [];
  for (const bounds of [capped(1, 0), capped(2, 1), own]) {
    if (!ladder.some((b) => JSON.stringify(b) === JSON.stringify(bounds))) ladder.push(bounds);
  }
  return ladder;
}

/** One search: a path shorter than `length` to the same violation, replayed and timed, or null. */
function searchWithin(ctx: CandidateContext, trace: Trace, bounds: ExploreBounds, statesMax: number, length: number): CandidateResult | null {
  const { protocol, nodes, config } = ctx.system;
  const result = searchOf(protocol, nodes, config, ctx.property, bounds, statesMax);
  ctx.replayed += result.transitions;
  const found = result.violation;
  if (found === null || found.property !== ctx.property || found.events.length >= length) return null;
  const path: Trace = { ...trace, nodes, events: found.events, violation: { property: found.property, step: found.step, detail: found.detail } };
  const { stabilization: _none, ...untimed } = path;
  const labels = shifted(labelTrace(untimed, protocol), ctx.nextIndex);
  ctx.nextIndex += labels.length;
  const replayed = repairCandidate(ctx, labels, 'earliest');
  return replayed !== null && replayed.violation?.property === ctx.property && replayed.kept.length < length ? replayed : null;
}

type SearchOutcome = Pick<ExploreResult, 'transitions' | 'violation'>;

/** Searches this thread made, by model and then by everything else explore was given; oldest dropped past SEARCHES_KEPT. */
const searches = new WeakMap<AnyProtocol, Map<string, SearchOutcome>>();
const SEARCHES_KEPT = 64;

/**
 * explore's answer, made once per thread for the same inputs: the cells of one model shrink the
 * same bug under nine profiles, and their counterexamples often ask the same search (the ladder's
 * first rung, term 1 without faults, at the same length). The search is a pure function of what
 * it is given, so the answer and the transitions counted against the shrink budget are the same
 * whether it ran now or before: the shrunk trace cannot depend on which worker shrank what first.
 */
function searchOf(protocol: AnyProtocol, nodes: number, config: ModelConfig, property: PropertyName, bounds: ExploreBounds, statesMax: number): SearchOutcome {
  let made = searches.get(protocol);
  if (made === undefined) searches.set(protocol, (made = new Map()));
  // Infinity would print as null, the same as a null bound.
  const key = JSON.stringify([nodes, config, property, bounds, statesMax], (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  let outcome = made.get(key);
  if (outcome === undefined) {
    const { transitions, violation } = explore({ protocol, nodes, config, properties: [property], bounds, symmetry: true, maxStates: statesMax });
    if (made.size >= SEARCHES_KEPT) made.delete(made.keys().next().value!);
    made.set(key, (outcome = { transitions, violation }));
  }
  // Each caller gets its own copy of the path (plain data), so none can change what a later one reads.
  return { transitions: outcome.transitions, violation: outcome.violation === null ? null : structuredClone(outcome.violation) };
}

/** Labels moved past every index in use, their message refs with them (boot's -1 stays). */
function shifted(labels: readonly LabeledEvent[], by: number): LabeledEvent[] {
  const ref = (r: MessageRef): MessageRef => ({ ...r, sender: r.sender < 0 ? r.sender : r.sender + by, ...(r.copyOf === undefined ? {} : { copyOf: ref(r.copyOf) }) });
  return labels.map((e) => ({ ...e, index: e.index + by, ...(e.ref === undefined ? {} : { ref: ref(e.ref) }) }));
}
