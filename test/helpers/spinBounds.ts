import type { ExploreBounds } from '../../src/explore/bounds.js';

/** The Promela model's semantics: a bag of `bag` messages, deliver-and-keep, unlimited drops and atomic restarts, Timeout guarded by `maxTerm`. */
export function spinBounds(maxTerm: number, bag: number): ExploreBounds {
  return {
    maxTerm,
    maxMessages: bag,
    maxCrashes: Infinity,
    maxPartitions: 0,
    maxDrops: Infinity,
    maxDups: 0,
    maxDepth: Infinity,
    bag,
    deliverKeep: true,
    atomicRestart: true,
    pruneTerm: true,
  };
}
