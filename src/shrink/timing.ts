import type { AnyProtocol } from '../protocol.js';
import type { FaultProfile, TickRange } from '../schedule/profiles.js';
import { stableDelayTicks } from '../schedule/profiles.js';
import { deliverable } from '../world/enabled.js';
import type { World, WorldEvent } from '../world/types.js';
import { delayRange, findMessage } from '../world/world.js';

/**
 * The timing promise a shrunk trace must keep. A profile that promises synchrony (no loss, no
 * duplicates, delays within the model's synchronousDelayTicksMax: DESIGN.md section 4) only counts
 * counterexamples that keep that promise, so candidates are re-validated against it. Any other
 * profile is judged by the asynchronous semantics (DESIGN.md section 3): every event enabled is a
 * valid next event, and times are kept for the reader only.
 */
export interface TimingPolicy {
  synchronous: boolean;
  faultDelayTicks: TickRange;
  stableDelayTicks: TickRange;
}

export function promisesSynchrony(profile: FaultProfile, protocol: AnyProtocol): boolean {
  const bound = protocol.synchronousDelayTicksMax;
  return (
    bound !== undefined && profile.dropProbability === 0 && profile.duplicateProbability === 0 && profile.delayTicks[1] <= bound
  );
}

export function timingPolicy(profile: FaultProfile | undefined, protocol: AnyProtocol): TimingPolicy {
  const stable = stableDelayTicks(protocol.synchronousDelayTicksMax ?? 3);
  if (profile === undefined) return { synchronous: false, faultDelayTicks: [0, Infinity], stableDelayTicks: stable };
  return { synchronous: promisesSynchrony(profile, protocol), faultDelayTicks: profile.delayTicks, stableDelayTicks: stable };
}

/**
 * The event with its `after` made true in this world (fired time minus the time the pending timer
 * was set), or without `after` when that falls outside the timer's range: after events are
 * removed, a timer may have been set earlier than in the original run.
 */
export function retime(world: World, event: WorldEvent): WorldEvent {
  if (event.kind !== 'timer' || event.at === undefined) return event;
  const timer = world.nodes[event.node - 1]?.timers.find((t) => t.name === event.timer);
  const { after: _dropped, ...rest } = event;
  if (timer === undefined) return rest;
  const after = event.at - timer.setAt;
  const [min, max] = delayRange(timer.after);
  return after >= min && after <= max ? { ...rest, after } : rest;
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
    if (timer !== undefined) at = Math.max(at, timer.setAt + delayRange(timer.after)[0]);
  } else if (event.kind === 'deliver' || event.kind === 'drop' || event.kind === 'duplicate') {
    const m = findMessage(world, event.id);
    if (m !== undefined) at = Math.max(at, m.sentAt + delayMin);
  }
  return retime(world, { ...event, at } as WorldEvent);
}

/**
 * Why an event breaks a synchronous profile's promise in this world, or null: something overdue
 * (a timer past its latest deadline, a message past its latest delivery time), a delivery outside
 * the delay range, a loss of a deliverable message, or a duplicate.
 */
export function synchronyProblem(policy: TimingPolicy, world: World, event: WorldEvent): string | null {
  if (!policy.synchronous) return null;
  const at = event.at;
  if (at === undefined) return 'an untimed event under a timed profile';
  // A message's delay is drawn when it is sent, from the fault or the stable range; under a
  // synchronous profile both lie within the model's bound, so their union is the promise.
  const delayMin = Math.min(policy.faultDelayTicks[0], policy.stableDelayTicks[0]);
  const delayMax = Math.max(policy.faultDelayTicks[1], policy.stableDelayTicks[1]);
  // The simulation settles every message when it comes due (delivered, or dropped if it cannot be).
  for (const m of world.network) if (m.sentAt + delayMax < at) return `message ${m.id} overdue`;
  for (const slot of world.nodes) {
    if (!slot.up) continue;
    for (const t of slot.timers) if (t.setAt + delayRange(t.after)[1] < at) return `timer ${t.name} overdue`;
  }
  switch (event.kind) {
    case 'deliver': {
      const m = findMessage(world, event.id);
      if (m !== undefined && (at - m.sentAt < delayMin || at - m.sentAt > delayMax)) return `message ${m.id} delivered off time`;
      return null;
    }
    case 'drop': {
      const m = findMessage(world, event.id);
      return m !== undefined && deliverable(world, m) ? `message ${m.id} lost` : null;
    }
    case 'duplicate':
      return 'a duplicate';
    case 'timer':
      return event.after === undefined ? `timer ${event.timer} fired off time` : null;
    default:
      return null;
  }
}
