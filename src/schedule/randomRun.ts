import type { Monitor, MonitorState, Stabilization, Violation } from '../judge/monitor.js';
import { Execution } from '../kernel/execution.js';
import type { NodeId } from '../shared/protocol.js';
import { deliverable } from '../world/enabled.js';
import type { InFlight, Outcome, PendingTimer, System, World, WorldEvent } from '../shared/world.js';
import { delayRange } from '../world/world.js';
import { EVENTS_MAX_PER_RUN, livenessBoundTicks, synchronousDelayTicks } from '../model/defaults.js';
import type { FaultProfile, TickRange } from '../shared/profile.js';
import { createRng, type Rng } from './rng.js';
import { chooseDownForGood, FaultClock } from './faultClock.js';
import { PauseClock } from './pauseClock.js';
import { DueFaults } from './dueFaults.js';
import { drawClockRates } from './clockRates.js';
import { rateOf, worldTicks } from '../world/clock.js';
import { type Due, NONE, type RunSchedule } from './due.js';
import { PctSchedule } from './pct.js';
import { Buggify } from './buggify.js';
import type { RunStrategy } from './strategy.js';

export interface RandomRunOptions {
  system: System;
  profile: FaultProfile;
  monitor: Pick<Monitor, 'checksLiveness' | 'start' | 'observe' | 'stabilize' | 'finish'>;
  seed: string;
  /** A run that takes more events than this is cut off and reported as a model error. */
  eventsMax?: number;
  /** Called after every event (coverage, stories). */
  onStep?: (outcome: Outcome, event: WorldEvent, step: number) => void;
  /** Events a story injects at given times, in either phase (e.g. "crash the leader at 100"). */
  scripted?: readonly ScriptedEvent[];
  /** Without a liveness property, the run lasts at least until this time (stories). */
  horizonTicks?: number;
  /** Ends the run early once this holds (stories stop when their point is made). */
  until?: (world: World) => boolean;
  /** Events checked for plain data (default PLAIN_DATA_CHECKED_EVENTS); a story, one short run, checks all. */
  plainDataChecks?: number;
  /** How timers and messages are ordered (src/schedule/strategy.ts); default random. */
  strategy?: RunStrategy;
}

export interface ScriptedEvent {
  at: number;
  /** The event to apply then, or null to skip (e.g. there is no leader to crash). */
  make(world: World): WorldEvent | null;
}

export interface RandomRunResult {
  events: WorldEvent[];
  violation: Violation | null;
  /** When faults stopped; null if the run ended (by a violation) before they did. */
  stabilization: Stabilization | null;
  world: World;
  /** True when the run hit eventsMax before it ended. */
  cutOff: boolean;
  /** The monitor's last state (a monitor that keeps one verdict per property reads them here). */
  monitorState: MonitorState;
  /** Each node's clock rate when the profile draws drift (the trace records them); null: exact clocks. */
  clockRates: number[] | null;
}

/**
 * A discrete-event simulation in logical time, as FoundationDB and TigerBeetle run theirs: every
 * message gets a delivery time, every timer a deadline drawn from its range, and faults arrive on
 * their own clocks. A fault phase is followed by a stabilization phase (heal, restart, no loss,
 * bounded delays) in which liveness is judged. Every choice comes from one seeded generator.
 */
