import { counterHighWord, countersOfWords } from './bounds.js';

/** What a breadth-first level keeps of a state besides its part codes. */
export interface PackedState {
  /** Fault budgets used (bounds.ts `counters`). */
  used: number;
  /** Index into the search's table of partitions; -1 when the network is whole. */
  partition: number;
}

/** Words before a state's codes: used (low, high), partition, fixed row, message count. */
export const HEADER = 5;

/**
 * One breadth-first level, packed: per state a record [used (two words: the pauses spent sit above 32 bits), partition, fixed row, message count,
 * part codes...] (the fixed row: the StepCache's number for its slots and memos, -1 without one) in one growable Int32Array, and the path link in a parallel array. Holding states as
 * codes instead of worlds keeps the frontier out of the garbage collector's way: a world lives
 * only while its state is expanded, so nearly every object dies young.
 */
export class PackedLevel<Path> {
  private data_ = new Int32Array(1 << 12);
  private end_ = 0;
  private lastOpened = 0;
  private count = 0;
  /** By state, in push order; empty when the level keeps no paths (the packed search keeps them in a PathTree). */
  readonly paths: Path[] = [];

  constructor(
    private readonly fixedParts: number,
    private readonly keepsPaths = true,
  ) {}

  get size(): number {
    return this.count;
  }

  /** `codes`: the fixed parts (slots, memos) then one code per in-flight message. */
  push(state: PackedState, codes: ArrayLike<number>, path: Path, row = -1): void {
    const from = this.open(state.used, state.partition, row, codes.length, path);
    const d = this.data_;
    for (let i = 0; i < codes.length; i++) d[from + i] = codes[i];
  }

  /**
   * Makes room for a state of `length` part codes and returns where its codes start in `data`:
   * the caller writes them there (how the search writes a successor without a row of its own).
   */
  open(used: number, partition: number, row: number, length: number, path: Path): number {
    const total = HEADER + length;
    if (this.end_ + total > this.data_.length) {
      const grown = new Int32Array(Math.max(this.data_.length * 2, this.end_ + total));
      grown.set(this.data_.subarray(0, this.end_));
      this.data_ = grown;
    }
    const d = this.data_;
    const at = this.end_;
    this.lastOpened = at;
    // Not counterWords: its pair would be the one object made per state.
    d[at] = used | 0;
    d[at + 1] = counterHighWord(used);
    d[at + 2] = partition;
    d[at + 3] = row;
    d[at + 4] = length - this.fixedParts;
    this.end_ = at + total;
    this.count++;
    if (this.keepsPaths) this.paths.push(path);
    return at + HEADER;
  }

  /** Empties the level and keeps its buffer, so the search can write the level after next into it rather than grow a new one. */
  reset(): void {
    this.end_ = 0;
    this.count = 0;
    this.paths.length = 0;
  }

  /** Keeps the first `count` states: a parallel worker hands the others to another worker (parallel/rebalance.ts). */
  truncate(count: number): void {
    let at = 0;
    for (let i = 0; i < count; i++) at += HEADER + this.fixedParts + this.data_[at + 4];
    this.end_ = at;
    this.count = count;
    if (this.keepsPaths) this.paths.length = count;
  }

  /** Takes back the state `open` last made room for. */
  unpush(): void {
    this.count--;
    if (this.keepsPaths) this.paths.pop();
    this.end_ = this.lastOpened;
  }

  /** The records, for a reader that walks them itself: [used low, used high, partition, row, message count, codes...] from 0 to `end`. */
  get data(): Int32Array {
    return this.data_;
  }

  get end(): number {
    return this.end_;
  }

  /** Calls `visit` for each state in push order; `codes` is a view valid during the call only. */
  forEach(visit: (state: PackedState, codes: Int32Array, path: Path, row: number) => boolean | void): void {
    const d = this.data_;
    const state: PackedState = { used: 0, partition: -1 };
    for (let at = 0, i = 0; at < this.end_; i++) {
      state.used = countersOfWords(d[at], d[at + 1]);
      state.partition = d[at + 2];
      const row = d[at + 3];
      const length = this.fixedParts + d[at + 4];
      at += HEADER;
      if (visit(state, d.subarray(at, at + length), this.paths[i], row) === false) return;
      at += length;
    }
  }
}
