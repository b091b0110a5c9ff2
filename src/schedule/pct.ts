import type { NodeId } from '../shared/protocol.js';
import type { Outcome, PendingTimer, World } from '../shared/world.js';
import type { TickRange } from '../shared/profile.js';
import { waiting } from '../world/enabled.js';
import { delayRange } from '../world/world.js';
import { rateOf, worldTicks } from '../world/clock.js';
import { type Due, NONE, type RunSchedule } from './due.js';
import { createRng, type Rng } from './rng.js';

/**
 * PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, "A Randomized Scheduler with Probabilistic
 * Guarantees of Finding Bugs", ASPLOS 2010) in leadercheck's timed world. The threads are the
 * nodes: the messages addressed to a node (delivered, or the drop or duplicate randomRun makes of
 * one) are its steps, since each runs that node's handler. Each node gets a random priority; of
 * every message the timing allows next, the one to the highest-priority node goes, at the
 * earliest time its window allows. "Allows" is the timed version of "enabled": a message may come
 * due anywhere in [sentAt + min delay, sentAt + max delay], and nothing may go later than the
 * earliest deadline of all (a timer's deadline is its drawn time). So every run PCT makes is one
 * random draws could have made: it keeps every timing promise the profile makes.
 * Timers are drawn as random draws them: a randomized election timeout is the protocol's own
 * randomness, not a scheduling choice (scheduling timers too fired every node's at its earliest,
 * all at once, and no election ever completed). Faults stay on the profile's clocks.
 * d - 1 priority change points are drawn in time, uniformly over the fault phase: the run's
 * length bound k is the fault phase in ticks, known exactly, where the paper's k counts steps; the
 * first node to step at or after a change point drops below every other node. When faults stop
 * the run hands over to random draws within the windows left: liveness assumes randomized
 * timing, which an adversary can defeat.
 */
export class PctSchedule implements RunSchedule {
  /** Per message id: the window it may come due in, [earliest, latest]. */
  private readonly window = new Map<number, TickRange>();
  /** Per timer id: its delay range in ticks of its node's clock. */
  private readonly range = new Map<number, TickRange>();
  /** After stabilization: the time drawn for each message, the local delay for each timer. */
  private readonly drawnAt = new Map<number, number>();
  private readonly drawnAfter = new Map<number, number>();
  private readonly decided = new Set<number>();
  /** Higher goes first; the initial ones are d .. d + n - 1, a change point sets d - 1, d - 2, ... */
  private readonly priority: number[];
  private readonly changeAt: number[];
  private changes = 0;
  private stable = false;

  constructor(
    private readonly rng: Rng,
    private readonly clockRates: readonly number[] | null,
    options: { seed: string; nodes: number; depth: number; faultPhaseTicks: number },
  ) {
    // Priorities and change points on a stream of their own: the run's other draws are random's.
    const own = createRng(`pct:${options.seed}`);
    this.priority = shuffled(own, options.nodes).map((rank) => options.depth + rank);
    this.changeAt = Array.from({ length: Math.max(options.depth - 1, 0) }, () => own.int(0, Math.max(options.faultPhaseTicks - 1, 0))).sort((a, b) => a - b);
  }

  /** Each node's priority now, node 1 first (tests and the README's mapping). */
  priorities(): readonly number[] {
    return this.priority;
  }

  noteWorld(world: World, delay: TickRange): void {
    for (const m of world.network) this.window.set(m.id, [m.sentAt + delay[0], m.sentAt + delay[1]]);
    for (const slot of world.nodes) for (const t of slot.timers) this.range.set(t.id, delayRange(t.after));
  }

  noteOutcome(outcome: Outcome, world: World, delay: TickRange): void {
    for (const m of outcome.sent) this.window.set(m.id, [m.sentAt + delay[0], m.sentAt + delay[1]]);
    const node = outcome.stepped;
    if (node === null) return;
    for (const t of world.nodes[node - 1].timers) if (!this.range.has(t.id)) this.range.set(t.id, delayRange(t.after));
    if (!this.stable && this.changes < this.changeAt.length && world.now >= this.changeAt[this.changes]) {
      this.changes++;
      this.priority[node - 1] = this.priority.length === 0 ? 0 : Math.min(...this.priority) - 1;
    }
  }

  stabilize(): void {
    this.stable = true;
  }

