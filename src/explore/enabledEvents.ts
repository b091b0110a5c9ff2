import { enabledEvents, type FaultPolicy, type PartitionEvent } from '../world/enabled.js';
import type { World, WorldEvent } from '../shared/world.js';
import { type ExploreBounds, counters } from './bounds.js';

/**
 * One step of the search: usually one event; two under SPIN's semantics, where a delivery that
 * keeps its message is a duplicate then a delivery, and a restart is a crash then its restart.
 */
export interface Choice {
  events: readonly WorldEvent[];
  /** The fault budget it spends (bounds.ts `counters`). */
  spends: number;
}

/** Explore's fault policy: each fault while its budget lasts; restarts, resumes and heal always. */
export function explorePolicy(used: number, bounds: ExploreBounds, splits: readonly PartitionEvent[]): FaultPolicy {
  return {
    drops: counters.drops(used) < bounds.maxDrops,
    duplicates: counters.dups(used) < bounds.maxDups,
    crashes: counters.crashes(used) < bounds.maxCrashes,
    restarts: true,
    partitions: counters.partitions(used) < bounds.maxPartitions ? splits : [],
    heal: true,
    pauses: counters.pauses(used) < (bounds.maxPauses ?? 0),
    resumes: true,
  };
}

/**
 * Every step enabled within the fault budgets, in the enumerator's order (world/enabled.ts), with
 * what each spends. Given the codes of the in-flight messages (`codes[at + j]` for network[j]), a
 * message equal to one listed before is skipped: the state after acting on either is the same
 * (states ignore message ids), so the search takes one transition per distinct message, as SPIN's
 * does.
 */
export function enabledChoices(world: World, used: number, bounds: ExploreBounds, splits: readonly PartitionEvent[], codes?: ArrayLike<number>, at = 0): Choice[] {
  const choices: Choice[] = [];
  const seen = codes === undefined ? null : new Set<number>();
  for (const event of enabledEvents(world, explorePolicy(used, bounds, splits))) {
    switch (event.kind) {
      case 'deliver':
      case 'drop':
      case 'duplicate': {
        if (seen !== null) {
          const key = codes![at + indexOfId(world, event.id)] * 4 + KIND_KEY[event.kind];
          if (seen.has(key)) continue;
          seen.add(key);
        }
        choices.push({ events: [event], spends: spendOf(event, bounds) });
        if (event.kind === 'deliver' && bounds.deliverKeep === true) choices.push({ events: [{ kind: 'duplicate', id: event.id }, event], spends: 0 });
        break;
      }
      case 'crash':
        choices.push({ events: bounds.atomicRestart === true ? [event, { kind: 'restart', node: event.node }] : [event], spends: spendOf(event, bounds) });
        break;
      default:
        choices.push({ events: [event], spends: spendOf(event, bounds) });
    }
  }
  return choices;
}

const KIND_KEY = { deliver: 0, drop: 1, duplicate: 2 } as const;

function indexOfId(world: World, id: number): number {
  const network = world.network;
  for (let j = 0; j < network.length; j++) if (network[j].id === id) return j;
  throw new Error(`explore: event on message ${id}, which is not in flight`);
}

/** An unlimited budget is not counted: spending from it leaves the state as it was. */
export function spendOf(event: WorldEvent, bounds: ExploreBounds): number {
  switch (event.kind) {
    case 'drop':
      return bounds.maxDrops === Infinity ? 0 : counters.DROP;
    case 'duplicate':
      return bounds.maxDups === Infinity ? 0 : counters.DUP;
    case 'crash':
      return bounds.maxCrashes === Infinity ? 0 : counters.CRASH;
    case 'partition':
      return bounds.maxPartitions === Infinity ? 0 : counters.PARTITION;
    case 'pause':
      return bounds.maxPauses === Infinity ? 0 : counters.PAUSE;
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
