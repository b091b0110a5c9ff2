import { counterWords, countersOfWords } from './bounds.js';

/** What a breadth-first level keeps of a state besides its part codes. */
export interface PackedState {
  /** Fault budgets used (bounds.ts `counters`). */
  used: number;
  /** Index into the search's table of partitions; -1 when the network is whole. */
  partition: number;
}

const HEADER = 4;

/**
 * One breadth-first level, packed: per state a record [used (two words), partition, message count, part
 * codes...] in one growable Int32Array, and the path link in a parallel array. Holding states as
 * codes instead of worlds keeps the frontier out of the garbage collector's way: a world lives
 * only while its state is expanded, so nearly every object dies young.
 */
export class PackedLevel<Path> {
  private data = new Int32Array(1 << 12);
  private end = 0;
  readonly paths: Path[] = [];

  constructor(private readonly fixedParts: number) {}

  get size(): number {
    return this.paths.length;
  }

  /** `codes`: the fixed parts (slots, memos) then one code per in-flight message. */
  push(state: PackedState, codes: ArrayLike<number>, path: Path): void {
    const length = HEADER + codes.length;
    if (this.end + length > this.data.length) {
      const grown = new Int32Array(Math.max(this.data.length * 2, this.end + length));
      grown.set(this.data.subarray(0, this.end));
      this.data = grown;
    }
    const d = this.data;
    let at = this.end;
    const [low, high] = counterWords(state.used);
    d[at++] = low;
    d[at++] = high;
    d[at++] = state.partition;
    d[at++] = codes.length - this.fixedParts;
    for (let i = 0; i < codes.length; i++) d[at++] = codes[i];
    this.end = at;
    this.paths.push(path);
  }

  /** Calls `visit` for each state in push order; `codes` is a view valid during the call only. */
  forEach(visit: (state: PackedState, codes: Int32Array, path: Path) => boolean | void): void {
    const d = this.data;
    const state: PackedState = { used: 0, partition: -1 };
    for (let at = 0, i = 0; at < this.end; i++) {
      state.used = countersOfWords(d[at], d[at + 1]);
      state.partition = d[at + 2];
      const length = this.fixedParts + d[at + 3];
      at += HEADER;
      if (visit(state, d.subarray(at, at + length), this.paths[i]) === false) return;
      at += length;
    }
  }
}
