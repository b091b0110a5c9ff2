import type { AnyProtocol } from '../shared/protocol.js';
import type { FaultProfile, TickRange } from '../shared/profile.js';
import { synchronousDelayTicks } from '../model/defaults.js';
import { deliverable, waiting } from '../world/enabled.js';
import type { InFlight, PendingTimer, World, WorldEvent } from '../shared/world.js';
import { localTicksFor, rateOf, worldTicks } from '../world/clock.js';
import { delayRange, findMessage } from '../world/world.js';

/**
 * The timing promise a shrunk trace must keep. A profile that promises synchrony (no loss, no
 * duplicates, delays within the model's synchronousDelayTicksMax: docs/design.md section 4) only counts
 * counterexamples that keep that promise, so candidates are re-validated against it. Any other
 * profile is judged by the asynchronous semantics (docs/design.md section 3): every event enabled is a
 * valid next event, and times are kept for the reader only.
 */
export interface TimingPolicy {
  synchronous: boolean;
  faultDelayTicks: TickRange;
  stableDelayTicks: TickRange;
  /** Each node's clock rate (the trace's `clockRates`); null: exact clocks. */
  clockRates?: readonly number[] | null;
}

export function promisesSynchrony(profile: FaultProfile, protocol: AnyProtocol): boolean {
  const bound = protocol.synchronousDelayTicksMax;
  return (
    bound !== undefined && profile.dropProbability === 0 && profile.duplicateProbability === 0 && profile.delayTicks[1] <= bound
  );
}

export function timingPolicy(profile: FaultProfile | undefined, protocol: AnyProtocol, clockRates?: readonly number[] | null): TimingPolicy {
  const stable = synchronousDelayTicks(protocol);
  const clocks = clockRates === undefined || clockRates === null ? {} : { clockRates };
  if (profile === undefined) return { synchronous: false, faultDelayTicks: [0, Infinity], stableDelayTicks: stable, ...clocks };
  return { synchronous: promisesSynchrony(profile, protocol), faultDelayTicks: profile.delayTicks, stableDelayTicks: stable, ...clocks };
}

/** A timer's delay range in world ticks on its node's clock (src/world/clock.ts). */
function worldRange(policy: Pick<TimingPolicy, 'clockRates'> | undefined, node: number, timer: PendingTimer): [number, number] {
  const [min, max] = delayRange(timer.after);
  const rate = rateOf(policy?.clockRates, node);
  return [worldTicks(min, rate), worldTicks(max, rate)];
}

/**
 * True when an item of `node` that came due by `deadline` is on time at `at` although late: the
 * node resumed from a pause at `at`, and the item came due while it was paused. What piles up
 * during a pause is handled at the resume, as the simulation does.
 */
export function duringPause(world: World, node: number, deadline: number, at: number): boolean {
  const slot = world.nodes[node - 1];
  if (slot?.pausedAt !== undefined) return deadline >= slot.pausedAt;
  const span = slot?.lastPause;
  return span !== undefined && span[1] === at && deadline >= span[0];
}

/**
 * The event with its `after` made true in this world (fired time minus the time the pending timer
 * was set), or without `after` when that falls outside the timer's range: after events are
 * removed, a timer may have been set earlier than in the original run.
 */
export function retime(world: World, event: WorldEvent, policy?: Pick<TimingPolicy, 'clockRates'>): WorldEvent {
  if (event.kind !== 'timer' || event.at === undefined) return event;
  const timer = world.nodes[event.node - 1]?.timers.find((t) => t.name === event.timer);
  const { after: recorded, ...rest } = event;
  if (timer === undefined) return rest;
  const rate = rateOf(policy?.clockRates, event.node);
  const after = localTicksFor(event.at - timer.setAt, rate, delayRange(timer.after), recorded);
  if (after !== null) return { ...rest, after };
  // Fired late because its node was paused when it came due: the delay it was set to stays true.
  const late = recorded !== undefined && recorded >= delayRange(timer.after)[0] && recorded <= delayRange(timer.after)[1];
  return late && duringPause(world, event.node, timer.setAt + worldTicks(recorded, rate), event.at) ? { ...rest, after: recorded } : rest;
}

/**
 * The event at the earliest time the timed promise allows in this world (a timer at its minimum
 * delay, a message at the minimum delay after it was sent, anything else now), with `after` made
 * true: the schedule compressed, so deadlines that removed events no longer meet are not passed.
 */
export function earliest(policy: TimingPolicy, world: World, event: WorldEvent): WorldEvent {
  const delayMin = Math.min(policy.faultDelayTicks[0], policy.stableDelayTicks[0]);
  let at = world.now;
  if (event.kind === 'timer') {
    const timer = world.nodes[event.node - 1]?.timers.find((t) => t.name === event.timer);
    if (timer !== undefined) at = Math.max(at, timer.setAt + worldRange(policy, event.node, timer)[0]);
  } else if (event.kind === 'deliver' || event.kind === 'drop' || event.kind === 'duplicate') {
    const m = findMessage(world, event.id);
    if (m !== undefined) at = Math.max(at, m.sentAt + delayMin);
  }
  return retime(world, { ...event, at } as WorldEvent, policy);
}

