import type { NodeId } from '../src/shared/protocol.js';
import type { World } from '../src/shared/world.js';

/** "1,2" from [1, 2]: node lists as people write them. */
export function nodeList(ids: readonly NodeId[]): string {
  return ids.join(',');
}

/** Ids of the live nodes whose view has the given role. */
export function nodesWithRole(world: World, role: string): NodeId[] {
  const ids: NodeId[] = [];
  world.nodes.forEach((slot, i) => {
    if (slot.view !== null && slot.view.role === role) ids.push(i + 1);
  });
  return ids;
}
