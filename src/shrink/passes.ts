import type { CandidateResult } from './context.js';
import { ddmin } from './ddmin.js';
import { shortenPauses } from './faultShrink.js';
import { FAULT_SHORTENINGS, faultSpan } from './faults.js';
import { causalGroups, eventGroups } from './groups.js';
import type { LabeledEvent } from './labels.js';

/** A candidate's verdict: its result when it still fails the same way, else null. */
export type CandidateTest = (candidate: readonly LabeledEvent[]) => CandidateResult | null;

/** Groups, ddmin and single events to a 1-minimal fixed point, then pairs of groups, then reorderings. */
export function minimize(best: CandidateResult, test: CandidateTest, exhausted: () => boolean, reorder: boolean): CandidateResult {
  while (!exhausted()) {
    const before = best.kept.length;
    for (const group of [...eventGroups(best.kept), ...causalGroups(best.kept)]) {
      best = shorter(test(best.kept.filter((e) => !group.has(e.index))), best);
    }
    const reduced = ddmin(best.kept, (c) => test(c)?.kept ?? null);
    const again = test(reduced);
    if (again !== null && again.kept.length <= best.kept.length) best = again;
    best = removeSingles(best, test);
    best = shortenPauses(best, test);
    if (best.kept.length < before) continue;
    best = shortenFaults(best, test);
    // At a 1-minimal fixed point, a violation in a later round can still hide a shorter one in an
    // earlier round: removing two groups at once (a round and a crash, say) lets it surface.
    best = removeGroupPairs(best, test) ?? best;
    if (best.kept.length < before) continue;
    // Still stuck: an order the run happened to choose may pin an event that another order frees.
    // Not for a run that passes its bound: each of its candidates replays the whole bound.
    if (reorder) best = swapThenRemove(best, test) ?? best;
    if (best.kept.length >= before) break;
  }
  return best;
}

/**
 * Fewer crashes and partitions go with the groups; here the ones that stay end sooner: a
 * candidate no longer than the best whose faults last fewer events replaces it, to a fixed point.
 */
function shortenFaults(best: CandidateResult, test: CandidateTest): CandidateResult {
  for (let progress = true; progress; ) {
    progress = false;
    for (const candidate of FAULT_SHORTENINGS.flatMap((source) => source(best.kept))) {
      const next = test(candidate);
      if (next !== null && next.kept.length <= best.kept.length && faultSpan(next.kept) < faultSpan(best.kept)) {
        best = next;
        progress = true;
        break;
      }
    }
  }
  return best;
}

/**
 * The candidate's result if it is shorter than the best so far, else the best: a repaired
 * candidate (repair.ts) can come back as long as it went in, and only progress may end a pass.
 */
function shorter(next: CandidateResult | null, best: CandidateResult): CandidateResult {
  return next !== null && next.kept.length < best.kept.length ? next : best;
}

/** Tries every single event, last to first, until none can go: the result is 1-minimal. */
function removeSingles(best: CandidateResult, test: CandidateTest): CandidateResult {
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = best.kept.length - 1; i >= 0; i--) {
      const next = test([...best.kept.slice(0, i), ...best.kept.slice(i + 1)]);
      if (next !== null && next.kept.length < best.kept.length) {
        best = next;
        changed = true;
        i = Math.min(i, best.kept.length);
      }
    }
  }
  return best;
}

/** The first candidate that drops two groups at once and still fails, or null. */
function removeGroupPairs(best: CandidateResult, test: CandidateTest): CandidateResult | null {
  const groups = eventGroups(best.kept);
  for (let a = 0; a < groups.length; a++) {
    for (let b = a + 1; b < groups.length; b++) {
      const next = test(best.kept.filter((e) => !groups[a].has(e.index) && !groups[b].has(e.index)));
      if (next !== null && next.kept.length < best.kept.length) return next;
    }
  }
  return null;
}

/**
 * Beyond 1-minimal, by reordering: each pair of neighbouring events swapped, and where the swapped
 * order still fails, each single event removed from it; the first shorter candidate, or null.
 * Every valid swap brings a removal of each event, so one pass can cost length² candidates, and
 * at the end of a shrink, where it gains nothing, it did (1,500 candidates for raft/prevote's
 * 40-event lasso, a third of that shrink). A pass stops after SWAP_PASS_CANDIDATES_PER_EVENT
 * candidates per event: a count, not a clock, so the result is the same on any machine.
 */
function swapThenRemove(best: CandidateResult, test: CandidateTest): CandidateResult | null {
  const kept = best.kept;
  let left = SWAP_PASS_CANDIDATES_PER_EVENT * kept.length;
  for (let i = kept.length - 2; i >= 0 && left > 0; i--) {
    const swapped = [...kept.slice(0, i), kept[i + 1], kept[i], ...kept.slice(i + 2)];
    const order = test(swapped);
    left--;
    if (order === null) continue;
    if (order.kept.length < kept.length) return order;
    for (let j = order.kept.length - 1; j >= 0 && left > 0; j--, left--) {
      const next = test([...order.kept.slice(0, j), ...order.kept.slice(j + 1)]);
      if (next !== null && next.kept.length < kept.length) return next;
    }
  }
  return null;
}

/** Enough for the swaps of every mutant's safety counterexample to reach explore's shortest (test/shortest.test.ts). */
const SWAP_PASS_CANDIDATES_PER_EVENT = 8;
