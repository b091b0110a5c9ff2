import { hashValue, messageContentHash, mix32, plainEqual, slotContentHash } from '../world/structuralHash.js';
import type { InFlight, NodeSlot, PendingTimer, World } from '../shared/world.js';

/** Where a run came back to a world it had been in: the cycle's first step and its length in ticks. */
export interface Lasso {
  step: number;
  ticks: number;
}

/**
 * The worlds a run has been in since faults stopped, to find a lasso (docs/design.md section 8): the
 * same world again, up to a shift in time (every node's state, each pending timer's and in-flight
 * message's age, not their ids). The events between the two are then a stabilization-phase
 * schedule that can repeat forever, every delay as it was, so a run without a leader at both
 * ends never gets one. A shift of zero ticks is not a lasso: an infinite run in no time keeps no
 * timing promise. Mutable, so it belongs to one run (the monitor state of a run is threaded
 * through it one step at a time; exhaustive search, which branches, checks no liveness).
 *
 * A message sent before faults stopped keeps the fault phase's delay. Repeated, a cycle hands
 * its delay to the stable message that takes its place, so a cycle in which one arrives (or is
 * dropped) outside the stable delay range is no stabilization-phase schedule: it is not a lasso.
 */
export class LassoTable {
  private readonly seen = new Map<number, { world: World; step: number }[]>();
  /** Fault-phase messages still in flight: id -> sentAt. */
  private readonly early = new Map<number, number>();
  /** The last step at which a fault-phase message left the network outside the stable delay range. */
  private lateStep = -1;
  /**
   * The last visit and its answer: the liveness parts of a catalog cell share one table
   * (PerPropertyMonitor), each visiting the same world at the same step, and the second gets the
   * answer its own table would have given (the same worlds in the same order) without the world
   * being hashed, compared and kept twice.
   */
  private lastVisit: World | null = null;
  private lastVisitStep = -1;
  private lastAnswer: Lasso | null = null;

  /**
   * `world`: the world when faults stopped (its messages are the fault phase's). `stableDelayTicks`:
   * the stabilization phase's delay range; without it, no fault-phase message counts as in time.
   */
  constructor(
    world: World | null = null,
    private readonly stableDelayTicks: readonly [number, number] = [1, 0],
  ) {
    for (const m of world?.network ?? []) this.early.set(m.id, m.sentAt);
  }

  /** The earlier step this world repeats, or null; the world is remembered either way. */
  visit(world: World, step: number): Lasso | null {
    if (world === this.lastVisit && step === this.lastVisitStep) return this.lastAnswer;
    this.lastAnswer = this.record(world, step);
    this.lastVisit = world;
    this.lastVisitStep = step;
    return this.lastAnswer;
  }

  private record(world: World, step: number): Lasso | null {
    if (this.early.size > 0) this.settleEarly(world, step);
    const hash = worldHashUpToTime(world);
    const bucket = this.seen.get(hash);
    if (bucket === undefined) {
      this.seen.set(hash, [{ world, step }]);
      return null;
    }
    // A fault-phase message still in flight may yet arrive late; one that left late spoils every
    // cycle it lies in.
    if (this.early.size === 0) {
      for (const earlier of bucket) {
        if (earlier.step >= this.lateStep && earlier.world.now < world.now && sameUpToTime(earlier.world, world)) {
          return { step: earlier.step, ticks: world.now - earlier.world.now };
        }
      }
    }
    bucket.push({ world, step });
    return null;
  }

  /** Notes the fault-phase messages gone from this world, and whether each left in stable time. */
  private settleEarly(world: World, step: number): void {
    // Fault-phase messages have the lowest ids, and the network is in id order.
    let still = 0;
    for (const m of world.network) {
      if (!this.early.has(m.id)) break;
      still++;
    }
    if (still === this.early.size) return;
    const [min, max] = this.stableDelayTicks;
    const left = new Set(world.network.slice(0, still).map((m) => m.id));
    for (const [id, sentAt] of this.early) {
      if (left.has(id)) continue;
      this.early.delete(id);
      const age = world.now - sentAt;
      if (age < min || age > max) this.lateStep = step;
    }
  }
}

