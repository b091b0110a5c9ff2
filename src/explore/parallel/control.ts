/**
 * The block of shared memory a parallel search's workers meet in (the fingerprint table is another,
 * SharedFingerprintSet.ts): a barrier (a count and a
 * generation, Atomics.wait on the generation), an abort flag a failing worker raises, and a row of
 * figures per worker that each writes before a barrier and every worker reads after it, so all
 * take the same decision (go on, stop) from the same numbers without a coordinator's message.
 */
export const STAT = {
  /** States of the next level this worker holds (after rebalancing, for the stop decision: before it). */
  next: 0,
  /** The least violating step it took into a state new at the next level: 1 when it has one, then the state's and its parent's fingerprints. */
  violating: 1,
  violationHigh: 2,
  violationLow: 3,
  violationParentHigh: 4,
  violationParentLow: 5,
  /** A model error or a worker's own failure (1), the shared table filled within a level (2): the search falls back to one thread (see parallelExplore.ts). */
  failed: 6,
  states: 7,
  transitions: 8,
  atBound: 9,
  kernelSteps: 10,
  cachedSteps: 11,
  internedParts: 12,
  sentStates: 13,
  sentBytes: 14,
  /** Worker 0's clock said the --seconds are up (one clock, so every worker takes the same decision). */
  outOfTime: 15,
  siblingRepeats: 16,
  recentHits: 17,
  /** States it inserted into the shared set, and parent keys it lowered there (SharedFingerprintSet.ts). */
  inserts: 18,
  lowered: 19,
  /** Its inserts so far, written every few states within a level, so a worker sees the table filling (levelWorker.ts checkRoom). */
  filling: 20,
} as const;
const STATS = 21;

const COUNT = 0;
const GEN = 1;
const ABORT = 2;
const WORDS = 3;

export class Control {
  readonly words: Int32Array;
  readonly stats: Float64Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly workers: number,
  ) {
    this.words = new Int32Array(buffer, 0, WORDS);
    this.stats = new Float64Array(buffer, 8 * Math.ceil((4 * WORDS) / 8), workers * STATS);
  }

  static create(workers: number): Control {
    return new Control(new SharedArrayBuffer(8 * Math.ceil((4 * WORDS) / 8) + 8 * workers * STATS), workers);
  }

  stat(worker: number, which: number): number {
    return this.stats[worker * STATS + which];
  }

  setStat(worker: number, which: number, value: number): void {
    this.stats[worker * STATS + which] = value;
  }

  /** The sum of a figure over the workers. */
  total(which: number): number {
    let sum = 0;
    for (let w = 0; w < this.workers; w++) sum += this.stat(w, which);
    return sum;
  }

  /** Waits until every worker has arrived; throws when one aborted (its error comes by its port). */
  barrier(): void {
    const w = this.words;
    const gen = Atomics.load(w, GEN);
    if (Atomics.add(w, COUNT, 1) === this.workers - 1) {
      Atomics.store(w, COUNT, 0);
      Atomics.add(w, GEN, 1);
      Atomics.notify(w, GEN);
    } else {
      while (Atomics.load(w, GEN) === gen) {
        if (Atomics.load(w, ABORT) !== 0) throw new AbortedSearch();
        Atomics.wait(w, GEN, gen, 250);
      }
    }
    if (Atomics.load(w, ABORT) !== 0) throw new AbortedSearch();
  }

  get aborted(): boolean {
    return Atomics.load(this.words, ABORT) !== 0;
  }

  abort(): void {
    Atomics.store(this.words, ABORT, 1);
    Atomics.add(this.words, GEN, 1);
    Atomics.notify(this.words, GEN);
  }
}

/** Another worker failed: this one stops too. */
export class AbortedSearch extends Error {
  constructor() {
    super('explore: another worker of the parallel search failed');
  }
}
