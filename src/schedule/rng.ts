import seedrandom from 'seedrandom';
import type { TickRange } from '../shared/profile.js';

/** A seeded source of choices; Alea is seedrandom's fastest generator with a good spread. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  range(range: TickRange): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

export function createRng(seed: string): Rng {
  const next = seedrandom.alea(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    range: ([min, max]) => int(min, max),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => p > 0 && next() < p,
  };
}

/** Each run's seed derives from the base seed and the run's index, never from timing or workers. */
export function runSeed(baseSeed: string, run: number): string {
  return `${baseSeed}/${run}`;
}
