import type { NodeId } from '../shared/protocol.js';
import type { World, WorldEvent } from '../shared/world.js';
import type { FaultProfile } from '../shared/profile.js';
import { Never } from './due.js';
import type { Rng } from './rng.js';

export type Fault = { kind: 'crash' | 'partition' | 'heal' | 'restart' | 'pause' | 'resume' | 'none'; at: number; node?: NodeId };

/** Crashes and partitions arrive on their own clocks, each drawn from the profile's ranges (pauses: pauseClock.ts). */
export class FaultClock {
  // Null when nothing is due, never Infinity: a field that once held Infinity keeps its numbers
  // boxed, and copied out of it each time becomes a boxed double in every event and world after
  // (due.ts NONE says why that spreads).
  private crashAt: number | null;
  private partitionAt: number | null;
  private healAt: number | null = null;
  private readonly restartAt = new Map<NodeId, number>();

  constructor(
    private readonly rng: Rng,
    private readonly profile: FaultProfile,
    private readonly nodes: number,
  ) {
    this.crashAt = profile.crashEveryTicks === null ? null : rng.range(profile.crashEveryTicks);
    this.partitionAt = profile.partitionEveryTicks === null ? null : rng.range(profile.partitionEveryTicks);
  }

  /** The earliest fault due; restarts and heals before new faults at equal times. */
  next(world: World): Fault {
    // Asked before every event of the fault phase: one object, built once the earliest is known.
    // `at` starts at no time rather than Infinity, so it stays a small integer (see healAt).
    let kind: Fault['kind'] = 'none';
    let at = 0;
    let node = 0;
    for (const [n, due] of this.restartAt) {
      if (kind === 'none' || due < at) {
        kind = 'restart';
        at = due;
        node = n;
      }
    }
    const { healAt, crashAt, partitionAt } = this;
    if (healAt !== null && (kind === 'none' || healAt < at)) {
      kind = 'heal';
      at = healAt;
    }
    if (crashAt !== null && (kind === 'none' || crashAt < at)) {
      kind = 'crash';
      at = crashAt;
    }
    if (partitionAt !== null && (kind === 'none' || partitionAt < at)) {
      kind = 'partition';
      at = partitionAt;
    }
    if (kind === 'none') return NO_FAULT;
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
        this.healAt = null;
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

/** No fault will come: a class instance, not a plain `{ kind, at }` (due.ts Never says why). */
const NO_FAULT: Fault = new Never();

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
