import { enabledEvents, type FaultPolicy, type PartitionEvent } from '../world/enabled.js';
import type { World, WorldEvent } from '../shared/world.js';
import { type ExploreBounds, counters } from './bounds.js';

/** An enabled event and the fault budget it spends. */
export interface Choice {
  event: WorldEvent;
  spends: number;
}

/** Explore's fault policy: each fault while its budget lasts; restarts and heal always. */
export function explorePolicy(used: number, bounds: ExploreBounds, splits: readonly PartitionEvent[]): FaultPolicy {
  return {
    drops: counters.drops(used) < bounds.maxDrops,
    duplicates: counters.dups(used) < bounds.maxDups,
    crashes: counters.crashes(used) < bounds.maxCrashes,
    restarts: true,
    partitions: counters.partitions(used) < bounds.maxPartitions ? splits : [],
    heal: true,
  };
}

/** Every event enabled within the fault budgets, in the enumerator's order (world/enabled.ts), with what each spends. */
export function enabledChoices(world: World, used: number, bounds: ExploreBounds, splits: readonly PartitionEvent[]): Choice[] {
  return enabledEvents(world, explorePolicy(used, bounds, splits)).map((event) => ({ event, spends: spendOf(event) }));
}

function spendOf(event: WorldEvent): number {
  switch (event.kind) {
    case 'drop':
      return counters.DROP;
    case 'duplicate':
      return counters.DUP;
    case 'crash':
      return counters.CRASH;
    case 'partition':
      return counters.PARTITION;
    default:
      return 0;
  }
}

/**
 * The distinct splits of nodes 1..n into two non-empty groups, node 1 always in the first group,
 * ordered by the bit mask of the first group: n = 3 gives {1}|{2,3}, {1,2}|{3}, {1,3}|{2}.
 */
export function twoWaySplits(n: number): PartitionEvent[] {
  const splits: PartitionEvent[] = [];
  const all = (1 << n) - 1;
  for (let mask = 1; mask < all; mask += 2) {
    const first: number[] = [];
    const second: number[] = [];
    for (let i = 0; i < n; i++) (mask & (1 << i) ? first : second).push(i + 1);
    splits.push({ kind: 'partition', groups: [first, second] });
  }
  return splits;
}
