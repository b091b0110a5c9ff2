import type { World } from '../src/shared/world.js';
import { renameKeys } from './fencedWrites.js';
import { newWrites } from './resourceWrites.js';
import type { SafetyProperty } from './types.js';

interface Memo {
  seen: Readonly<Record<number, number>>;
  /** Per resource node: the token (the leadership) that charged each billing period first. */
  charged: Readonly<Record<number, Readonly<Record<number, { token: number; node: number }>>>>;
  violation: string | null;
}

/**
 * The seed article's payment service: no billing period is charged by two different leaders. A
 * leader is a leadership, told apart by its fencing token (a node elected twice leads twice), so
 * a duplicated message from one leader is not a double charge. Judged at every node whose view's
 * role is 'resource'; models without one hold it vacuously.
 */
export const noDoubleCharge: SafetyProperty<Memo> = {
  name: 'no-double-charge',
  kind: 'safety',
  description: 'no billing period is charged by two different leaders (two fencing tokens)',
  initial: (world) => observe({ seen: {}, charged: {}, violation: null }, world),
  observe,
  violation: (memo) => memo.violation,
  // Per resource node, its own writes in the order it made them.
  memoCommutes: true,
  renameNodes: (memo, rename) => {
    const charged: Record<number, Record<number, { token: number; node: number }>> = {};
    for (const [resource, periods] of Object.entries(renameKeys(memo.charged, rename))) {
      const moved: Record<number, { token: number; node: number }> = {};
      for (const [period, by] of Object.entries(periods)) moved[Number(period)] = { token: by.token, node: rename(by.node) };
      charged[Number(resource)] = moved;
    }
    return { seen: renameKeys(memo.seen, rename), charged, violation: memo.violation };
  },
};

function observe(memo: Memo, world: World): Memo {
  if (memo.violation !== null) return memo;
  const fresh = newWrites(world, memo.seen);
  if (fresh.length === 0) return memo;
  const seen = { ...memo.seen };
  const charged = { ...memo.charged };
  for (const { resource, write } of fresh) {
    seen[resource] = write.n;
    if (!write.accepted) continue;
    const periods = charged[resource] ?? {};
    const first = periods[write.period];
    if (first !== undefined && first.token !== write.token) {
      const violation = `period ${write.period} charged twice: by node ${first.node} with token ${first.token} and by node ${write.node} with token ${write.token}`;
      return { seen, charged, violation };
    }
    if (first === undefined) charged[resource] = { ...periods, [write.period]: { token: write.token, node: write.node } };
  }
  return { seen, charged, violation: null };
}
