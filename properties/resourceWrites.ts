import type { NodeId } from '../src/shared/protocol.js';
import type { World } from '../src/shared/world.js';

/**
 * A write a protected resource handled, as its view shows it (models/coord: the payment service's
 * `lastWrite`). A node is a resource when its view's role is 'resource'; a model without one has
 * no writes, and the properties over them hold vacuously.
 */
export interface ResourceWrite {
  /** The write's number at that resource: each write is seen once. */
  n: number;
  node: NodeId;
  token: number;
  period: number;
  accepted: boolean;
}

/** The resources' writes not yet seen, given how many of each resource's were (by node index). */
export function newWrites(world: World, seen: Readonly<Record<number, number>>): { resource: NodeId; write: ResourceWrite }[] {
  const fresh: { resource: NodeId; write: ResourceWrite }[] = [];
  world.nodes.forEach((slot, i) => {
    const view = slot.view as (typeof slot.view & { lastWrite?: ResourceWrite | null }) | null;
    if (view === null || view.role !== 'resource' || view.lastWrite == null) return;
    if (view.lastWrite.n > (seen[i + 1] ?? 0)) fresh.push({ resource: i + 1, write: view.lastWrite });
  });
  return fresh;
}