export function randomRun(options: RandomRunOptions): RandomRunResult {
  const { system, profile, monitor } = options;
  const eventsMax = options.eventsMax ?? EVENTS_MAX_PER_RUN;
  const rng = createRng(options.seed);
  const boundTicks = livenessBoundTicks(system.protocol, system.nodes);
  const stableDelay = synchronousDelayTicks(system.protocol);
  const clockRates = drawClockRates(profile.driftMax, options.seed, system.nodes);
  const strategy = options.strategy ?? { name: 'random' };
  const sched: RunSchedule =
    strategy.name === 'pct'
      ? new PctSchedule(rng, clockRates, { seed: options.seed, nodes: system.nodes, depth: strategy.depth, faultPhaseTicks: profile.faultPhaseTicks })
      : new Schedule(rng, clockRates);

  const exec = Execution.boot(system, monitor, [], options.plainDataChecks);
  sched.noteWorld(exec.world, profile.delayTicks);
  const events = exec.events!;
  let stabilizationStep = -1;
  const faults = new DueFaults(new FaultClock(rng, profile, system.nodes), PauseClock.of(profile, options.seed));
  // Crashes aimed at state changes (src/schedule/buggify.ts); null: the run is random's, byte for byte.
  const aim = strategy.name === 'buggify' ? Buggify.of(profile, options.seed) : null;

  const step = (event: WorldEvent): void => {
    const before = exec.world;
    const outcome = exec.apply(event);
    if (aim !== null && stabilizationStep < 0) aim.noteStep(before, outcome);
    sched.noteOutcome(outcome, exec.world, stabilizationStep >= 0 ? stableDelay : profile.delayTicks);
    options.onStep?.(outcome, event, events.length);
  };

  const scripted = [...(options.scripted ?? [])].sort((a, b) => a.at - b.at);
  while (exec.state.violation === null && events.length < eventsMax) {
    const world = exec.world;
    if (options.until?.(world)) break;
    const due = sched.earliest(world);
    if (scripted.length > 0 && scripted[0].at <= due.at) {
      const item = scripted.shift()!;
      const event = item.make(world);
      if (event !== null) step({ ...event, at: Math.max(world.now, item.at) });
      continue;
    }
    if (stabilizationStep < 0) {
      const clocked = faults.next(world);
      const aimed = aim?.next(world) ?? null;
      const fault = aimed !== null && aimed.at <= clocked.at ? aimed : clocked;
      if (Math.min(due.at, fault.at) >= profile.faultPhaseTicks) {
        // Faults stop: heal the network, resume paused nodes, restart crashed nodes (some
        // minority may stay down for good), then judge liveness.
        stabilizationStep = events.length;
        exec.stabilize(stableDelay);
        sched.stabilize?.(world);
        if (world.partition !== null) step({ kind: 'heal', at: world.now });
        world.nodes.forEach((slot, i) => {
          if (slot.pausedAt !== undefined && exec.state.violation === null) step({ kind: 'resume', node: i + 1, at: exec.world.now });
        });
        const down = exec.world.nodes.flatMap((slot, i) => (slot.up ? [] : [i + 1]));
        const staysDown = chooseDownForGood(rng, down, Math.min(profile.downForGoodMax ?? 0, Math.floor((system.nodes - 1) / 2)));
        for (const node of down) {
          if (exec.state.violation === null && !staysDown.includes(node)) step({ kind: 'restart', node, at: exec.world.now });
        }
        continue;
      }
      if (fault.at <= due.at) {
        const event = fault === aimed ? aim!.take(fault, world) : faults.take(fault, world);
        if (event !== null) step(event);
        continue;
      }
    } else {
      if (exec.state.liveSatisfied) break;
      // Without a liveness property to end it, a run lasts the liveness bound past stabilization.
      if (!monitor.checksLiveness && world.now > Math.max(exec.state.stableSince! + boundTicks, options.horizonTicks ?? 0)) break;
      // Nothing left to happen: Monitor.finish judges a quiet, leaderless world.
      if (due.kind === 'none') break;
    }
    if (due.kind === 'timer') {
      step({ kind: 'timer', node: due.node, timer: due.timer, after: due.after, at: due.at });
    } else if (due.kind === 'message') {
      const m = due.message;
      const faulty = stabilizationStep < 0;
      if (!deliverable(world, m) || (faulty && sched.rollDrop(m.id, profile.dropProbability))) {
        step({ kind: 'drop', id: m.id, at: due.at });
      } else if (faulty && sched.rollDuplicate(m.id, profile.duplicateProbability)) {
        step({ kind: 'duplicate', id: m.id, at: due.at });
      } else {
        step({ kind: 'deliver', id: m.id, at: due.at });
      }
    }
  }
  const mon = exec.finish();
  return {
    events,
    violation: mon.violation,
    stabilization: stabilizationStep < 0 ? null : { step: stabilizationStep, boundTicks },
    world: exec.world,
    cutOff: mon.violation === null && events.length >= eventsMax,
    monitorState: mon,
    clockRates,
  };
}

/** Model errors come out of the kernel; chunkTask and older callers import the type from here. */
export { RunModelError } from '../kernel/runModelError.js';

/**
 * Delivery times and timer deadlines the strategy drew; the world itself keeps no clock plans. A
 * timer's delay is drawn in ticks of its node's clock and fires after worldTicks(delay, rate).
 */
