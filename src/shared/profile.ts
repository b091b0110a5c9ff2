/** Names and shapes of fault profiles, shared by the strategies, the catalog and the reports. */

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
  /**
   * When faults stop, up to this many crashed nodes (never a majority) stay down for good; the
   * rest restart. TigerBeetle's liveness phase heals a quorum core, not every replica: a protocol
   * must elect a new leader when the old one never comes back. Default 0: everyone restarts.
   */
  downForGoodMax?: number;
  /**
   * Time between process pauses (a GC pause, a stopped VM), or left out for none. A pause takes
   * one running node (never more than one at a time) out for `pauseTicks`: it takes no steps, its
   * messages and due timers wait, and it resumes before faults stop.
   */
  pauseEveryTicks?: TickRange;
  /** How long a pause lasts. */
  pauseTicks?: TickRange;
  /**
   * Clock drift: each node's clock runs at a rate drawn from the run's seed within 1 +- driftMax
   * (a multiple of 0.001; below 1), recorded in the trace as `clockRates`. Left out or 0: exact clocks.
   */
  driftMax?: number;
}

/**
 * The profile names docs/design.md section 4 fixes, in the order `list` and the catalog show them; the
 * catalog has a column for each. The one list every other list of profiles is derived from.
 */
export const PROFILE_NAMES = ['reliable', 'synchronous', 'lossy', 'crash', 'partition', 'pauses', 'drift', 'chaos', 'swarm'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];
