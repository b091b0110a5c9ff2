import type { World } from '../src/shared/world.js';
import { permuteByNode } from './renameNodes.js';
import type { SafetyProperty } from './types.js';

interface Memo {
  /** Highest term each node has shown, kept while it is down so a restart is compared too. */
  terms: readonly number[];
  violation: string | null;
}

/** A node's term never decreases, across crash and restart too (Raft keeps currentTerm stored). */
export const termMonotonic: SafetyProperty<Memo> = {
  name: 'term-monotonic',
  kind: 'safety',
  description: "a node's term never decreases, across crash and restart too",
  initial: (world) => observe({ terms: world.nodes.map(() => 0), violation: null }, world),
  observe,
  violation: (memo) => memo.violation,
  // Each node's highest term moves with the node.
  renameNodes: (memo, rename) => ({ terms: permuteByNode(memo.terms, rename), violation: memo.violation }),
  readsNodesOnly: true,
  // Each node's highest term, from its own slots only.
  memoCommutes: true,
};

function observe(memo: Memo, world: World): Memo {
  if (memo.violation !== null) return memo;
  let terms: number[] | null = null;
  for (let i = 0; i < world.nodes.length; i++) {
    const view = world.nodes[i].view;
    if (view === null) continue;
    const last = memo.terms[i];
    if (view.term < last) {
      return { terms: terms ?? memo.terms, violation: `node ${i + 1} went from term ${last} back to term ${view.term}` };
    }
    if (view.term > last) {
      terms ??= memo.terms.slice();
      terms[i] = view.term;
    }
  }
  return terms === null ? memo : { terms, violation: null };
}
