import type { World } from '../shared/world.js';

/** The bounds of an exhaustive search; each fault is an event with its own budget. */
export interface ExploreBounds {
  /** States where some live node's term exceeds this are checked but not expanded. */
  maxTerm: number;
  /** States with more messages in flight are checked but not expanded. */
  maxMessages: number;
  maxCrashes: number;
  maxPartitions: number;
  maxDrops: number;
  maxDups: number;
  /** Events from boot; states this deep are checked but not expanded. */
  maxDepth: number;
}

/** Faults used so far on a path, packed in one integer (8 bits each): part of the state. */
export const counters = {
  crashes: (c: number) => c & 0xff,
  drops: (c: number) => (c >>> 8) & 0xff,
  dups: (c: number) => (c >>> 16) & 0xff,
  partitions: (c: number) => (c >>> 24) & 0xff,
  CRASH: 1,
  DROP: 1 << 8,
  DUP: 1 << 16,
  PARTITION: 1 << 24,
};

/** The most a fault budget may be, so the packed counters cannot overflow. */
export const FAULT_BUDGET_MAX = 255;

/** Which bound a world lies past, in words; null when it lies within them all. */
export function pastBound(world: World, bounds: ExploreBounds): string | null {
  if (world.network.length > bounds.maxMessages) {
    return `${world.network.length} messages in flight, more than --max-messages ${bounds.maxMessages}`;
  }
  for (const slot of world.nodes) {
    if (slot.view !== null && slot.view.term > bounds.maxTerm) return `a term of ${slot.view.term}, past --max-term ${bounds.maxTerm}`;
  }
  return null;
}
