import type { NodeId } from '../shared/protocol.js';
import type { Outcome, World } from '../shared/world.js';
import type { TickRange } from '../shared/profile.js';

/** The next timer or message a strategy lets go, and when; `none` when nothing is pending. */
export type Due =
  /** `after`: the delay drawn, in ticks of the node's own clock. */
  | { kind: 'timer'; at: number; node: NodeId; timer: string; after: number }
  | { kind: 'message'; at: number; message: World['network'][number] }
  | { kind: 'none'; at: number };

/**
 * "Never" as an object of a class of its own. V8 gives plain objects whose keys come in the same
 * order one hidden class, and one Infinity stored in a field of it keeps that field a boxed double
 * in all of them: as a plain `{ kind, at }` this would make every event, world and message of a
 * run carry its time as a heap number (test/smiTimes.test.ts). A class instance has a hidden class
 * of its own.
 */
export class Never {
  readonly kind = 'none';
  readonly at = Infinity;
}

/** Nothing pending. */
export const NONE: Due = new Never();

/**
 * What randomRun asks of a strategy: when each timer fires and each message comes due. The fault
 * clocks, the phases and the judging stay in randomRun, so strategies differ only in this.
 */
export interface RunSchedule {
  noteWorld(world: World, delay: TickRange): void;
  noteOutcome(outcome: Outcome, world: World, delay: TickRange): void;
  /** What is due next; the answer may be an object the next call rewrites, so it is read before then. */
  earliest(world: World): Due;
  rollDrop(id: number, probability: number): boolean;
  rollDuplicate(id: number, probability: number): boolean;
  /** Faults stopped: from now on the run is judged for liveness (PCT hands over to random draws). */
  stabilize?(world: World): void;
}
