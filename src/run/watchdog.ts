import { ENTERED, LEFT } from '../model/boundary.js';

/**
 * Watches one worker's model calls through the buffer it counts them in (ModelCallCounter): the
 * worker is hung when it is inside a call (more calls entered than left) and has entered no new
 * one for the deadline. Sampling costs the worker nothing; the main thread reads two numbers per
 * tick, so a hang is seen between the deadline and one tick after it.
 */
export class CallWatch {
  private entered = -1;
  private movedAtMs = 0;

  constructor(
    private readonly calls: Float64Array,
    private readonly deadlineMs: number,
  ) {}

  /** A task was handed to the worker: its time starts now. */
  restart(nowMs: number): void {
    this.entered = -1;
    this.movedAtMs = nowMs;
  }

  /** The number of the call that hung (counted from the task's start), or 0 while the worker is not stuck in one. */
  hungCall(nowMs: number): number {
    const entered = this.calls[ENTERED];
    if (entered !== this.entered || this.calls[LEFT] === entered) {
      this.entered = entered;
      this.movedAtMs = nowMs;
      return 0;
    }
    return nowMs - this.movedAtMs >= this.deadlineMs ? entered : 0;
  }
}

/** How often the main thread samples: often enough that a hang is reported soon after its deadline, rarely enough to cost nothing. */
export function watchTickMs(deadlineMs: number): number {
  return Math.min(250, Math.max(10, Math.floor(deadlineMs / 10)));
}
