import type { SafetyProperty } from '../../properties/types.js';
import type { AnyProtocol } from '../shared/protocol.js';
import type { MemoRename, SymmetryHooks } from './encodedParts.js';

export interface SymmetryChoice {
  hooks: SymmetryHooks | null;
  /** Why reduction is off, when it is. */
  reason: string | null;
}

/**
 * The largest cluster reduced by symmetry. The encoder builds every state's row under all N!
 * permutations (StateEncoder): 720 at 6 nodes, where a state costs about 20 times what it costs
 * without reduction, but 3,628,800 at 10, where building the permutations alone does not finish
 * (the shrinker's search at 10 nodes ran over 10 minutes on one 40,000-state budget).
 */
export const SYMMETRY_NODES_MAX = 6;

/**
 * Symmetry reduction applies only to a model that declares itself symmetric and says how to
 * rename node ids in its data, only when every checked property can rename the node ids in
 * its memo too (`SafetyProperty.renameNodes`), and only up to SYMMETRY_NODES_MAX nodes. Bully and
 * Ring order their ids, so they are never symmetric.
 */
export function chooseSymmetry(protocol: AnyProtocol, safety: readonly SafetyProperty[], requested: boolean, nodes: number): SymmetryChoice {
  if (!requested) return { hooks: null, reason: 'turned off (--no-symmetry)' };
  if (protocol.symmetric === false) return { hooks: null, reason: `${protocol.name} depends on node ids` };
  if (protocol.symmetric !== true) return { hooks: null, reason: `${protocol.name} does not declare symmetric: true` };
  if (protocol.renameNodes === undefined) return { hooks: null, reason: `${protocol.name} has no renameNodes hook` };
  const memos: MemoRename[] = [];
  for (const property of safety) {
    const rename = property.renameNodes;
    if (rename === undefined) return { hooks: null, reason: `property ${property.name} has no memo renaming` };
    memos.push(rename.bind(property) as MemoRename);
  }
  // Checked last: for a model that reduction could never apply to, the note gives the reason, not the size.
  if (nodes > SYMMETRY_NODES_MAX) return { hooks: null, reason: `more than ${SYMMETRY_NODES_MAX} nodes: each state would be built under all ${nodes}! permutations of node ids` };
  return { hooks: { renaming: protocol.renameNodes, memos }, reason: null };
}