class Schedule implements RunSchedule {
  // Indexed by message or timer id: ids are dense and grow from 1, so arrays beat Maps here.
  private readonly deliverAt: number[] = [];
  private readonly fireAt: number[] = [];
  private readonly localAfter: number[] = [];
  private readonly decided: boolean[] = [];
  private paused = new Uint8Array(0);
  private readonly messageDue: Extract<Due, { kind: 'message' }> = { kind: 'message', at: 0, message: { id: 0, from: 1, to: 1, msg: { type: '' }, sentAt: 0 } };
  private readonly timerDue: Extract<Due, { kind: 'timer' }> = { kind: 'timer', at: 0, node: 1, timer: '', after: 0 };

  constructor(
    private readonly rng: Rng,
    private readonly clockRates: readonly number[] | null,
  ) {}

  noteWorld(world: World, delay: TickRange): void {
    for (const m of world.network) this.deliverAt[m.id] = m.sentAt + this.rng.range(delay);
    world.nodes.forEach((slot, i) => {
      for (const t of slot.timers) this.drawTimer(t, i + 1);
    });
  }

  noteOutcome(outcome: Outcome, world: World, delay: TickRange): void {
    const sent = outcome.sent;
    for (let i = 0; i < sent.length; i++) this.deliverAt[sent[i].id] = sent[i].sentAt + this.rng.range(delay);
    if (outcome.stepped !== null) {
      const timers = world.nodes[outcome.stepped - 1].timers;
      for (let i = 0; i < timers.length; i++) {
        if (this.fireAt[timers[i].id] === undefined) this.drawTimer(timers[i], outcome.stepped);
      }
    }
  }

  private drawTimer(t: PendingTimer, node: NodeId): void {
    const after = this.rng.range(delayRange(t.after));
    this.localAfter[t.id] = after;
    this.fireAt[t.id] = t.setAt + worldTicks(after, rateOf(this.clockRates, node));
  }

  /**
   * The next thing due: earliest time first; at equal times timers before messages, each by id.
   * A paused node's timers and the messages to it wait; after it resumes, what came due meanwhile
   * is overdue and goes first, in the order it came due, at the present time.
   */
  earliest(world: World): Due {
    // `at` starts at no time rather than Infinity, and is only read once something is found: it
    // stays a small integer, as the times of the events built from it (due.ts NONE says why).
    let at = 0;
    let timer: PendingTimer | null = null;
    let node = 0;
    const nodes = world.nodes;
    // Which nodes are paused, read once per node rather than once per message (slots have several shapes).
    const paused = this.paused.length === nodes.length ? this.paused : (this.paused = new Uint8Array(nodes.length));
    for (let i = 0; i < nodes.length; i++) {
      const slot = nodes[i];
      paused[i] = slot.pausedAt === undefined ? 0 : 1;
      if (!slot.up || paused[i] === 1) continue;
      const timers = slot.timers;
      for (let k = 0; k < timers.length; k++) {
        const t = timers[k];
        const fire = this.fireAt[t.id];
        if (timer === null || fire < at || (fire === at && t.id < timer.id)) {
          at = fire;
          timer = t;
          node = i + 1;
        }
      }
    }
    // The network is in id order, so the first message at the earliest time has the lowest id.
    let message: InFlight | null = null;
    const network = world.network;
    for (let k = 0; k < network.length; k++) {
      const m = network[k];
      const due = this.deliverAt[m.id];
      if ((due < at || (message === null && timer === null)) && paused[m.to - 1] === 0) {
        at = due;
        message = m;
      }
    }
    if (at < world.now) at = world.now;
    // The answer is read before the next question (RunSchedule.earliest): one object of each kind, rewritten.
    if (message !== null) {
      const due = this.messageDue;
      due.at = at;
      due.message = message;
      return due;
    }
    if (timer !== null) {
      const due = this.timerDue;
      due.at = at;
      due.node = node;
      due.timer = timer.name;
      due.after = this.localAfter[timer.id];
      return due;
    }
    return NONE;
  }

  rollDrop(id: number, probability: number): boolean {
    return this.decided[id] !== true && this.rng.chance(probability);
  }

  /** A message is duplicated at most once when it comes due; the copy gets its own delay. */
  rollDuplicate(id: number, probability: number): boolean {
    if (this.decided[id] === true) return false;
    this.decided[id] = true;
    return this.rng.chance(probability);
  }
}
