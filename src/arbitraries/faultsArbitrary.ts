import fc from 'fast-check';

/**
 * Which faults a schedule may use. Kept as data so fast-check shrinks a failure to the smallest
 * fault configuration too: fewer crashes, no partition, no loss when none is needed.
 */
export interface FaultBudget {
  /** Crashes the schedule may make in all (restarts are always allowed). */
  crashesMax: number;
  partitions: boolean;
  drops: boolean;
  duplicates: boolean;
}

export const NO_FAULTS: FaultBudget = { crashesMax: 0, partitions: false, drops: false, duplicates: false };

/** Fault budgets up to `crashesMax` crashes, each kind of fault on or off; shrinks towards none. */
export function faultsArbitrary(crashesMax = 2): fc.Arbitrary<FaultBudget> {
  return fc.record({
    crashesMax: fc.integer({ min: 0, max: crashesMax }),
    partitions: fc.boolean(),
    drops: fc.boolean(),
    duplicates: fc.boolean(),
  });
}
