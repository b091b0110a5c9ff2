import type { World } from '../src/shared/world.js';
import { newWrites } from './resourceWrites.js';
import type { SafetyProperty } from './types.js';

interface Memo {
  /** Per resource node: writes seen, and the highest token among the accepted ones. */
  seen: Readonly<Record<number, number>>;
  highest: Readonly<Record<number, number>>;
  violation: string | null;
}

/**
 * Kleppmann's fencing: a protected resource never accepts a write whose token is lower than one
 * it already accepted. Judged at every node whose view's role is 'resource' (models/coord's
 * payment service); models without one have no writes and hold it vacuously.
 */
export const fencedWrites: SafetyProperty<Memo> = {
  name: 'fenced-writes',
  kind: 'safety',
  description: 'a protected resource never accepts a write whose fencing token is lower than one it already accepted',
  initial: (world) => observe({ seen: {}, highest: {}, violation: null }, world),
  observe,
  violation: (memo) => memo.violation,
  // Keyed by the resource's node id, which no symmetric model has; the ids are renamed anyway.
  // Per resource node, its own writes in the order it made them.
  memoCommutes: true,
  renameNodes: (memo, rename) => ({ seen: renameKeys(memo.seen, rename), highest: renameKeys(memo.highest, rename), violation: memo.violation }),
};

function observe(memo: Memo, world: World): Memo {
  if (memo.violation !== null) return memo;
  const fresh = newWrites(world, memo.seen);
  if (fresh.length === 0) return memo;
  const seen = { ...memo.seen };
  const highest = { ...memo.highest };
  for (const { resource, write } of fresh) {
    seen[resource] = write.n;
    if (!write.accepted) continue;
    const before = highest[resource] ?? 0;
    if (write.token < before) {
      const violation = `node ${resource} accepted a write of period ${write.period} from node ${write.node} with token ${write.token} after accepting token ${before}`;
      return { seen, highest, violation };
    }
    highest[resource] = write.token;
  }
  return { seen, highest, violation: null };
}

export function renameKeys<T>(record: Readonly<Record<number, T>>, rename: (id: number) => number): Record<number, T> {
  const out: Record<number, T> = {};
  for (const key of Object.keys(record)) out[rename(Number(key))] = record[Number(key)];
  return out;
}
