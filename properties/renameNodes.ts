import type { NodeId } from '../src/shared/protocol.js';

/** Maps a node id to the id it takes under a permutation of the nodes (symmetry reduction). */
export type Rename = (id: NodeId) => NodeId;

/** A list indexed by node (index i is node i + 1), moved to the renamed positions. */
export function permuteByNode<T>(list: readonly T[], rename: Rename): T[] {
  const out = new Array<T>(list.length);
  for (let i = 0; i < list.length; i++) out[rename(i + 1) - 1] = list[i];
  return out;
}
