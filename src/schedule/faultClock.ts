import type { NodeId } from '../shared/protocol.js';
import type { World, WorldEvent } from '../shared/world.js';
import type { FaultProfile } from '../shared/profile.js';
import type { Rng } from './rng.js';

export type Fault = { kind: 'crash' | 'partition' | 'heal' | 'restart' | 'pause' | 'resume' | 'none'; at: number; node?: NodeId };

/** Crashes and partitions arrive on their own clocks, each drawn from the profile's ranges (pauses: pauseClock.ts). */
export class FaultClock {
  private crashAt: number;
  private partitionAt: number;
  private healAt = Infinity;
  private readonly restartAt = new Map<NodeId, number>();

  constructor(
    private readonly rng: Rng,
    private readonly profile: FaultProfile,
    private readonly nodes: number,
  ) {
    this.crashAt = profile.crashEveryTicks === null ? Infinity : rng.range(profile.crashEveryTicks);
    this.partitionAt = profile.partitionEveryTicks === null ? Infinity : rng.range(profile.partitionEveryTicks);
  }

  /** The earliest fault due; restarts and heals before new faults at equal times. */
  next(world: World): Fault {
    // Asked before every event of the fault phase: one object, built once the earliest is known.
    let kind: Fault['kind'] = 'none';
    let at = Infinity;
    let node = 0;
    for (const [n, due] of this.restartAt) {
      if (due < at) {
        kind = 'restart';
        at = due;
        node = n;
      }
    }
    if (this.healAt < at) {
      kind = 'heal';
      at = this.healAt;
    }
    if (this.crashAt < at) {
      kind = 'crash';
      at = this.crashAt;
    }
    if (this.partitionAt < at) {
      kind = 'partition';
      at = this.partitionAt;
    }
    if (at < world.now) at = world.now;
    return kind === 'restart' ? { kind, at, node } : { kind, at };
  }

  /** The event for a due fault, or null when the fault finds nothing to do (all allowed nodes down). */
  take(fault: Fault, world: World): WorldEvent | null {
    const { rng, profile } = this;
    const at = fault.at;
    switch (fault.kind) {
      case 'restart':
        this.restartAt.delete(fault.node!);
        return { kind: 'restart', node: fault.node!, at };
      case 'heal':
        this.healAt = Infinity;
        return world.partition === null ? null : { kind: 'heal', at };
      case 'crash': {
        this.crashAt = at + rng.range(profile.crashEveryTicks!);
        const up = upNodes(world);
        // A paused node is not crashed (world.ts refuses it): it resumes first.
        const running = up.filter((n) => world.nodes[n - 1].pausedAt === undefined);
        if (this.nodes - up.length >= profile.crashedMax || running.length === 0) return null;
        const node = rng.pick(running);
        this.restartAt.set(node, at + rng.range(profile.downTicks));
        return { kind: 'crash', node, at };
      }
      case 'partition':
        this.partitionAt = at + rng.range(profile.partitionEveryTicks!);
        if (world.partition !== null || this.nodes < 2) return null;
        this.healAt = at + rng.range(profile.partitionTicks);
        return { kind: 'partition', groups: splitInTwo(rng, this.nodes), at };
      default:
        return null;
    }
  }
}

/** Which crashed nodes stay down when faults stop: up to `max` of them, drawn from the run's seed. */
export function chooseDownForGood(rng: Rng, down: readonly NodeId[], max: number): NodeId[] {
  if (max <= 0 || down.length === 0) return [];
  const pool = [...down];
  const chosen: NodeId[] = [];
  while (chosen.length < max && pool.length > 0) chosen.push(pool.splice(Math.floor(rng.next() * pool.length), 1)[0]);
  return chosen;
}

export function upNodes(world: World): NodeId[] {
  const up: NodeId[] = [];
  world.nodes.forEach((slot, i) => {
    if (slot.up) up.push(i + 1);
  });
  return up;
}

/** A random split into two non-empty groups. */
function splitInTwo(rng: Rng, nodes: number): NodeId[][] {
  const a: NodeId[] = [];
  const b: NodeId[] = [];
  for (let node = 1; node <= nodes; node++) (rng.chance(0.5) ? a : b).push(node);
  if (a.length === 0) a.push(b.shift()!);
  if (b.length === 0) b.push(a.pop()!);
  return [a, b];
}
