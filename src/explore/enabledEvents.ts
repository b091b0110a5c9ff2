import { progressEvents } from '../world/enabled.js';
import type { World, WorldEvent } from '../shared/world.js';
import { type ExploreBounds, counters } from './bounds.js';

/** An enabled event and the fault budget it spends. */
export interface Choice {
  event: WorldEvent;
  spends: number;
}

/**
 * Every event enabled in a world within the fault budgets, in a stable order so an index path is
 * reproducible (stateright lists actions the same way): deliveries by message id, timers by node
 * and name, then drops and duplicates by id, crashes and restarts by node, partitions, heal.
 */
export function enabledChoices(world: World, used: number, bounds: ExploreBounds, splits: readonly WorldEvent[]): Choice[] {
  const choices: Choice[] = progressEvents(world).map((event) => ({ event, spends: 0 }));
  if (counters.drops(used) < bounds.maxDrops) {
    for (const m of world.network) choices.push({ event: { kind: 'drop', id: m.id }, spends: counters.DROP });
  }
  if (counters.dups(used) < bounds.maxDups) {
    for (const m of world.network) choices.push({ event: { kind: 'duplicate', id: m.id }, spends: counters.DUP });
  }
  const canCrash = counters.crashes(used) < bounds.maxCrashes;
  world.nodes.forEach((slot, i) => {
    if (slot.up && canCrash) choices.push({ event: { kind: 'crash', node: i + 1 }, spends: counters.CRASH });
    if (!slot.up) choices.push({ event: { kind: 'restart', node: i + 1 }, spends: 0 });
  });
  if (world.partition === null) {
    if (counters.partitions(used) < bounds.maxPartitions) {
      for (const event of splits) choices.push({ event, spends: counters.PARTITION });
    }
  } else {
    choices.push({ event: { kind: 'heal' }, spends: 0 });
  }
  return choices;
}

/**
 * The distinct splits of nodes 1..n into two non-empty groups, node 1 always in the first group,
 * ordered by the bit mask of the first group: n = 3 gives {1}|{2,3}, {1,2}|{3}, {1,3}|{2}.
 */
export function twoWaySplits(n: number): WorldEvent[] {
  const splits: WorldEvent[] = [];
  const all = (1 << n) - 1;
  for (let mask = 1; mask < all; mask += 2) {
    const first: number[] = [];
    const second: number[] = [];
    for (let i = 0; i < n; i++) (mask & (1 << i) ? first : second).push(i + 1);
    splits.push({ kind: 'partition', groups: [first, second] });
  }
  return splits;
}
