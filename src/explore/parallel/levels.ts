import type { MessagePort } from 'node:worker_threads';
import { type Control, STAT } from './control.js';
import type { LevelWorker } from './levelWorker.js';
import { rebalance, rebalancePlan } from './rebalance.js';
import { grownCapacity, growTable } from './tableGrowth.js';

export type LevelOutcome = 'done' | 'violation' | 'failed' | 'max-states' | 'seconds';

export interface LevelLimits {
  maxDepth: number;
  maxStates: number;
  /** Whether the shared table grows at level barriers (false only in a test). */
  growth: boolean;
  /** Worker 0 only: its clock's deadline (ms, performance.now) and progress after each level. */
  deadline?: number;
  onLevel?: (depth: number, control: Control) => void;
}

export interface LevelsRun {
  outcome: LevelOutcome;
  depth: number;
  levels: number;
  /** Times the shared table grew (at level barriers). */
  growths: number;
}

/**
 * The level-synchronous loop every worker runs (the calling thread as worker 0): expand its frontier
 * into the shared set, write its figures, barrier, and stop where every worker stops, as all read
 * the same figures; else grow the table if the next level may not fit, even out the next levels
 * (rebalance.ts), barrier, and go on. A level is always finished, so the states, transitions and the
 * violation reported are the same whatever the number of workers.
 */
export function runLevels(worker: LevelWorker, control: Control, ports: readonly (MessagePort | null)[], limits: LevelLimits): LevelsRun {
  const me = worker.me;
  let deepest = 0;
  let growths = 0;
  let made = 1;
  // The figures hold the root even when no level is expanded (--max-depth 0).
  writeFigures(worker, control);
  control.barrier();
  for (let depth = 0; depth < limits.maxDepth; depth++) {
    worker.expand(depth);
    writeFigures(worker, control);
    if (me === 0 && limits.deadline !== undefined) control.setStat(0, STAT.outOfTime, performance.now() > limits.deadline ? 1 : 0);
    control.barrier();
    const end = (outcome: LevelOutcome): LevelsRun => ({ outcome, depth: deepest, levels: depth + 1, growths });
    if (control.total(STAT.failed) > 0) return end('failed');
    const sizes = Array.from({ length: control.workers }, (_, w) => control.stat(w, STAT.next));
    const next = sizes.reduce((a, b) => a + b, 0);
    if (next > 0) deepest = depth + 1;
    limits.onLevel?.(deepest, control);
    if (control.total(STAT.violating) > 0) return end('violation');
    if (next === 0) return end('done');
    const states = control.total(STAT.states);
    if (states >= limits.maxStates) return end('max-states');
    if (control.stat(0, STAT.outOfTime) === 1) return end('seconds');
    if (depth + 1 === limits.maxDepth) return end('done');
    const capacity = limits.growth ? grownCapacity(worker.set.capacity, states, next, made) : 0;
    if (capacity > 0) {
      growTable(worker, control, ports, capacity);
      growths++;
    }
    made = next;
    rebalance(worker, control, ports, rebalancePlan(sizes));
    worker.advance();
    // No worker writes the next level's figures before every worker has read this one's.
    control.barrier();
  }
  return { outcome: 'done', depth: deepest, levels: limits.maxDepth, growths };
}

function writeFigures(worker: LevelWorker, control: Control): void {
  const me = worker.me;
  const f = worker.figures();
  control.setStat(me, STAT.next, worker.failure === null ? worker.nextSize : 0);
  control.setStat(me, STAT.failed, failureCode(worker.failure));
  const least = worker.leastViolating();
  control.setStat(me, STAT.violating, least === null ? 0 : 1);
  control.setStat(me, STAT.violationHigh, least?.[0] ?? 0);
  control.setStat(me, STAT.violationLow, least?.[1] ?? 0);
  control.setStat(me, STAT.violationParentHigh, least?.[2] ?? 0);
  control.setStat(me, STAT.violationParentLow, least?.[3] ?? 0);
  control.setStat(me, STAT.states, f.states);
  control.setStat(me, STAT.transitions, f.transitions);
  control.setStat(me, STAT.atBound, f.atBound);
  control.setStat(me, STAT.kernelSteps, f.kernelSteps);
  control.setStat(me, STAT.siblingRepeats, f.siblingRepeats);
  control.setStat(me, STAT.recentHits, f.recentHits);
  control.setStat(me, STAT.cachedSteps, f.cachedSteps);
  control.setStat(me, STAT.internedParts, f.internedParts);
  control.setStat(me, STAT.sentStates, f.sentStates);
  control.setStat(me, STAT.sentBytes, f.sentBytes);
  control.setStat(me, STAT.inserts, f.inserts);
  control.setStat(me, STAT.lowered, f.lowered);
}

/** A worker's failure as a figure: 0 none, 2 the shared table filled (tableGrowth.ts), 1 anything else (a model error). */
function failureCode(failure: string | null): number {
  if (failure === null) return 0;
  return failure.includes('fingerprint table') ? 2 : 1;
}
