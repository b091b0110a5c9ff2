import fc from 'fast-check';
import { faultsArbitrary, type FaultBudget } from './faultsArbitrary.js';
import type { Schedule } from './runSchedule.js';

export interface ScheduleArbitraryOptions {
  /** Longest schedule, in events. */
  stepsMax?: number;
  /** A fixed fault budget, or an arbitrary one to shrink (default: up to 2 crashes, any fault kind). */
  faults?: FaultBudget | fc.Arbitrary<FaultBudget>;
}

/** Schedules: a fault budget and a list of choices, read against the enabled events at each step. */
export function scheduleArbitrary(options: ScheduleArbitraryOptions = {}): fc.Arbitrary<Schedule> {
  const faults = options.faults ?? faultsArbitrary();
  return fc.record({
    faults: faults instanceof fc.Arbitrary ? faults : fc.constant(faults),
    choices: fc.array(fc.nat({ max: 8191 }), { maxLength: options.stepsMax ?? 40, size: 'max' }),
  });
}
