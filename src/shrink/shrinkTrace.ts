import { propertiesNamed } from '../../properties/index.js';
import { livenessFailure, Monitor } from '../judge/monitor.js';
import type { AnyProtocol, NodeId } from '../shared/protocol.js';
import type { FaultProfile } from '../shared/profile.js';
import type { Trace } from '../trace/format.js';
import { replay, traceProperties } from '../trace/replay.js';
import { RunModelError } from '../kernel/runModelError.js';
import { createSystem } from '../world/world.js';
import type { World } from '../shared/world.js';
import { type CandidateContext, type CandidateResult, emptyPrefixCache, stillFails, stillFailsWithTail } from './candidate.js';
import { shorterByForcedTail } from './forcedTail.js';
import { contextWithout, smallerCluster, withoutNode } from './nodes.js';
import { searchShorter } from './shortest.js';
import { minimize } from './passes.js';
import { faultPhaseLength, type LabeledEvent, labelTrace } from './labels.js';
import { timingPolicy } from './timing.js';
import { withoutNeedlessDrift } from './faultShrink.js';
import { bridgeOf } from '../bridge/bridgedModel.js';

export interface ShrinkOptions {
  /** The profile the trace was found under; a synchronous one is re-validated (see timing.ts). */
  profile?: FaultProfile;
  /**
   * Events all candidates together may replay: a bound on the work counted in events, not time,
   * so a long liveness trace cannot stall a run and the result stays the same on any machine.
   */
  eventsBudget?: number;
  /** Resume candidates from the replay of the last one that failed (default); false replays each from boot. */
  reusePrefixes?: boolean;
}

/** Enough for every safety counterexample we have met many times over; a long liveness trace may use it up. */
export const SHRINK_EVENTS_BUDGET = 500_000;
/**
 * A bridged model's event is a process round trip, some hundred times an in-process one: its
 * shrinks get this much (docs/bridge.md, "Shrinking"). Short safety counterexamples shrink to
 * the end well within it; a long liveness trace comes out shorter, not 1-minimal.
 */
export const BRIDGED_SHRINK_EVENTS_BUDGET = 50_000;

export interface ShrinkResult {
  trace: Trace;
  lengthBefore: number;
  lengthAfter: number;
  /** Candidates replayed. */
  candidates: number;
  /** Why the trace was left as it was, if it was. */
  skipped: string | null;
  /** True when the budget ran out first: the trace is shorter but not known to be 1-minimal. */
  exhausted: boolean;
}

/**
 * Shrinks a violating trace to a 1-minimal one that violates the same property: groups first
 * (crash/restart, partition/heal, election rounds), then ddmin, then single events, to a fixed
 * point. A liveness trace shrinks too, but every candidate must keep the stabilization phase's
 * promise after its stabilization step (no new faults, no loss, bounded delays), so what it shows
 * is a protocol that fails to elect when the network behaves, not a network that misbehaves.
 */
