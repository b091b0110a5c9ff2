import type { SafetyProperty } from '../../properties/types.js';
import type { AnyProtocol } from '../shared/protocol.js';
import type { MemoRename, SymmetryHooks } from './encodedParts.js';

export interface SymmetryChoice {
  hooks: SymmetryHooks | null;
  /** Why reduction is off, when it is. */
  reason: string | null;
}

/**
 * Symmetry reduction applies only to a model that declares itself symmetric and says how to
 * rename node ids in its data, and only when every checked property can rename the node ids in
 * its memo too (`SafetyProperty.renameNodes`). Bully and Ring order their ids, so they are never
 * symmetric.
 */
export function chooseSymmetry(protocol: AnyProtocol, safety: readonly SafetyProperty[], requested: boolean): SymmetryChoice {
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
  return { hooks: { renaming: protocol.renameNodes, memos }, reason: null };
}