/**
 * Why an event breaks a synchronous profile's promise in this world, or null: something overdue
 * (a timer past its latest deadline, a message past its latest delivery time), a delivery outside
 * the delay range, a loss of a deliverable message, or a duplicate.
 */
export function synchronyProblem(policy: TimingPolicy, world: World, event: WorldEvent): string | null {
  if (!policy.synchronous) return null;
  // A message's delay is drawn when it is sent, from the fault or the stable range; under a
  // synchronous profile both lie within the model's bound, so their union is the promise.
  const delayMin = Math.min(policy.faultDelayTicks[0], policy.stableDelayTicks[0]);
  const delayMax = Math.max(policy.faultDelayTicks[1], policy.stableDelayTicks[1]);
  return timelinessProblem(policy, world, event, () => [delayMin, delayMax]);
}

/**
 * Why an event breaks the stabilization phase's promise (docs/design.md section 4: no new faults, no
 * loss, bounded delays) in this world, or null. Restarts and a heal are how the phase begins, so
 * they pass; a message sent before faults stopped (an id below `firstStableId`, the world's next
 * id then) keeps the delay it was sent with (the fault phase's range), one sent after gets the
 * stable range. Ids, not times: messages sent at the very tick faults stopped can be either. A liveness counterexample must keep this
 * promise after its stabilization step, or it would show only that a lossy network loses.
 *
 * The fault phase is asynchronous (a timer or a message may be late there), so what is already
 * overdue when faults stop at `stableAt` is due then, at the latest (stableDeadline): the promise
 * starts when faults stop, as a pause's backlog is handled at the resume.
 */
export function stablePhaseProblem(policy: TimingPolicy, world: World, event: WorldEvent, firstStableId: number, stableAt: number): string | null {
  switch (event.kind) {
    case 'crash':
    case 'partition':
    case 'pause':
      return `a ${event.kind} after faults stopped`;
    case 'duplicate':
      return 'a duplicate after faults stopped';
    default:
      break;
  }
  const fault = policy.faultDelayTicks;
  const stable = policy.stableDelayTicks;
  const wide: TickRange = [Math.min(fault[0], stable[0]), Math.max(fault[1], stable[1])];
  return timelinessProblem(policy, world, event, (m) => (m.id < firstStableId ? wide : stable), stableAt);
}

/**
 * Nothing overdue when the event happens, a delivery within its range, no loss of what could
 * arrive. A timer's range is in ticks of its node's clock; what came due while its node was
 * paused waits for the resume (duringPause).
 */
function timelinessProblem(policy: TimingPolicy, world: World, event: WorldEvent, delays: (m: InFlight) => TickRange, stableAt: number | null = null): string | null {
  const at = event.at;
  if (at === undefined) return 'an untimed event under a timed promise';
  // The simulation settles every message when it comes due (delivered, or dropped if it cannot be).
  for (const m of world.network) {
    const deadline = stableDeadline(m.sentAt + delays(m)[1], stableAt);
    if (deadline < at && !duringPause(world, m.to, deadline, at)) return `message ${m.id} overdue`;
  }
  for (let i = 0; i < world.nodes.length; i++) {
    const slot = world.nodes[i];
    if (!slot.up) continue;
    const rate = rateOf(policy.clockRates, i + 1);
    for (const t of slot.timers) {
      const deadline = stableDeadline(t.setAt + worldTicks(typeof t.after === 'number' ? t.after : t.after[1], rate), stableAt);
      if (deadline < at && !duringPause(world, i + 1, deadline, at)) return `timer ${t.name} overdue`;
    }
  }
  switch (event.kind) {
    case 'deliver': {
      const m = findMessage(world, event.id);
      if (m === undefined) return null;
      const [min, max] = delays(m);
      const deadline = stableDeadline(m.sentAt + max, stableAt);
      const late = at > deadline && !duringPause(world, m.to, deadline, at);
      return at - m.sentAt < min || late ? `message ${m.id} delivered off time` : null;
    }
    case 'drop': {
      const m = findMessage(world, event.id);
      return m !== undefined && (deliverable(world, m) || waiting(world, m)) ? `message ${m.id} lost` : null;
    }
    case 'duplicate':
      return 'a duplicate';
    case 'timer':
      // A timer that ran out in the fault phase fires late as faults stop: no delay can say when it did.
      return event.after === undefined && !overdueWhenFaultsStopped(policy, world, event, stableAt) ? `timer ${event.timer} fired off time` : null;
    default:
      return null;
  }
}

/** True when the timer `event` fires was past its latest deadline when faults stopped at `stableAt`, and fires then. */
function overdueWhenFaultsStopped(policy: TimingPolicy, world: World, event: Extract<WorldEvent, { kind: 'timer' }>, stableAt: number | null): boolean {
  if (stableAt === null) return false;
  const timer = world.nodes[event.node - 1]?.timers.find((t) => t.name === event.timer);
  return timer !== undefined && event.at === stableAt && timer.setAt + worldRange(policy, event.node, timer)[1] < stableAt;
}

/** A deadline under the stabilization phase's promise: what was overdue when faults stopped at `stableAt` is due then. */
export const stableDeadline = (deadline: number, stableAt: number | null): number => (stableAt === null ? deadline : Math.max(deadline, stableAt));
