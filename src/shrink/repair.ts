import { NotEnabledError } from '../shared/errors.js';
import type { InFlight, PendingTimer, World, WorldEvent } from '../shared/world.js';
import type { TickRange } from '../shared/profile.js';
import { Execution } from '../kernel/execution.js';
import { RunModelError } from '../kernel/runModelError.js';
import { deliverable } from '../world/enabled.js';
import { delayRange, findMessage } from '../world/world.js';
import { localTicksFor, rateOf, worldTicks } from '../world/clock.js';
import type { CandidateContext, CandidateResult } from './context.js';
import { faultPhaseLength, inPhase, type LabeledEvent } from './labels.js';
import { RefTable } from './refs.js';
import { duringPause, earliest, retime, stableDeadline, stablePhaseProblem, synchronyProblem } from './timing.js';

/**
 * When the repaired candidate's own events happen: as early as the promise allows (the schedule
 * compressed), or as late as it allows without letting anything else fall overdue (time runs on
 * with as few events as possible, which is what a run left leaderless past its bound needs), or
 * at the time the candidate gives it, moved only as far as its own deadline needs (what falls due
 * before is inserted first), so the gaps a candidate chose, such as how long a pause lasts, stay.
 */
export type RepairTiming = 'earliest' | 'latest' | 'kept';

/**
 * A candidate made a valid run of its profile instead of rejected. Under a timed promise
 * (synchronous delays, or the stabilization phase's), removing an event leaves what it used to
 * push forward overdue: a message past its latest delivery time, a timer past its deadline. Before
 * each of the candidate's events, every delivery and timer firing that would fall overdue by its
 * time is inserted at its deadline (a message that cannot arrive is dropped then, as randomRun
 * does), earliest deadline first; a candidate event that repair already took (its message
 * delivered, its timer fired) is left out. Each event is then still checked against the promise
 * exactly as a kept candidate is (timing.ts), so repair never makes a promise weaker; it only
 * finds the run the profile would have allowed. Inserted events are new labeled events, with
 * their own index (from `ctx.nextIndex`) and message refs, so later candidates can remove them.
 */