// A world's hash is asked for once per monitor part (liveness, agreement), one world after the
// other, and each world shares most of its slots and messages with the one before: so the last
// world's hash is kept, and the time-free hashes of its slots (with their timers' names and
// delays) and messages, reused for the same objects in the next (identity, not a WeakMap lookup).
let lastWorld: World | null = null;
let lastHash = 0;
let lastSlots: readonly NodeSlot[] = [];
let slotFixed: number[] = [];
let timerFixed: number[][] = [];
let lastNetwork: readonly InFlight[] = [];
let messageFixed: number[] = [];

export function worldHashUpToTime(world: World): number {
  if (world === lastWorld) return lastHash;
  const now = world.now;
  let h = hashValue(world.partition);
  const nodes = world.nodes;
  const sameSize = nodes.length === lastSlots.length;
  if (!sameSize) {
    slotFixed = new Array<number>(nodes.length);
    timerFixed = new Array<number[]>(nodes.length);
  }
  for (let i = 0; i < nodes.length; i++) {
    const slot = nodes[i];
    if (!sameSize || slot !== lastSlots[i]) {
      slotFixed[i] = slotContentHash(slot);
      timerFixed[i] = slot.timers.map((t) => hashValue(t.name) ^ hashValue(t.after));
    }
    const fixed = timerFixed[i];
    let timers = 0;
    for (let k = 0; k < fixed.length; k++) timers = (timers + mix32(fixed[k] ^ Math.imul(now - slot.timers[k].setAt, 0x27d4eb2d))) | 0;
    h = Math.imul(h ^ mix32(slotFixed[i] ^ Math.imul(timers, 0x2c1b3c6d)), 0x01000193) ^ i;
  }
  // Both networks are in id order: a walk of the two pairs each message with itself if it was there.
  const network = world.network;
  const hashes = new Array<number>(network.length);
  let messages = 0;
  let j = 0;
  for (let k = 0; k < network.length; k++) {
    const m = network[k];
    while (j < lastNetwork.length && lastNetwork[j].id < m.id) j++;
    const fixed = j < lastNetwork.length && lastNetwork[j] === m ? messageFixed[j] : messageContentHash(m);
    hashes[k] = fixed;
    messages = (messages + mix32(fixed ^ Math.imul(now - m.sentAt, 0x61c88647))) | 0;
  }
  lastWorld = world;
  lastHash = mix32(h ^ Math.imul(messages, 0x5bd1e995));
  lastSlots = nodes;
  lastNetwork = network;
  messageFixed = hashes;
  return lastHash;
}

/** Equal up to a shift in time: ages, not times, are compared; ids are ignored. */
export function sameUpToTime(a: World, b: World): boolean {
  if (!plainEqual(a.partition, b.partition) || a.nodes.length !== b.nodes.length || a.network.length !== b.network.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i];
    const y = b.nodes[i];
    if (x.up !== y.up || !plainEqual(x.state, y.state) || !plainEqual(x.stored, y.stored)) return false;
    if (!sameMultiset(x.timers, y.timers, (s, t) => s.name === t.name && a.now - s.setAt === b.now - t.setAt && plainEqual(s.after, t.after))) {
      return false;
    }
  }
  return sameMultiset(a.network, b.network, (m, n) => m.from === n.from && m.to === n.to && a.now - m.sentAt === b.now - n.sentAt && plainEqual(m.msg, n.msg));
}

/** Multisets of a few items: each item of `xs` matched to a distinct equal item of `ys`. */
function sameMultiset<T extends PendingTimer | InFlight>(xs: readonly T[], ys: readonly T[], equal: (x: T, y: T) => boolean): boolean {
  if (xs.length !== ys.length) return false;
  const used = new Array<boolean>(ys.length).fill(false);
  for (const x of xs) {
    let found = false;
    for (let j = 0; j < ys.length; j++) {
      if (!used[j] && equal(x, ys[j])) {
        used[j] = true;
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}
