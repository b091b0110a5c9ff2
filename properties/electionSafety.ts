import type { NodeId } from '../src/shared/protocol.js';
import type { World } from '../src/shared/world.js';
import { permuteByNode, type Rename } from './renameNodes.js';
import type { SafetyProperty } from './types.js';

interface Memo {
  /** History (as raft.tla's `elections`): who became leader in each term, crashed or not. */
  elected: Readonly<Record<number, NodeId>>;
  /** Per node: the term it is currently leader in (it won that term), or null. */
  holding: readonly (number | null)[];
  violation: string | null;
}

/**
 * Raft §5.2 Election Safety: at most one leader can be elected in a given term. Checked over the
 * run's history, and every node holding the leader role must hold it for a term it won.
 */
export const electionSafety: SafetyProperty<Memo> = {
  name: 'election-safety',
  kind: 'safety',
  description: 'at most one node becomes leader in any term, and a leader only leads in a term it won',
  initial: (world) => observe({ elected: {}, holding: world.nodes.map(() => null), violation: null }, world),
  observe,
  violation: (memo) => memo.violation,
  renameNodes,
  readsNodesOnly: true,
  // Per node its holding, and the union of who won which term: a clash is a violation in either order.
  memoCommutes: true,
};

function observe(memo: Memo, world: World): Memo {
  if (memo.violation !== null) return memo;
  let next = memo;
  const { nodes } = world;
  for (let i = 0; i < nodes.length; i++) {
    const view = nodes[i].view;
    const node = i + 1;
    const held = next.holding[i];
    if (view === null || view.role !== 'leader') {
      if (held !== null) next = { ...next, holding: replace(next.holding, i, null) };
      continue;
    }
    if (held !== null) {
      if (held !== view.term) {
        return { ...next, violation: `node ${node} holds the leader role in term ${view.term} but won term ${held}` };
      }
      continue;
    }
    const winner = next.elected[view.term];
    if (winner !== undefined && winner !== node) {
      return { ...next, violation: `nodes ${Math.min(winner, node)} and ${Math.max(winner, node)} both leader in term ${view.term}` };
    }
    next = {
      elected: winner === undefined ? { ...next.elected, [view.term]: node } : next.elected,
      holding: replace(next.holding, i, view.term),
      violation: null,
    };
  }
  return next;
}

/** The winners of the history and the holders move with their nodes; terms stay. */
function renameNodes(memo: Memo, rename: Rename): Memo {
  const elected: Record<number, NodeId> = {};
  for (const term of Object.keys(memo.elected)) elected[Number(term)] = rename(memo.elected[Number(term)]);
  return { elected, holding: permuteByNode(memo.holding, rename), violation: memo.violation };
}

function replace<T>(list: readonly T[], index: number, value: T): T[] {
  const copy = list.slice();
  copy[index] = value;
  return copy;
}
