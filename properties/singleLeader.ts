import type { World } from '../src/shared/world.js';
import { nodeList } from './describeViews.js';
import type { SafetyProperty } from './types.js';

/** At most one live node believes it is leader at any instant: stronger than Raft promises. */
export const singleLeader: SafetyProperty<string | null> = {
  name: 'single-leader',
  kind: 'safety',
  description: 'at most one live node believes it is leader at any instant',
  initial: (world) => check(null, world),
  observe: check,
  violation: (memo) => memo,
  // The memo is only the violation text, null while the search goes on: nothing to rename.
  renameNodes: (memo) => memo,
  readsNodesOnly: true,
  // Null until a violation, which ends the search: the memo never tells two orders apart.
  memoCommutes: true,
};

function check(memo: string | null, world: World): string | null {
  if (memo !== null) return memo;
  let first = 0;
  for (let i = 0; i < world.nodes.length; i++) {
    const view = world.nodes[i].view;
    if (view === null || view.role !== 'leader') continue;
    if (first === 0) {
      first = i + 1;
      continue;
    }
    const leaders: number[] = [];
    const terms: number[] = [];
    world.nodes.forEach((slot, j) => {
      if (slot.view?.role === 'leader') {
        leaders.push(j + 1);
        terms.push(slot.view.term);
      }
    });
    return `nodes ${nodeList(leaders)} all believe they are leader (terms ${nodeList(terms)})`;
  }
  return null;
}
