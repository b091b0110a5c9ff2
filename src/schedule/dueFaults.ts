import type { World, WorldEvent } from '../shared/world.js';
import type { Fault, FaultClock } from './faultClock.js';
import { earlierFault, type PauseClock } from './pauseClock.js';

/**
 * The fault clocks of a run, asked before every event of the fault phase which fault is due next.
 * A clock's answer changes only when one of its faults is taken, and otherwise only by being
 * clamped to the present (a fault never lies in the past): so each clock's last answer is kept
 * and clamped again to the present, and asked anew only after `take`. The answer is exactly the
 * clock's own (`max(raw, then)` clamped to `now >= then` is `max(raw, now)`), with no object
 * built per event.
 */
export class DueFaults {
  private crashes: Fault | null = null;
  private pausing: Fault | null = null;

  constructor(
    private readonly faults: FaultClock,
    private readonly pauses: PauseClock | null,
  ) {}

  /** The earliest fault due, as `earlierFault(faults.next(world), pauses?.next(world) ?? null)`. */
  next(world: World): Fault {
    const crashes = present((this.crashes ??= this.faults.next(world)), world.now);
    if (this.pauses === null) return crashes;
    return earlierFault(crashes, present((this.pausing ??= this.pauses.next(world)), world.now));
  }

  /** The event for a due fault (null: it finds nothing to do); the clock that had it is asked anew. */
  take(fault: Fault, world: World): WorldEvent | null {
    if (fault.kind === 'pause' || fault.kind === 'resume') {
      this.pausing = null;
      return this.pauses!.take(fault, world);
    }
    this.crashes = null;
    return this.faults.take(fault, world);
  }
}

/** The fault at the present time if it was due before it (as the clocks clamp it). */
function present(fault: Fault, now: number): Fault {
  return fault.at < now ? { ...fault, at: now } : fault;
}