export function shrinkTrace(trace: Trace, protocol: AnyProtocol, options: ShrinkOptions = {}): ShrinkResult {
  const lengthBefore = trace.events.length;
  const same = (skipped: string): ShrinkResult => ({ trace, lengthBefore, lengthAfter: lengthBefore, candidates: 0, skipped, exhausted: false });
  const violation = trace.violation;
  if (violation === undefined || violation === null) return same('the trace violates nothing');
  let ctx = shrinkContext(trace, protocol, options);
  if (ctx.stablePhase !== null && ctx.stabilization === null) return same('a liveness trace without its stabilization step cannot be judged');
  let candidates = 0;
  const budget = options.eventsBudget ?? (bridgeOf(protocol) === undefined ? SHRINK_EVENTS_BUDGET : BRIDGED_SHRINK_EVENTS_BUDGET);
  let exhausted = false;
  const test = (candidate: readonly LabeledEvent[], on: CandidateContext = ctx): CandidateResult | null => {
    if (on.replayed >= budget) {
      exhausted = true;
      return null;
    }
    candidates++;
    return stillFails(on, candidate);
  };
  const testTail = (candidate: readonly LabeledEvent[], eventsMax: number, on: CandidateContext): CandidateResult | null => {
    if (on.replayed >= budget) {
      exhausted = true;
      return null;
    }
    candidates++;
    return stillFailsWithTail(on, candidate, eventsMax);
  };
  // A timed safety trace whose fault came late: the fault earlier, the rest as the promise forces (forcedTail.ts).
  const withForcedTail = (on: CandidateContext, from: CandidateResult): CandidateResult => {
    const tail = shorterByForcedTail(on, from.kept, (c, max) => testTail(c, max, on));
    return tail === null ? from : minimize(tail, (c) => test(c, on), () => exhausted, false);
  };
  let best = test(labelTrace(trace, protocol));
  if (best === null) return same('the trace does not reproduce its violation');
  // A run that passes its bound needs the whole bound after any cut: jumping costs too much there.
  if (ctx.stablePhase !== null && ctx.failure !== 'bound') best = jumpToStabilization(best, test, replay(trace, protocol).steps.map((s) => s.world));
  // Reordering tries every swap, each with every removal: the dearest pass, so it comes last,
  // once the cluster is as small as it gets (a smaller cluster makes every candidate cheaper).
  // Not for a run that passes its bound: each of its candidates replays the whole bound.
  const reorder = ctx.failure !== 'bound';
  best = minimize(best, test, () => exhausted, false);
  if (!exhausted) best = withForcedTail(ctx, best);
  // Then the cluster: a counterexample that needs only 3 nodes is shown with 3 (nodes.ts). The
  // descent goes on past a cluster whose trace came out longer (two nodes can need more rounds
  // than three to fail the same way; nine nodes more crashes than ten, and three fewer than
  // both), and the shortest trace met is kept, on the fewest nodes among equals.
  let chosen = { ctx, best };
  for (let smaller = fewerNodes(ctx, best, test, testTail); smaller !== null && !exhausted; smaller = fewerNodes(ctx, best, test, testTail)) {
    ctx = smaller.ctx;
    best = minimize(smaller.best, (c) => test(c, ctx), () => exhausted, false);
    if (best.kept.length <= chosen.best.kept.length) chosen = { ctx, best };
  }
  // The budget spent and the labels handed out on the way down stay spent.
  chosen.ctx.replayed = ctx.replayed;
  chosen.ctx.nextIndex = ctx.nextIndex;
  ({ ctx, best } = chosen);
  if (reorder && !exhausted) best = minimize(best, test, () => exhausted, true);
  if (!exhausted) {
    const spent = (on: CandidateContext): boolean => (exhausted ||= on.replayed >= budget);
    const shorter = searchShorter(ctx, trace, best, spent);
    if (shorter !== null) ({ ctx, best } = shorter);
  }
  const shrunk = withoutNeedlessDrift(rebuild(trace, ctx, best), (candidate) => stillFails(shrinkContext(candidate, protocol, options), labelTrace(candidate, protocol)));
  // The trace as found replayed with every event checked for plain data (labelTrace); the
  // candidates did not, so a shrunk trace that meets data the found one never did is not kept.
  let again;
  try {
    again = replay(shrunk, protocol).violation;
  } catch (error) {
    if (error instanceof RunModelError) return same('the shrunk trace reaches data that is not plain; the trace as found does not');
    throw error;
  }
  // A counterexample that does not replay is the worst bug this tool can have: should a pass
  // ever write a trace whose replay misses its violation, the trace as found is kept, and says why.
  if (again === null || again.property !== shrunk.violation!.property || again.step !== shrunk.violation!.step) {
    return same('the shrunk trace did not replay its violation (a shrinker bug): the trace as found is kept');
  }
  return { trace: shrunk, lengthBefore, lengthAfter: shrunk.events.length, candidates, skipped: null, exhausted };
}

/**
 * A liveness trace's fault phase is mostly noise, and its stabilization phase repair fills in
 * (repair.ts): so before anything else, try stopping faults early. The candidates keep the first
 * k events, the phase's opening (its heal and restarts) and nothing after, for each k at which
 * some node's role or leader changed, earliest first; the first that still fails is kept.
 */
function jumpToStabilization(best: CandidateResult, test: (c: readonly LabeledEvent[]) => CandidateResult | null, worlds: readonly World[]): CandidateResult {
  const faults = best.kept.filter((e) => e.stable !== true);
  const opening = openingOf(best.kept);
  let previous: string | null = null;
  const cuts: number[] = [];
  for (let k = 0; k <= faults.length; k++) {
    const world = worlds[k];
    const views = world === undefined ? null : JSON.stringify(world.nodes.map((n) => [n.up, n.view?.role ?? null, n.view?.leader ?? null]));
    if (views !== previous || k === faults.length) cuts.push(k);
    previous = views;
  }
  for (const k of cuts) {
    const next = test([...faults.slice(0, k), ...opening]);
    if (next !== null && next.kept.length < best.kept.length) return next;
  }
  return best;
}

/** The heal and restarts that open the stabilization phase, as randomRun makes them when faults stop. */
function openingOf(kept: readonly LabeledEvent[]): LabeledEvent[] {
  const opening: LabeledEvent[] = [];
  for (const e of kept.slice(faultPhaseLength(kept))) {
    if (e.event.kind !== 'heal' && e.event.kind !== 'restart') break;
    opening.push(e);
  }
  return opening;
}

