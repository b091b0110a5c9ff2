import type { NodeId } from '../shared/protocol.js';
import type { Outcome, World } from '../shared/world.js';
import type { TickRange } from '../shared/profile.js';

/** The next timer or message a strategy lets go, and when; `none` when nothing is pending. */
export type Due =
  /** `after`: the delay drawn, in ticks of the node's own clock. */
  | { kind: 'timer'; at: number; node: NodeId; timer: string; after: number }
  | { kind: 'message'; at: number; message: World['network'][number] }
  | { kind: 'none'; at: number };

export const NONE: Due = { kind: 'none', at: Infinity };

/**
 * What randomRun asks of a strategy: when each timer fires and each message comes due. The fault
 * clocks, the phases and the judging stay in randomRun, so strategies differ only in this.
 */
export interface RunSchedule {
  noteWorld(world: World, delay: TickRange): void;
  noteOutcome(outcome: Outcome, world: World, delay: TickRange): void;
  earliest(world: World): Due;
  rollDrop(id: number, probability: number): boolean;
  rollDuplicate(id: number, probability: number): boolean;
  /** Faults stopped: from now on the run is judged for liveness (PCT hands over to random draws). */
  stabilize?(world: World): void;
}
