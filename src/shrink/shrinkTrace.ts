import { propertiesNamed } from '../../properties/index.js';
import { Monitor } from '../judge/monitor.js';
import type { AnyProtocol } from '../shared/protocol.js';
import type { FaultProfile } from '../shared/profile.js';
import type { Trace } from '../trace/format.js';
import { modelErrorOnReplay, replay, traceProperties } from '../trace/replay.js';
import { createSystem } from '../world/world.js';
import { type CandidateContext, type CandidateResult, emptyPrefixCache, stillFails } from './candidate.js';
import { ddmin } from './ddmin.js';
import { causalGroups, eventGroups } from './groups.js';
import { type LabeledEvent, labelTrace } from './labels.js';
import { timingPolicy } from './timing.js';
import { shortenPauses, withoutNeedlessDrift } from './faultShrink.js';

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
  const ctx = shrinkContext(trace, protocol, options);
  if (ctx.stablePhase !== null && ctx.stabilization === null) return same('a liveness trace without its stabilization step cannot be judged');
  let candidates = 0;
  const budget = options.eventsBudget ?? SHRINK_EVENTS_BUDGET;
  let exhausted = false;
  const test = (candidate: readonly LabeledEvent[]): CandidateResult | null => {
    if (ctx.replayed >= budget) {
      exhausted = true;
      return null;
    }
    candidates++;
    return stillFails(ctx, candidate);
  };
  let best = test(labelTrace(trace, protocol));
  if (best === null) return same('the trace does not reproduce its violation');

  while (!exhausted) {
    const before = best.kept.length;
    for (const group of [...eventGroups(best.kept), ...causalGroups(best.kept)]) {
      best = test(best.kept.filter((e) => !group.has(e.index))) ?? best;
    }
    const reduced = ddmin(best.kept, (c) => test(c)?.kept ?? null);
    best = test(reduced) ?? best;
    best = removeSingles(best, test);
    best = shortenPauses(best, test);
    if (best.kept.length < before) continue;
    // At a 1-minimal fixed point, a violation in a later round can still hide a shorter one in an
    // earlier round: removing two groups at once (a round and a crash, say) lets it surface.
    best = removeGroupPairs(best, test) ?? best;
    if (best.kept.length >= before) break;
  }
  const shrunk = withoutNeedlessDrift(rebuild(trace, ctx, best), (candidate) => stillFails(shrinkContext(candidate, protocol, options), labelTrace(candidate, protocol)));
  // The trace as found replayed with every event checked for plain data (labelTrace); the
  // candidates did not, so a shrunk trace that meets data the found one never did is not kept.
  if (modelErrorOnReplay(shrunk, protocol) !== null) return same('the shrunk trace reaches data that is not plain; the trace as found does not');
  return { trace: shrunk, lengthBefore, lengthAfter: shrunk.events.length, candidates, skipped: null, exhausted };
}

/** Tries every single event, last to first, until none can go: the result is 1-minimal. */
function removeSingles(best: CandidateResult, test: (c: readonly LabeledEvent[]) => CandidateResult | null): CandidateResult {
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = best.kept.length - 1; i >= 0; i--) {
      const next = test([...best.kept.slice(0, i), ...best.kept.slice(i + 1)]);
      if (next !== null) {
        best = next;
        changed = true;
        i = Math.min(i, best.kept.length);
      }
    }
  }
  return best;
}

/** The first candidate that drops two groups at once and still fails, or null. */
function removeGroupPairs(best: CandidateResult, test: (c: readonly LabeledEvent[]) => CandidateResult | null): CandidateResult | null {
  const groups = eventGroups(best.kept);
  for (let a = 0; a < groups.length; a++) {
    for (let b = a + 1; b < groups.length; b++) {
      const next = test(best.kept.filter((e) => !groups[a].has(e.index) && !groups[b].has(e.index)));
      if (next !== null && next.kept.length < best.kept.length) return next;
    }
  }
  return null;
}

/** What judges the candidates of one shrink: the trace's system, properties, timing and phases. */
export function shrinkContext(trace: Trace, protocol: AnyProtocol, options: ShrinkOptions = {}): CandidateContext {
  const properties = propertiesNamed(traceProperties(trace, protocol));
  const property = trace.violation!.property;
  const liveness = properties.find((p) => p.name === property)?.kind !== 'safety';
  return {
    system: createSystem(protocol, trace.nodes, trace.config),
    monitor: new Monitor(properties, trace.stabilization?.boundTicks ?? null),
    policy: timingPolicy(options.profile, protocol, trace.clockRates),
    property,
    stabilization: trace.stabilization ?? null,
    stablePhase: liveness ? { downAtEndMax: downAtEnd(trace, protocol) } : null,
    replayed: 0,
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
  const stableStep = s === null ? null : best.kept.filter((e) => e.index < s.step).length;
  const { stabilization: _old, ...rest } = trace;
  return {
    ...rest,
    ...(s === null || stableStep === null ? {} : { stabilization: { step: stableStep, boundTicks: s.boundTicks } }),
    events: best.events,
    violation: best.violation,
  };
}
