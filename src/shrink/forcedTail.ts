import type { CandidateContext, CandidateResult } from './context.js';
import type { LabeledEvent } from './labels.js';

/** Events that open a fault: a candidate may keep one and let the promise run the rest. */
const FAULTS: ReadonlySet<string> = new Set(['partition', 'crash', 'pause']);

/**
 * Under a timed promise a safety counterexample is mostly what the promise forces (heartbeats on
 * their interval, messages across a partition dropped at their deadline), and a 1-minimal trace
 * can be long because its fault came late: removing events never moves the fault earlier. So for
 * each fault of the trace, the candidates are that fault alone (at the earliest time, straight
 * after boot) and the trace up to it, each run on as the promise forces until it fails
 * (repair.ts forcedTail), within one event fewer than `kept` (the best so far, or a schedule cast for fewer nodes); the shortest that fails is kept.
 * Only for a safety property under a synchronous profile (elsewhere nothing is forced).
 */
export function shorterByForcedTail(
  ctx: CandidateContext,
  kept: readonly LabeledEvent[],
  test: (candidate: readonly LabeledEvent[], eventsMax: number) => CandidateResult | null,
): CandidateResult | null {
  if (!ctx.policy.synchronous || ctx.stablePhase !== null) return null;
  let shortest: CandidateResult | null = null;
  kept.forEach((item, k) => {
    if (!FAULTS.has(item.event.kind)) return;
    for (const candidate of [[item], kept.slice(0, k + 1)]) {
      const length = shortest?.kept.length ?? kept.length;
      const result = test(candidate, length - 1);
      if (result !== null && result.kept.length < length) shortest = result;
    }
  });
  return shortest;
}
