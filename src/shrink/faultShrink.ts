import type { Trace } from '../trace/format.js';
import type { WorldEvent } from '../shared/world.js';
import { EXACT_CLOCK } from '../world/clock.js';
import type { CandidateResult } from './candidate.js';
import type { LabeledEvent } from './labels.js';

/**
 * Shrinking the faults that are not events alone: a pause goes with its resume (removed together,
 * as a crash with its restart), a pause a counterexample needs is shortened by moving its resume
 * earlier, and a drifting clock is set exact where the counterexample does not need it.
 */

/** Each pause with the resume of the same node that follows it (original indices). */
export function pauseGroups(events: readonly LabeledEvent[]): Set<number>[] {
  const groups: Set<number>[] = [];
  events.forEach((e, i) => {
    if (e.event.kind !== 'pause') return;
    const node = e.event.node;
    const resume = events.slice(i + 1).find((r) => r.event.kind === 'resume' && r.event.node === node);
    groups.push(new Set([e.index, ...(resume === undefined ? [] : [resume.index])]));
  });
  return groups;
}

type Test = (candidate: readonly LabeledEvent[]) => CandidateResult | null;

/**
 * Every pause as short as the counterexample allows: its resume moved to the earliest place (a
 * binary search over the events between pause and resume) where the candidate still fails. The
 * moved resume takes the time of the event it now follows, so time never goes back.
 */
export function shortenPauses(best: CandidateResult, test: Test): CandidateResult {
  const resumes = best.kept.filter((e) => e.event.kind === 'resume').map((e) => e.index);
  for (const resumeIndex of resumes) {
    const span = spanOf(best.kept, resumeIndex);
    if (span === null) continue;
    // Positions lo..hi-1 are untried; the resume stands at hi, where the candidate fails as it should.
    let lo = span.pause + 1;
    let hi = span.resume;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const next = test(movedResume(best.kept, hi, mid));
      const moved = next === null ? null : spanOf(next.kept, resumeIndex);
      if (next !== null && moved !== null) {
        best = next;
        hi = moved.resume;
      } else {
        lo = mid + 1;
      }
    }
  }
  return best;
}

/** Positions of a resume (by original index) and of the pause before it, in a candidate. */
function spanOf(kept: readonly LabeledEvent[], resumeIndex: number): { pause: number; resume: number } | null {
  const resume = kept.findIndex((e) => e.index === resumeIndex);
  if (resume < 0) return null;
  const node = (kept[resume].event as Extract<WorldEvent, { kind: 'resume' }>).node;
  for (let p = resume - 1; p >= 0; p--) {
    const e = kept[p].event;
    if (e.kind === 'pause' && e.node === node) return { pause: p, resume };
  }
  return null;
}

/** The candidate with the event at `from` (a resume) moved to position `to` < from, timed as its new predecessor. */
function movedResume(kept: readonly LabeledEvent[], from: number, to: number): LabeledEvent[] {
  const resume = kept[from];
  const before = kept[to - 1].event.at;
  const { at: _at, ...untimed } = resume.event;
  const event = (before === undefined ? untimed : { ...untimed, at: before }) as WorldEvent;
  const rest = [...kept.slice(0, from), ...kept.slice(from + 1)];
  return [...rest.slice(0, to), { ...resume, event }, ...rest.slice(to)];
}

/**
 * The trace with every drifting clock it does not need set exact, one node at a time: a rate goes
 * to 1 when the trace, judged with it, still fails the same way with its events all kept and no
 * timer's delay left unexplained (a timer whose `after` the exact clock cannot account for would
 * trade drift for an asynchronous timing the reader cannot follow). `judge` replays a trace as a
 * shrink candidate, under the timing its rates give.
 */
export function withoutNeedlessDrift(trace: Trace, judge: (trace: Trace) => CandidateResult | null): Trace {
  const rates = trace.clockRates;
  if (rates === undefined) return trace;
  let current = trace;
  for (let i = 0; i < rates.length; i++) {
    const now = current.clockRates!;
    if (now[i] === EXACT_CLOCK) continue;
    const next = now.map((r, j) => (j === i ? EXACT_CLOCK : r));
    const { clockRates: _rates, ...rest } = current;
    const candidate: Trace = next.every((r) => r === EXACT_CLOCK) ? rest : { ...rest, clockRates: next };
    const result = judge(candidate);
    if (result === null || result.events.length !== current.events.length) continue;
    if (timedAfters(result.events) < timedAfters(current.events)) continue;
    current = { ...candidate, events: result.events, violation: result.violation };
  }
  return current.clockRates === undefined ? current : { ...current, clockRates: current.clockRates };
}

function timedAfters(events: readonly { kind: string; after?: number }[]): number {
  return events.filter((e) => e.kind === 'timer' && e.after !== undefined).length;
}
