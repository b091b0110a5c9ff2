import type { NodeId } from '../shared/protocol.js';
import type { FaultPolicy, PartitionEvent } from '../world/enabled.js';

/**
 * The splits a person is offered while the network is whole: each node cut off alone, then each
 * split into halves (node 1 always in the first group, so no split is offered twice). Every
 * two-way split would be 127 buttons with 8 nodes; these are the ones people reason about
 * (an isolated leader, a minority and a majority), 43 with 8 nodes and 3 with 3.
 */
export function explorerSplits(nodes: number): PartitionEvent[] {
  const all = Array.from({ length: nodes }, (_, i) => i + 1);
  const splits: PartitionEvent[] = [];
  const seen = new Set<string>();
  const offer = (first: NodeId[]): void => {
    const rest = all.filter((n) => !first.includes(n));
    if (first.length === 0 || rest.length === 0) return;
    // Node 1's group first, so {2,3}|{1} and {1}|{2,3} are one split.
    const groups = first.includes(1) ? [first, rest] : [rest, first];
    const key = JSON.stringify(groups);
    if (seen.has(key)) return;
    seen.add(key);
    splits.push({ kind: 'partition', groups });
  };
  for (const node of all) offer([node]);
  const half = Math.floor(nodes / 2);
  if (half >= 2) for (const group of combinations(all, half)) offer(group);
  return splits;
}

/**
 * Every fault switch a policy may turn on. `pauses` and `resumes` name the process-pause faults
 * that are on their way into the world (a policy that leaves them out offers none); spread into
 * the policy, they take effect the day FaultPolicy has them and are ignored until then.
 */
const EVERY_FAULT = { drops: true, duplicates: true, crashes: true, restarts: true, heal: true, pauses: true, resumes: true } as const;

/** Every fault the world knows, offered at every step: the explorer is where people try them all. */
export function explorerPolicy(nodes: number): FaultPolicy {
  return { ...EVERY_FAULT, partitions: explorerSplits(nodes) };
}

/** The k-element subsets of `items`, in lexicographic order. */
function combinations<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i + k <= items.length; i++) {
    for (const rest of combinations(items.slice(i + 1), k - 1)) out.push([items[i], ...rest]);
  }
  return out;
}
