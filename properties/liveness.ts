import type { World } from '../src/shared/world.js';
import { nodeList, nodesWithRole } from './describeViews.js';
import type { LivenessProperty } from './types.js';

/** Once faults stop: exactly one live leader exists and every live node names it. */
export const liveness: LivenessProperty = {
  name: 'liveness',
  kind: 'liveness',
  description: 'within a bound after faults stop, exactly one live leader exists and every live node names it',
  satisfied: (world) => settledLeader(world) !== null,
  pending,
  // Only the views of the node slots.
  readsNodesOnly: true,
};

/** The leader every live node agrees on, if there is exactly one; else null. */
export function settledLeader(world: World): number | null {
  let leader: number | null = null;
  let live = 0;
  for (let i = 0; i < world.nodes.length; i++) {
    const view = world.nodes[i].view;
    if (view === null) continue;
    live++;
    if (view.role === 'leader') {
      if (leader !== null) return null;
      leader = i + 1;
    }
  }
  if (leader === null || live === 0) return null;
  for (const slot of world.nodes) {
    if (slot.view !== null && slot.view.leader !== leader) return null;
  }
  return leader;
}

function pending(world: World): string {
  const up = world.nodes.filter((s) => s.view !== null).length;
  if (up === 0) return 'no live node';
  const leaders = nodesWithRole(world, 'leader');
  if (leaders.length > 1) return `nodes ${nodeList(leaders)} all believe they are leader`;
  if (leaders.length === 0) {
    const candidates = nodesWithRole(world, 'candidate');
    const terms = [...new Set(candidates.map((id) => world.nodes[id - 1].view!.term))];
    const who = candidates.length > 0 ? `: nodes ${nodeList(candidates)} candidates in term ${terms.join('/')}` : '';
    return `no leader${who}`;
  }
  const leader = leaders[0];
  const strays: string[] = [];
  world.nodes.forEach((slot, i) => {
    if (slot.view !== null && slot.view.leader !== leader) strays.push(`node ${i + 1} names ${slot.view.leader ?? 'nobody'}`);
  });
  return `leader ${leader} not recognised: ${strays.join(', ')}`;
}
