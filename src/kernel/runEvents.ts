import type { TickRange } from '../shared/profile.js';
import type { Outcome, World, WorldEvent } from '../shared/world.js';
import type { Execution } from './execution.js';

/** The hooks of a whole-sequence execution (replay, shrink candidates, explore's paths from boot). */
export interface RunEventsOptions<Item> {
  /**
   * The event to apply for item `index` in the current world: where replay resolves selectors,
   * the shrinker its message refs and timing. Null rejects the sequence.
   */
  resolve(item: Item, index: number, world: World): WorldEvent | null;
  /** Before item `index` is applied: where the shrinker checkpoints. */
  beforeEvent?(index: number): void;
  /** After item `index` took effect, with the event as resolved. */
  afterEvent?(outcome: Outcome, event: WorldEvent, index: number): void;
  /** Faults stop once the execution has taken this many events (the monitor stabilizes then). */
  stabilization?: { step: number; stableDelayTicks: TickRange } | null;
  /** Called right after the monitor stabilized. */
  onStabilize?(): void;
  /** Stop at the first violation (the shrinker) instead of applying every event (replay). */
  untilViolation?: boolean;
}

/**
 * Executes `items` from index `from` on, each resolved to an event and judged, then finishes the
 * monitor. Returns false when `resolve` rejected an item (nothing is finished then). Model errors
 * come out of Execution.apply as RunModelError.
 */
export function runEvents<Item>(exec: Execution, items: readonly Item[], from: number, options: RunEventsOptions<Item>): boolean {
  const stable = options.stabilization ?? null;
  const stabilizeHere = (): void => {
    if (stable === null || stable.step !== exec.steps) return;
    exec.stabilize(stable.stableDelayTicks);
    options.onStabilize?.();
  };
  stabilizeHere();
  for (let j = from; j < items.length; j++) {
    if (options.untilViolation === true && exec.state.violation !== null) break;
    options.beforeEvent?.(j);
    const event = options.resolve(items[j], j, exec.world);
    if (event === null) return false;
    const outcome = exec.apply(event);
    options.afterEvent?.(outcome, event, j);
    stabilizeHere();
  }
  exec.finish();
  return true;
}
