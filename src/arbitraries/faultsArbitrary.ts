import fc from 'fast-check';
import type { FaultPolicy, PartitionEvent } from '../world/enabled.js';

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
  /** Process pauses (a resume is always allowed, as a restart is); left out: none. */
  pauses?: boolean;
}

export const NO_FAULTS: FaultBudget = { crashesMax: 0, partitions: false, drops: false, duplicates: false };

/**
 * Fault budgets up to `crashesMax` crashes, each kind of fault on or off; shrinks towards none.
 * Pauses are asked for (`{ pauses: true }`), so the default arbitrary draws what it always drew.
 */
export function faultsArbitrary(crashesMax = 2, options: { pauses?: boolean } = {}): fc.Arbitrary<FaultBudget> {
  const base = {
    crashesMax: fc.integer({ min: 0, max: crashesMax }),
    partitions: fc.boolean(),
    drops: fc.boolean(),
    duplicates: fc.boolean(),
  };
  return options.pauses === true ? fc.record({ ...base, pauses: fc.boolean() }) : fc.record(base);
}

/** The enumerator's policy for a budget: restarts and resumes always; crashes while the budget lasts; one node cut off from the rest. */
export function budgetPolicy(faults: FaultBudget, crashesUsed: number, nodes: number): FaultPolicy {
  const partitions = faults.partitions && nodes > 1;
  return {
    drops: faults.drops,
    duplicates: faults.duplicates,
    crashes: crashesUsed < faults.crashesMax,
    restarts: true,
    partitions: partitions ? oneVersusRest(nodes) : [],
    heal: partitions,
    pauses: faults.pauses === true,
    resumes: true,
  };
}

/** One node cut off from the rest: the smallest split, and every split a two-node quorum test needs. */
function oneVersusRest(nodes: number): PartitionEvent[] {
  const splits: PartitionEvent[] = [];
  for (let node = 1; node <= nodes; node++) {
    const rest: number[] = [];
    for (let other = 1; other <= nodes; other++) if (other !== node) rest.push(other);
    splits.push({ kind: 'partition', groups: [[node], rest] });
  }
  return splits;
}
