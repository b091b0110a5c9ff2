import type { PoolResult, PoolTask } from './tasks.js';

/**
 * What a task whose model call hung settles to without running it again, or null when it runs
 * again stopped at that call (to rebuild the trace that led there). A shrink keeps the trace as
 * found: one candidate of many hung, and waiting out the deadline for each would be no shrink.
 */
export function settleHung(task: PoolTask, deadlineMs: number): PoolResult | null {
  if (task.kind !== 'shrink') return null;
  const length = task.trace.events.length;
  const skipped = `a shrink candidate's model call did not return within ${deadlineMs} ms`;
  return { kind: 'shrink', shrunk: { trace: task.trace, lengthBefore: length, lengthAfter: length, candidates: 0, skipped, exhausted: false }, ms: 0 };
}

/** The result of a task run again up to its hung call: its model error is that call's, so the last event of its trace never returned. */
export function markHung(result: PoolResult): PoolResult {
  if (result.kind === 'chunk' && result.modelError !== null) return { ...result, modelError: { ...result.modelError, hung: true } };
  if (result.kind === 'explore' && result.result.modelError !== null) return { ...result, hung: true };
  return result;
}
