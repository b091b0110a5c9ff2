/** A tick range [min, max], both inclusive. */
export type TickRange = readonly [min: number, max: number];

/**
 * Fault knobs as one flat options object, as TigerBeetle's simulator has them: printed at the start
 * of a run so a failure line is a reproduction line. All times are logical ticks.
 */
export interface FaultProfile {
  name: string;
  description: string;
  /** Message delay during the fault phase; a wide range reorders messages. */
  delayTicks: TickRange;
  /** Chance that a message is lost when it comes due (fault phase only). */
  dropProbability: number;
  /** Chance that a message is duplicated when it comes due (fault phase only). */
  duplicateProbability: number;
  /** Time between crashes, or null for none. */
  crashEveryTicks: TickRange | null;
  /** How long a crashed node stays down before it restarts. */
  downTicks: TickRange;
  /** At most this many nodes are down at once (the rest stay up). */
  crashedMax: number;
  /** Time between partitions, or null for none. */
  partitionEveryTicks: TickRange | null;
  /** How long a partition lasts before it heals. */
  partitionTicks: TickRange;
  /** Length of the fault phase; then faults stop and liveness is judged. */
  faultPhaseTicks: number;
}

const calm = {
  dropProbability: 0,
  duplicateProbability: 0,
  crashEveryTicks: null,
  downTicks: [1, 40],
  crashedMax: 1,
  partitionEveryTicks: null,
  partitionTicks: [10, 60],
  faultPhaseTicks: 200,
} as const;

/** The named profiles of DESIGN.md section 4, in the order `list` shows them. */
export const profiles: readonly FaultProfile[] = [
  { ...calm, name: 'reliable', description: 'reorder only: every message arrives, in any order', delayTicks: [1, 8] },
  {
    ...calm,
    name: 'lossy',
    description: 'messages are dropped, duplicated and delayed',
    delayTicks: [1, 12],
    dropProbability: 0.15,
    duplicateProbability: 0.1,
  },
  {
    ...calm,
    name: 'crash',
    description: 'nodes crash and restart from stable storage',
    delayTicks: [1, 5],
    crashEveryTicks: [5, 40],
    downTicks: [1, 30],
    crashedMax: 2,
  },
  {
    ...calm,
    name: 'partition',
    description: 'the network splits into groups and heals',
    delayTicks: [1, 5],
    partitionEveryTicks: [5, 50],
  },
  {
    ...calm,
    name: 'chaos',
    description: 'all of the above at once',
    delayTicks: [1, 10],
    dropProbability: 0.1,
    duplicateProbability: 0.05,
    crashEveryTicks: [10, 60],
    downTicks: [1, 30],
    crashedMax: 2,
    partitionEveryTicks: [10, 80],
  },
];

export function findProfile(name: string): FaultProfile | undefined {
  return profiles.find((p) => p.name === name);
}

/** The stabilization phase's network: no loss, no duplicates, delays bounded by the model's promise. */
export function stableDelayTicks(synchronousDelayTicksMax: number): TickRange {
  return [1, synchronousDelayTicksMax];
}
