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
  /**
   * At most this many pauses on a path (left out: none). A pause is the world's event pair: `pause`
   * takes a running node out (its timers and the messages to it wait), `resume`, always enabled
   * while it is paused, brings it back. Explore has no clock, so a pause has no length: it lasts
   * as many of the others' events as the path puts before the resume.
   */
  maxPauses?: number;
  /** Events from boot; states this deep are checked but not expanded. */
  maxDepth: number;
  /**
   * The network of SPIN's Promela models (network.ts): at most `bag` messages in flight, a send into
   * a full bag is lost; absent, the network is unbounded and `maxMessages` bounds expansion.
   */
  bag?: number;
  /** A delivery may also keep its message in flight: duplication in one step, unbudgeted. */
  deliverKeep?: boolean;
  /** A crash is one step with its restart (raft.tla's Restart), offered only where it changes the state. */
  atomicRestart?: boolean;
  /** A step that takes a term past `maxTerm` is not taken (a guard, as SPIN's Timeout), instead of checked at the bound. */
  pruneTerm?: boolean;
}

/**
 * Faults used so far on a path, packed in one integer (8 bits each): part of the state. Pauses
 * take the 8 bits above the low 32 (a safe integer still), so the four older budgets keep their
 * bits; `counterWords` splits it for the Int32 rows that hold it.
 */
export const counters = {
  crashes: (c: number) => c & 0xff,
  drops: (c: number) => (c >>> 8) & 0xff,
  dups: (c: number) => (c >>> 16) & 0xff,
  partitions: (c: number) => (c >>> 24) & 0xff,
  pauses: (c: number) => Math.floor(c / HIGH_WORD) & 0xff,
  CRASH: 1,
  DROP: 1 << 8,
  DUP: 1 << 16,
  PARTITION: 1 << 24,
  PAUSE: 2 ** 32,
};

const HIGH_WORD = 2 ** 32;

/** The packed counters as two Int32 words, [low, high], and back. */
export function counterWords(c: number): readonly [low: number, high: number] {
  return [c | 0, Math.floor(c / HIGH_WORD)];
}

/** counterWords' high word alone, for a hot loop that writes the two words without making a pair. */
export function counterHighWord(c: number): number {
  return Math.floor(c / HIGH_WORD);
}

export function countersOfWords(low: number, high: number): number {
  return (low >>> 0) + high * HIGH_WORD;
}

/** The most a finite fault budget may be, so the packed counters cannot overflow. */
export const FAULT_BUDGET_MAX = 255;

/** An unlimited budget (Infinity) is never counted, so it splits no state by how much was spent. */
export const UNLIMITED = Infinity;

/** Which bound a world lies past, in words; null when it lies within them all. */
export function pastBound(world: World, bounds: ExploreBounds): string | null {
  if (bounds.bag === undefined && world.network.length > bounds.maxMessages) {
    return `${world.network.length} messages in flight, more than --max-messages ${bounds.maxMessages}`;
  }
  const term = termPast(world, bounds.maxTerm);
  return term === null ? null : `a term of ${term}, past --max-term ${bounds.maxTerm}`;
}

/** The first live node's term past `maxTerm`, or null. */
export function termPast(world: World, maxTerm: number): number | null {
  for (const slot of world.nodes) {
    if (slot.view !== null && slot.view.term > maxTerm) return slot.view.term;
  }
  return null;
}
