/**
 * The one block of shared memory a parallel search's workers meet in: a barrier (a count and a
 * generation, Atomics.wait on the generation), an abort flag a failing worker raises, and a row of
 * figures per worker that each writes before a barrier and every worker reads after it, so all
 * take the same decision (go on, stop) from the same numbers without a coordinator's message.
 */
export const STAT = {
  /** States of the next level this worker owns (after the exchange). */
  next: 0,
  /** The least violating state it owns at the next level: 1 when it has one, then its fingerprint. */
  violating: 1,
  violationHigh: 2,
  violationLow: 3,
  /** A model error or a worker's own failure: the search falls back to one thread (see parallelExplore.ts). */
  failed: 4,
  states: 5,
  transitions: 6,
  atBound: 7,
  kernelSteps: 8,
  cachedSteps: 9,
  internedParts: 10,
  bytes: 11,
  sentStates: 12,
  sentBytes: 13,
  /** Trace-back: the answer of the worker owning the queried state (1, then the parent's fingerprint). */
  answered: 14,
  parentHigh: 15,
  parentLow: 16,
  /** Worker 0's clock said the --seconds are up (one clock, so every worker takes the same decision). */
  outOfTime: 17,
  siblingRepeats: 18,
  recentHits: 19,
} as const;
const STATS = 20;

const COUNT = 0;
const GEN = 1;
const ABORT = 2;
/** Trace-back: the queried fingerprint (Int32 words), and 1 once the trail is whole. */
const QUERY_HIGH = 3;
const QUERY_LOW = 4;
const DONE = 5;
const QUERY_LEVEL = 6;
const WORDS = 7;

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

  abort(): void {
    Atomics.store(this.words, ABORT, 1);
    Atomics.add(this.words, GEN, 1);
    Atomics.notify(this.words, GEN);
  }

  /** Asks for the parent of the state `(high, low)` at `level` events from boot. */
  query(high: number, low: number, level: number): void {
    this.words[QUERY_HIGH] = high | 0;
    this.words[QUERY_LOW] = low | 0;
    this.words[QUERY_LEVEL] = level;
  }

  queried(): [number, number, number] {
    return [this.words[QUERY_HIGH] >>> 0, this.words[QUERY_LOW] >>> 0, this.words[QUERY_LEVEL]];
  }

  get done(): boolean {
    return this.words[DONE] === 1;
  }

  set done(value: boolean) {
    this.words[DONE] = value ? 1 : 0;
  }
}

/** Another worker failed: this one stops too. */
export class AbortedSearch extends Error {
  constructor() {
    super('explore: another worker of the parallel search failed');
  }
}