export function repairCandidate(ctx: CandidateContext, candidate: readonly LabeledEvent[], timing: RepairTiming, tailEventsMax?: number): CandidateResult | null {
  const { system, monitor, policy } = ctx;
  const stableStep = ctx.stabilization === null ? -1 : faultPhaseLength(candidate);
  const events: WorldEvent[] = [];
  const kept: LabeledEvent[] = [];
  const refs = new RefTable();
  let exec: Execution;
  try {
    exec = Execution.boot(system, monitor, events, 0);
  } catch (error) {
    if (error instanceof RunModelError) return null;
    throw error;
  }
  refs.noteBoot(exec.world.network);
  let firstStableId: number | null = null;
  let stableAt: number | null = null;
  let opening = false;
  const stabilize = (): void => {
    exec.stabilize(policy.stableDelayTicks);
    firstStableId = exec.world.nextMessageId;
    stableAt = exec.world.now;
    opening = true;
  };
  if (stableStep === 0) stabilize();
  const timed = (): boolean => policy.synchronous || firstStableId !== null;
  const wide: TickRange = [Math.min(policy.faultDelayTicks[0], policy.stableDelayTicks[0]), Math.max(policy.faultDelayTicks[1], policy.stableDelayTicks[1])];
  const delays = (m: InFlight): TickRange => (firstStableId === null || m.id < firstStableId ? wide : policy.stableDelayTicks);

  /** Applies one event, labeled; false when the model fails on it (the candidate is no run then). */
  const step = (label: LabeledEvent, event: WorldEvent): boolean | 'not-enabled' => {
    const world = exec.world;
    if (policy.synchronous && synchronyProblem(policy, world, event) !== null) return false;
    if (ctx.stablePhase !== null && firstStableId !== null && stablePhaseProblem(policy, world, event, firstStableId, stableAt!) !== null) return false;
    let outcome;
    try {
      outcome = exec.apply(event);
    } catch (error) {
      if (error instanceof NotEnabledError) return 'not-enabled';
      if (error instanceof RunModelError) return false;
      throw error;
    }
    ctx.replayed++;
    const index = label.index;
    refs.noteSent(index, outcome.sent, event.kind === 'duplicate' ? label.ref : undefined);
    const term = outcome.stepped === null ? undefined : exec.world.nodes[outcome.stepped - 1].view?.term;
    const same = label.event === event && label.term === term ? label : { ...label, event, ...(term === undefined ? {} : { term }) };
    kept.push(ctx.stabilization === null ? same : inPhase(same, firstStableId !== null));
    return true;
  };

  /** Inserts what falls overdue before time `at`; false when something is overdue already or the model fails. */
  const force = (at: number): boolean => {
    for (;;) {
      if (exec.state.violation !== null) return true;
      const due = nextDue(exec.world, delays, policy.clockRates);
      if (due === null) return true;
      // What was overdue when faults stopped is due then (timing.ts stablePhaseProblem).
      const deadline = stableDeadline(due.deadline, stableAt);
      if (deadline >= at) return true;
      // What came due while its node was paused is handled at the resume, now (timing.ts duringPause).
      const late = deadline < exec.world.now;
      if (late && !duringPause(exec.world, due.kind === 'timer' ? due.node : due.message.to, deadline, exec.world.now)) return false;
      const event = due.deadline < exec.world.now ? retime(exec.world, { ...forcedEvent(exec.world, due, policy.clockRates), at: exec.world.now } as WorldEvent, policy) : forcedEvent(exec.world, due, policy.clockRates);
      const ref = due.kind === 'message' ? refs.refOf(due.message.id) : undefined;
      const label: LabeledEvent = { index: ctx.nextIndex++, event, ...(ref === undefined ? {} : { ref }), ...(firstStableId === null ? {} : { stable: true as const }) };
      if (step(label, event) !== true) return false;
    }
  };

  /**
   * The opening of the stabilization phase ends: restart nodes (lowest id first) until no more are
   * down than in the trace as found, as randomRun restarts all but its minority when faults stop.
   */
  const closeOpening = (): boolean => {
    opening = false;
    if (exec.world.partition !== null) return false;
    const downMax = ctx.stablePhase!.downAtEndMax;
    for (let i = 0; i < exec.world.nodes.length && exec.state.violation === null; i++) {
      if (exec.world.nodes.filter((slot) => !slot.up).length <= downMax) break;
      if (exec.world.nodes[i].up) continue;
      const restart: WorldEvent = { kind: 'restart', node: i + 1, at: exec.world.now };
      if (step({ index: ctx.nextIndex++, event: restart, stable: true }, restart) !== true) return false;
    }
    return true;
  };

  /**
   * A liveness candidate that runs out of events in the stabilization phase goes on as the
   * promise forces it: whatever falls due first happens at its deadline, until the run elects,
   * cycles, passes its bound or goes quiet. So a candidate may be only the events that matter;
   * the well-behaved rest of the run is filled in, as regular as the promise allows.
   */
  const continueRun = (): boolean => {
    // Without a liveness property to end it, a run lasts the liveness bound past stabilization, as
    // randomRun's does: a safety property judged once faults stop (no-disruption) is not judged past it.
    const lastTick = monitor.checksLiveness || ctx.stabilization === null ? Infinity : (exec.state.stableSince ?? exec.world.now) + ctx.stabilization.boundTicks;
    for (let n = 0; n < CONTINUATION_EVENTS_MAX && exec.state.violation === null && !exec.state.liveSatisfied; n++) {
      const due = nextDue(exec.world, delays, policy.clockRates);
      if (due === null) return true;
      const deadline = stableDeadline(due.deadline, stableAt);
      if (deadline > lastTick) return true;
      if (!force(deadline + 1)) return false;
    }
    return true;
  };

  /**
   * A timed safety candidate that ends without its violation goes on as the promise forces it
   * (whatever falls due first, at its deadline) until it fails or has `eventsMax` events: so a
   * candidate may be a prefix and a fault, and the run the fault leads to is filled in.
   */
  const forcedTail = (eventsMax: number): boolean => {
    if (!policy.synchronous || ctx.stablePhase !== null) return true;
    while (exec.state.violation === null && kept.length < eventsMax) {
      const due = nextDue(exec.world, delays, policy.clockRates);
      if (due === null) return true;
      if (!force(due.deadline + 1)) return false;
    }
    return true;
  };

  for (let j = 0; j < candidate.length; j++) {
    if (exec.state.violation !== null) break;
    const item = candidate[j];
    if (j === stableStep) {
      stabilize();
      // The phase opens with the heal randomRun makes at the time faults stop.
      if (exec.world.partition !== null && item.event.kind !== 'heal') {
        if (step({ index: ctx.nextIndex++, event: { kind: 'heal', at: exec.world.now }, stable: true }, { kind: 'heal', at: exec.world.now }) !== true) return null;
      }
    }
    let event = resolveItem(refs, exec.world, item);
    if (event === null) continue;
    if (ctx.stablePhase !== null && firstStableId !== null) {
      if (event.kind === 'heal' || event.kind === 'restart') {
        if (!opening) return null;
        event = { ...event, at: exec.world.now };
      } else if (opening) {
        if (!closeOpening()) return null;
        if (exec.state.violation !== null) break;
      }
    }
    if (timed()) {
      if (!force(timeOf(policy, exec.world, event, timing, delays))) return null;
      if (exec.state.violation !== null) break;
      // What repair inserted may have taken this event's message or timer: look again.
      event = resolveItem(refs, exec.world, item);
      if (event === null) continue;
      if (ctx.stablePhase !== null && firstStableId !== null && (event.kind === 'heal' || event.kind === 'restart')) event = { ...event, at: exec.world.now };
      else event = retime(exec.world, { ...event, at: timeOf(policy, exec.world, event, timing, delays) } as WorldEvent, policy);
    } else {
      event = earliest(policy, exec.world, event);
    }
    const applied = step(item, event);
    if (applied === false) return null;
  }
  if (tailEventsMax !== undefined && !forcedTail(tailEventsMax)) return null;
  if (stableStep === candidate.length && exec.state.violation === null) stabilize();
  if (ctx.stablePhase !== null && firstStableId !== null && exec.state.violation === null) {
    if (opening && !closeOpening()) return null;
    if (!continueRun()) return null;
  }
  exec.finish();
  const world = exec.world;
  if (ctx.stablePhase !== null && world.nodes.filter((slot) => !slot.up).length > ctx.stablePhase.downAtEndMax) return null;
  if (ctx.stablePhase !== null && firstStableId !== null && world.partition !== null) return null;
  return { violation: exec.state.violation, kept, events: events.slice(), world };
}

