import type { InFlight, World, WorldEvent } from '../shared/world.js';
import { connected } from './world.js';

/** A message can be delivered when its receiver is up and no partition separates the two. */
export function deliverable(world: World, m: InFlight): boolean {
  return world.nodes[m.to - 1].up && connected(world, m.from, m.to);
}

/** Nothing can happen without a fault: no deliverable message and no pending timer. */
export function quiescent(world: World): boolean {
  for (const slot of world.nodes) if (slot.up && slot.timers.length > 0) return false;
  for (const m of world.network) if (deliverable(world, m)) return false;
  return true;
}

/**
 * The non-fault events enabled in a world, in a stable order (deliveries by message id, then
 * timers by node and name), so an index into this list is reproducible as stateright's are.
 */
export function progressEvents(world: World): WorldEvent[] {
  const events: WorldEvent[] = [];
  for (const m of world.network) if (deliverable(world, m)) events.push({ kind: 'deliver', id: m.id });
  world.nodes.forEach((slot, i) => {
    if (!slot.up) return;
    const names = slot.timers.map((t) => t.name).sort();
    for (const timer of names) events.push({ kind: 'timer', node: i + 1, timer });
  });
  return events;
}
