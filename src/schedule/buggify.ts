import type { NodeId } from '../shared/protocol.js';
import type { FaultProfile, TickRange } from '../shared/profile.js';
import type { Outcome, World, WorldEvent } from '../shared/world.js';
import type { Fault } from './faultClock.js';
import { createRng, type Rng } from './rng.js';

/** What one buggify run draws for itself (a small swarm over the aim's knobs), on its own stream. */
export interface BuggifyKnobs {
  /** Chance that a node whose stored data just changed crashes right then. */
  crashChance: number;
  /** How long an aimed crash keeps the node down: short, so it is back while its peers still talk. */
  restartTicks: TickRange;
}

const CRASH_CHANCES = [0.25, 0.5, 0.75] as const;
const RESTART_TICKS: readonly TickRange[] = [[1, 1], [1, 2], [1, 4]];

/**
 * Crashes aimed at the moment a node changes what it stores (FoundationDB's "buggify" at state
 * changes, Jepsen's targeted nemeses): a node that just stored something and answered for it
 * crashes before anything else happens, and restarts a few ticks later from what it stored, while
 * the messages sent around that change are still in flight. A bug that needs a node to forget
 * what it promised (a vote, an acknowledged write) then needs one lucky coin per crash, where the
 * profile's own crash clock needs the crash to land inside a window a few ticks wide.
 * The trigger is the world alone: a step that changed the stepped node's stored data (compared as
 * plain data), never a model's or a message's name. The profile's faults go on as they would; the
 * aim adds crashes within the profile's own bound (`crashedMax`), only under a profile that crashes
 * at all. Every draw is on the stream `buggify:<seed>`, so the trace's events say everything:
 * replay and shrinking need nothing new.
 */
export class Buggify {
  private readonly rng: Rng;
  readonly knobs: BuggifyKnobs;
  private crashing: { node: NodeId; at: number } | null = null;
  private readonly restartAt = new Map<NodeId, number>();

  private constructor(
    private readonly profile: FaultProfile,
    seed: string,
  ) {
    this.rng = createRng(`buggify:${seed}`);
    this.knobs = { crashChance: this.rng.pick(CRASH_CHANCES), restartTicks: this.rng.pick(RESTART_TICKS) };
  }

  /** The aim for a run under `profile`, or null when the profile crashes nothing (then the run is random's, byte for byte). */
  static of(profile: FaultProfile, seed: string): Buggify | null {
    return profile.crashEveryTicks === null || profile.crashedMax < 1 ? null : new Buggify(profile, seed);
  }

  /** After each event of the fault phase: a node whose stored data changed may crash now. */
  noteStep(before: World, outcome: Outcome): void {
    const node = outcome.stepped;
    if (node === null || this.crashing !== null || outcome.input === 'recover') return;
    const was = before.nodes[node - 1];
    const now = outcome.world.nodes[node - 1];
    if (!now.up || !was.up || was.stored === now.stored || samePlainData(was.stored, now.stored)) return;
    if (this.rng.chance(this.knobs.crashChance)) this.crashing = { node, at: outcome.world.now };
  }

  /** The aimed crash or restart due next (restarts first at equal times), or null when none is pending. */
  next(world: World): Fault | null {
    let best: Fault | null = null;
    for (const [node, at] of this.restartAt) if (best === null || at < best.at) best = { kind: 'restart', at, node };
    if (this.crashing !== null && (best === null || this.crashing.at < best.at)) best = { kind: 'crash', ...this.crashing };
    return best === null || best.at >= world.now ? best : { ...best, at: world.now };
  }

  /** The event for a due aimed fault, or null when the world no longer allows it (too many down, paused, already down). */
  take(fault: Fault, world: World): WorldEvent | null {
    const node = fault.node!;
    const slot = world.nodes[node - 1];
    if (fault.kind === 'restart') {
      this.restartAt.delete(node);
      return slot.up ? null : { kind: 'restart', node, at: fault.at };
    }
    this.crashing = null;
    const down = world.nodes.filter((s) => !s.up).length;
    if (!slot.up || slot.pausedAt !== undefined || down >= this.profile.crashedMax) return null;
    this.restartAt.set(node, fault.at + this.rng.range(this.knobs.restartTicks));
    return { kind: 'crash', node, at: fault.at };
  }
}

/** Stored data is plain data (the kernel checks it): equal JSON text is equal data, keys in the order the model wrote them. */
function samePlainData(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
