import type { NodeId } from '../shared/protocol.js';
import type { FaultProfile } from '../shared/profile.js';
import type { World, WorldEvent } from '../shared/world.js';
import type { Fault } from './faultClock.js';
import { createRng, type Rng } from './rng.js';

/**
 * Process pauses on their own clock (a GC pause, a stopped VM): every `pauseEveryTicks` one running
 * node stops for `pauseTicks`, one at a time. Drawn from a stream of their own (`pause:<seed>`),
 * so the run's other draws are the ones a profile without pauses makes until the first pause
 * changes what happens. A pause ends before faults stop: the piled-up messages and timers are
 * handled in the fault phase, and the stabilization phase starts with every node running.
 */
export class PauseClock {
  private pauseAt: number;
  private resuming: { node: NodeId; at: number } | null = null;
  private readonly rng: Rng;

  constructor(
    private readonly profile: FaultProfile & { pauseEveryTicks: NonNullable<FaultProfile['pauseEveryTicks']> },
    seed: string,
  ) {
    this.rng = createRng(`pause:${seed}`);
    this.pauseAt = this.rng.range(profile.pauseEveryTicks);
  }

  /** The profile's pause clock, or null when it pauses nothing. */
  static of(profile: FaultProfile, seed: string): PauseClock | null {
    const every = profile.pauseEveryTicks;
    return every === undefined || every === null ? null : new PauseClock({ ...profile, pauseEveryTicks: every }, seed);
  }

  /** The resume or pause due next (a resume first at equal times). */
  next(world: World): Fault {
    const best: Fault =
      this.resuming !== null && this.resuming.at <= this.pauseAt
        ? { kind: 'resume', at: this.resuming.at, node: this.resuming.node }
        : { kind: 'pause', at: this.pauseAt };
    return best.at < world.now ? { ...best, at: world.now } : best;
  }

  /** The event for a due pause or resume, or null when there is nothing to pause. */
  take(fault: Fault, world: World): WorldEvent | null {
    const at = fault.at;
    if (fault.kind === 'resume') {
      this.resuming = null;
      return world.nodes[fault.node! - 1].pausedAt === undefined ? null : { kind: 'resume', node: fault.node!, at };
    }
    const { rng, profile } = this;
    this.pauseAt = at + rng.range(profile.pauseEveryTicks);
    if (this.resuming !== null) return null;
    const running: NodeId[] = [];
    world.nodes.forEach((slot, i) => {
      if (slot.up && slot.pausedAt === undefined) running.push(i + 1);
    });
    if (running.length === 0) return null;
    const node = rng.pick(running);
    const ticks = rng.range(profile.pauseTicks ?? [1, 1]);
    // Resumed by the last tick of the fault phase, so what piled up is handled while faults still may be.
    const resumeAt = Math.min(at + ticks, profile.faultPhaseTicks - 1);
    if (resumeAt <= at) return null;
    this.resuming = { node, at: resumeAt };
    return { kind: 'pause', node, at };
  }
}

/** The earlier of two due faults; the first at equal times. */
export function earlierFault(a: Fault, b: Fault | null): Fault {
  return b === null || a.at <= b.at ? a : b;
}