/**
 * The same counterexample on one node fewer, if some node can go (highest id first) and the
 * property still fails, else on two fewer: a majority protocol's two quorums may each need one
 * member less at once (nine nodes' quorums of 5 are seven's of 4; no eight-node cast keeps both).
 * A new context for the smaller cluster, which carries the budget on.
 */
function fewerNodes(
  ctx: CandidateContext,
  best: CandidateResult,
  test: (c: readonly LabeledEvent[], on: CandidateContext) => CandidateResult | null,
  testTail: (c: readonly LabeledEvent[], eventsMax: number, on: CandidateContext) => CandidateResult | null,
): { ctx: CandidateContext; best: CandidateResult } | null {
  const n = ctx.system.nodes;
  const singles = Array.from({ length: n }, (_, i) => [n - i]);
  const pairs = singles.flatMap(([a]) => Array.from({ length: a - 1 }, (_, j) => [a, a - 1 - j]));
  for (const gone of [singles, pairs]) {
    const found = withoutSomeNodes(ctx, best, gone, test, testTail);
    if (found !== null) return found;
  }
  return null;
}

/** The first of the casts without `gone[k]` (ids highest first) whose property still fails, or null. */
function withoutSomeNodes(
  ctx: CandidateContext,
  best: CandidateResult,
  gone: readonly (readonly NodeId[])[],
  test: (c: readonly LabeledEvent[], on: CandidateContext) => CandidateResult | null,
  testTail: (c: readonly LabeledEvent[], eventsMax: number, on: CandidateContext) => CandidateResult | null,
): { ctx: CandidateContext; best: CandidateResult } | null {
  const cluster = gone.length === 0 ? null : smallerCluster(ctx, ctx.system.nodes - gone[0].length);
  if (cluster === null) return null;
  for (const ids of gone) {
    const small = contextWithout(ctx, cluster, ids);
    const cast = ids.reduce(withoutNode, best.kept);
    let result = test(cast, small);
    // The smaller cluster may fail the same way on a schedule of its own after faults stop: its
    // fault phase and opening are kept, and repair runs the rest as the promise forces it.
    const faultsOnly = ctx.stablePhase === null ? cast : [...cast.filter((e) => e.stable !== true), ...openingOf(cast)];
    if (result === null && faultsOnly.length < cast.length) result = test(faultsOnly, small);
    // A timed safety schedule cast for fewer nodes rarely fails as it is; its faults may, early.
    if (result === null) result = shorterByForcedTail(small, cast, (c, max) => testTail(c, max, small));
    ctx.replayed = small.replayed;
    ctx.nextIndex = small.nextIndex;
    if (result !== null) return { ctx: small, best: result };
  }
  return null;
}

/** What judges the candidates of one shrink: the trace's system, properties, timing and phases. */
export function shrinkContext(trace: Trace, protocol: AnyProtocol, options: ShrinkOptions = {}): CandidateContext {
  const properties = propertiesNamed(traceProperties(trace, protocol));
  const property = trace.violation!.property;
  // Liveness, and a safety property judged only once faults stop (no-disruption): candidates must
  // keep the stabilization phase's promise, or the shrunk trace shows asynchrony, not the failure.
  const judged = properties.find((p) => p.name === property);
  const liveness = judged?.kind !== 'safety' || judged.stabilize !== undefined;
  return {
    system: createSystem(protocol, trace.nodes, trace.config),
    monitor: new Monitor(properties, trace.stabilization?.boundTicks ?? null),
    policy: timingPolicy(options.profile, protocol, trace.clockRates),
    property,
    failure: livenessFailure(trace.violation!),
    stabilization: trace.stabilization ?? null,
    stablePhase: liveness ? { downAtEndMax: downAtEnd(trace, protocol) } : null,
    replayed: 0,
    nextIndex: trace.events.length,
    prefix: options.reusePrefixes === false ? null : emptyPrefixCache(),
  };
}

/** Nodes down when the trace as found ends: the minority its profile left down for good. */
function downAtEnd(trace: Trace, protocol: AnyProtocol): number {
  const steps = replay(trace, protocol).steps;
  return steps[steps.length - 1].world.nodes.filter((slot) => !slot.up).length;
}

function rebuild(trace: Trace, ctx: CandidateContext, best: CandidateResult): Trace {
  const s = ctx.stabilization;
  const stableStep = s === null ? null : faultPhaseLength(best.kept);
  const { stabilization: _old, clockRates: _rates, ...rest } = trace;
  const rates = ctx.policy.clockRates;
  return {
    ...rest,
    nodes: ctx.system.nodes,
    // Fewer nodes (nodes.ts) leave fewer clocks: the rates follow the nodes that stay.
    ...(rates === undefined || rates === null ? {} : { clockRates: [...rates] }),
    ...(s === null || stableStep === null ? {} : { stabilization: { step: stableStep, boundTicks: s.boundTicks } }),
    events: best.events,
    violation: best.violation,
  };
}
