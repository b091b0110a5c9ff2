import type { InFlight, World, WorldEvent } from '../shared/world.js';
import { connected } from './world.js';

/** A message can be delivered when its receiver is up, not paused, and no partition separates the two. */
export function deliverable(world: World, m: InFlight): boolean {
  const slot = world.nodes[m.to - 1];
  return slot.up && slot.pausedAt === undefined && connected(world, m.from, m.to);
}

/** A message that waits rather than goes: its receiver is paused (it is delivered after the resume). */
export function waiting(world: World, m: InFlight): boolean {
  return world.nodes[m.to - 1].pausedAt !== undefined;
}

/** Nothing can happen without a fault: no deliverable message and no pending timer. */
export function quiescent(world: World): boolean {
  for (const slot of world.nodes) if (slot.up && slot.timers.length > 0) return false;
  for (const m of world.network) if (deliverable(world, m)) return false;
  return true;
}

export type PartitionEvent = Extract<WorldEvent, { kind: 'partition' }>;

/**
 * Which fault events a strategy may choose now. Strategies differ only in this: explore builds
 * it from its budgets, the fast-check arbitraries from their fault budget.
 */
export interface FaultPolicy {
  /** A drop of every message in flight. */
  drops: boolean;
  /** A duplicate of every message in flight. */
  duplicates: boolean;
  /** A crash of every node that is up (false once a crash budget is spent). */
  crashes: boolean;
  /** A restart of every node that is down. */
  restarts: boolean;
  /** The splits offered while the network is whole (none: no partitions). */
  partitions: readonly PartitionEvent[];
  /** A heal while the network is split. */
  heal: boolean;
  /** A pause of every node that is up and running (left out: none). */
  pauses?: boolean;
  /** A resume of every paused node (left out: none). */
  resumes?: boolean;
}

/** No faults at all: progress events only. */
export const NO_FAULT_EVENTS: FaultPolicy = { drops: false, duplicates: false, crashes: false, restarts: false, partitions: [], heal: false };

/**
 * Every event enabled in a world under a fault policy, in one stable order so an index into the
 * list is reproducible (stateright lists its actions the same way): deliveries by message id,
 * timers by node and name, then drops by id, duplicates by id, a crash or a restart per node,
 * a pause or a resume per node, the splits as given, heal. Progress comes first, so index 0 is the plainest next step.
 */
export function enabledEvents(world: World, policy: FaultPolicy): WorldEvent[] {
  const events: WorldEvent[] = [];
  for (const m of world.network) if (deliverable(world, m)) events.push({ kind: 'deliver', id: m.id });
  world.nodes.forEach((slot, i) => {
    if (!slot.up || slot.pausedAt !== undefined) return;
    const names = slot.timers.map((t) => t.name).sort();
    for (const timer of names) events.push({ kind: 'timer', node: i + 1, timer });
  });
  if (policy.drops) for (const m of world.network) events.push({ kind: 'drop', id: m.id });
  if (policy.duplicates) for (const m of world.network) events.push({ kind: 'duplicate', id: m.id });
  world.nodes.forEach((slot, i) => {
    if (slot.pausedAt !== undefined) return;
    if (slot.up ? policy.crashes : policy.restarts) events.push({ kind: slot.up ? 'crash' : 'restart', node: i + 1 });
  });
  if (policy.pauses === true || policy.resumes === true) {
    world.nodes.forEach((slot, i) => {
      if (!slot.up) return;
      const paused = slot.pausedAt !== undefined;
      if (paused ? policy.resumes === true : policy.pauses === true) events.push({ kind: paused ? 'resume' : 'pause', node: i + 1 });
    });
  }
  if (world.partition === null) for (const split of policy.partitions) events.push(split);
  else if (policy.heal) events.push({ kind: 'heal' });
  return events;
}

/** The non-fault events enabled in a world (deliveries by message id, then timers by node and name). */
export function progressEvents(world: World): WorldEvent[] {
  return enabledEvents(world, NO_FAULT_EVENTS);
}
