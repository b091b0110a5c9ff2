import type { NodeId, PropertyName } from '../shared/protocol.js';

type Rename = (id: NodeId) => NodeId;

/** How each safety property's memo names nodes, so symmetry reduction can rename it too. */
type MemoRenamer = (memo: any, rename: Rename) => unknown;

/** A list indexed by node (index i is node i + 1), moved to the renamed positions. */
function permuteByNode<T>(list: readonly T[], rename: Rename): T[] {
  const out = new Array<T>(list.length);
  for (let i = 0; i < list.length; i++) out[rename(i + 1) - 1] = list[i];
  return out;
}

/**
 * The memos are history variables (raft.tla's `elections`): part of the state, so they are renamed
 * with it. Kept here rather than on the properties so properties/ stays a list of plain monitors;
 * a property not listed turns symmetry reduction off rather than risk an unsound reduction.
 */
const memoRenamers: Partial<Record<PropertyName, MemoRenamer>> = {
  'election-safety': (memo: { elected: Record<number, NodeId>; holding: readonly (number | null)[]; violation: string | null }, rename) => {
    const elected: Record<number, NodeId> = {};
    for (const term of Object.keys(memo.elected)) elected[Number(term)] = rename(memo.elected[Number(term)]);
    return { elected, holding: permuteByNode(memo.holding, rename), violation: memo.violation };
  },
  'term-monotonic': (memo: { terms: readonly number[]; violation: string | null }, rename) => ({
    terms: permuteByNode(memo.terms, rename),
    violation: memo.violation,
  }),
  // Its memo is only the violation text, null while the search goes on.
  'single-leader': (memo) => memo,
};

export function memoRenamer(property: PropertyName): MemoRenamer | undefined {
  return memoRenamers[property];
}
