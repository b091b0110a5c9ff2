import type { NodeId } from '../src/shared/protocol.js';
import type { World } from '../src/shared/world.js';
import type { LivenessProperty } from './types.js';

/**
 * The original design (docs/design.md sections 5 and 10): "once no message is in flight, all live
 * nodes name the same live leader, the highest live id" (Garcia-Molina 1982, the Bully algorithm's
 * assertion; Chang and Roberts 1979 for the ring). A protocol with heartbeats always has a message
 * in flight, so "once no message is in flight" is read as "once faults stop": the property is
 * judged like liveness, in the stabilization phase, and holds when within the liveness bound every
 * live node names the highest live id, which itself holds the leader role. Raft does not promise
 * it (any node may win an election).
 */
export const agreement: LivenessProperty = {
  name: 'agreement',
  kind: 'liveness',
  description: 'once faults stop, every live node names the highest live id as leader, and that node leads',
  satisfied: (world) => disagreement(world) === null,
  pending: (world) => disagreement(world) ?? 'agreement reached',
  // Only the views of the node slots.
  readsNodesOnly: true,
};

/** Why the live nodes do not (yet) agree on the highest live id, or null when they do. */
export function disagreement(world: World): string | null {
  const highest = highestLiveId(world);
  if (highest === null) return 'no live node';
  if (world.nodes[highest - 1].view!.role !== 'leader') return `highest live node ${highest} is not leader`;
  const strays: string[] = [];
  world.nodes.forEach((slot, i) => {
    if (slot.view !== null && slot.view.leader !== highest) strays.push(`node ${i + 1} names ${slot.view.leader ?? 'nobody'}`);
  });
  return strays.length === 0 ? null : `${strays.join(', ')}, not the highest live id ${highest}`;
}

function highestLiveId(world: World): NodeId | null {
  for (let i = world.nodes.length - 1; i >= 0; i--) if (world.nodes[i].view !== null) return i + 1;
  return null;
}