  earliest(world: World): Due {
    return this.stable ? this.drawnEarliest(world) : this.byPriority(world);
  }

  /** The step of the highest-priority node among those the timing allows now (ties: earlier, timers first, lower id). */
  private byPriority(world: World): Due {
    const now = world.now;
    let horizon = Infinity;
    this.forEachTimer(world, (t, node) => {
      horizon = Math.min(horizon, this.drawnTimer(t, node, now).at);
    });
    for (const m of world.network) if (!waiting(world, m)) horizon = Math.min(horizon, this.window.get(m.id)![1]);
    horizon = Math.max(horizon, now);
    let best: Due = NONE;
    let bestKey = [-Infinity, 0, 0, 0];
    const consider = (due: Due, prio: number, kindOrder: number, id: number): void => {
      const key = [prio, -due.at, -kindOrder, -id];
      for (let i = 0; i < key.length; i++) {
        if (key[i] !== bestKey[i]) {
          if (key[i] > bestKey[i]) {
            best = due;
            bestKey = key;
          }
          return;
        }
      }
    };
    this.forEachTimer(world, (t, node) => {
      const { at, after } = this.drawnTimer(t, node, now);
      if (at <= horizon) consider({ kind: 'timer', at, node, timer: t.name, after }, this.priority[node - 1], 0, t.id);
    });
    for (const m of world.network) {
      if (waiting(world, m)) continue;
      const at = Math.max(now, this.window.get(m.id)![0]);
      if (at <= horizon) consider({ kind: 'message', at, message: m }, this.priority[m.to - 1], 1, m.id);
    }
    return best;
  }

  /** After stabilization: as random does, each pending step at a time drawn within what is left of its window. */
  private drawnEarliest(world: World): Due {
    const now = world.now;
    let best: Due = NONE;
    let bestId = Infinity;
    this.forEachTimer(world, (t, node) => {
      const { at, after } = this.drawnTimer(t, node, now);
      if (at < best.at || (at === best.at && t.id < bestId)) {
        best = { kind: 'timer', at, node, timer: t.name, after };
        bestId = t.id;
      }
    });
    for (const m of world.network) {
      if (waiting(world, m)) continue;
      let at = this.drawnAt.get(m.id);
      if (at === undefined) {
        const [lo, hi] = this.window.get(m.id)!;
        at = this.rng.int(Math.max(lo, now), Math.max(hi, now));
        this.drawnAt.set(m.id, at);
      }
      if (at < best.at) best = { kind: 'message', at, message: m };
    }
    return best.at < now ? { ...best, at: now } : best;
  }

  /** A timer's delay is the model's own randomness (Raft's randomized timeout), not the scheduler's: drawn as random draws it. */
  private drawnTimer(t: PendingTimer, node: NodeId, now: number): { at: number; after: number } {
    let after = this.drawnAfter.get(t.id);
    if (after === undefined) {
      after = this.rng.int(this.soonest(t, node, now).after, this.range.get(t.id)![1]);
      this.drawnAfter.set(t.id, after);
    }
    return { at: Math.max(now, t.setAt + worldTicks(after, rateOf(this.clockRates, node))), after };
  }

  /** The earliest a timer can fire from now: the smallest local delay not already past, or its longest, overdue (it waited out a pause). */
  private soonest(t: PendingTimer, node: NodeId, now: number): { at: number; after: number } {
    const [min, max] = this.range.get(t.id)!;
    const rate = rateOf(this.clockRates, node);
    for (let after = min; after <= max; after++) {
      const at = t.setAt + worldTicks(after, rate);
      if (at >= now) return { at, after };
    }
    return { at: now, after: max };
  }

  private forEachTimer(world: World, visit: (t: PendingTimer, node: NodeId) => void): void {
    world.nodes.forEach((slot, i) => {
      if (!slot.up || slot.pausedAt !== undefined) return;
      for (const t of slot.timers) visit(t, i + 1);
    });
  }

  rollDrop(id: number, probability: number): boolean {
    return !this.decided.has(id) && this.rng.chance(probability);
  }

  rollDuplicate(id: number, probability: number): boolean {
    if (this.decided.has(id)) return false;
    this.decided.add(id);
    return this.rng.chance(probability);
  }
}

/** A uniform permutation of 0..n-1 (Fisher-Yates), index i for node i + 1. */
function shuffled(rng: Rng, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