/** The item's event in this world, its message named by the id it has here; null when it names nothing in flight. */
function resolveItem(refs: RefTable, world: World, item: LabeledEvent): WorldEvent | null {
  if (item.ref === undefined) {
    if (item.event.kind === 'timer') {
      const slot = world.nodes[item.event.node - 1];
      if (slot === undefined || !slot.up || !slot.timers.some((t) => t.name === (item.event as { timer: string }).timer)) return null;
    }
    return item.event;
  }
  const m = refs.resolve(world, item.ref);
  return m === undefined ? null : ({ ...item.event, id: m.id } as WorldEvent);
}

/** The time the item's event happens at under the chosen timing, never before now nor before its own earliest. */
function timeOf(policy: CandidateContext['policy'], world: World, event: WorldEvent, timing: RepairTiming, delays: (m: InFlight) => TickRange): number {
  const first = earliest(policy, world, event).at ?? world.now;
  if (timing === 'earliest') return first;
  // At the time given, what falls due before it is inserted (force), so only its own deadline bounds it.
  let last = timing === 'kept' ? Infinity : (nextDue(world, delays, policy.clockRates)?.deadline ?? Infinity);
  if (event.kind === 'timer') {
    const timer = world.nodes[event.node - 1]?.timers.find((t) => t.name === event.timer);
    if (timer !== undefined) last = Math.min(last, timer.setAt + worldTicks(delayRange(timer.after)[1], rateOf(policy.clockRates, event.node)));
  } else if (timing === 'kept' && event.kind === 'deliver') {
    const m = findMessage(world, event.id);
    if (m !== undefined) last = Math.min(last, m.sentAt + delays(m)[1]);
  }
  if (timing === 'kept') return Math.max(first, Math.min(event.at ?? first, last));
  return Number.isFinite(last) ? Math.max(first, last) : first;
}

/** Events a continuation may add: past any liveness bound a built-in model's timers reach, a guard against one that never ends. */
const CONTINUATION_EVENTS_MAX = 5_000;

type Due = { kind: 'timer'; deadline: number; node: number; timer: PendingTimer } | { kind: 'message'; deadline: number; message: InFlight };

/** What falls due first under the promise: earliest deadline; at equal deadlines timers before messages, each by id (randomRun's order). */
function nextDue(world: World, delays: (m: InFlight) => TickRange, rates: readonly number[] | null | undefined): Due | null {
  let best: Due | null = null;
  let bestId = Infinity;
  world.nodes.forEach((slot, i) => {
    // A paused node's timers wait for its resume, which is a fault the candidate keeps or drops.
    if (!slot.up || slot.pausedAt !== undefined) return;
    for (const t of slot.timers) {
      const deadline = t.setAt + worldTicks(delayRange(t.after)[1], rateOf(rates, i + 1));
      if (best === null || deadline < best.deadline || (deadline === best.deadline && t.id < bestId)) {
        best = { kind: 'timer', deadline, node: i + 1, timer: t };
        bestId = t.id;
      }
    }
  });
  for (const m of world.network) {
    if (world.nodes[m.to - 1]?.pausedAt !== undefined) continue;
    const deadline = m.sentAt + delays(m)[1];
    if (best === null || deadline < (best as Due).deadline) best = { kind: 'message', deadline, message: m };
  }
  return best;
}

/** The event a deadline forces, at the deadline: the timer fires, the message arrives or, if it cannot, is dropped. */
function forcedEvent(world: World, due: Due, rates: readonly number[] | null | undefined): WorldEvent {
  if (due.kind === 'timer') {
    // `after` is in ticks of the node's own clock (src/world/clock.ts).
    const after = localTicksFor(due.deadline - due.timer.setAt, rateOf(rates, due.node), delayRange(due.timer.after));
    return { kind: 'timer', node: due.node, timer: due.timer.name, ...(after === null ? {} : { after }), at: due.deadline };
  }
  const m = due.message;
  return { kind: deliverable(world, m) ? 'deliver' : 'drop', id: m.id, at: due.deadline };
}
