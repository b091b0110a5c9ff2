import { countersOfWords } from '../bounds.js';
import { LevelIndex } from '../LevelIndex.js';
import { HEADER, PackedLevel } from '../PackedLevel.js';
import type { PathLink } from '../paths.js';

/** A level's states by fingerprint with their parents, sorted: how a worker finds a parent after the search (binary search). */
export interface LevelLog {
  fps: Uint32Array;
  parents: Uint32Array;
}

/**
 * The states a worker owns at the level being made, each with its fingerprint and the least parent
 * that reached it (a later arrival at the same level may bring a lesser one: `offerParent`). The
 * level is expanded in fingerprint order (`sorted`), so the first parent a worker meets a
 * successor from is its least parent among that worker's states, whatever the number of workers.
 */
export class NextLevel {
  private readonly states: PackedLevel<PathLink | null>;
  private fps = new Uint32Array(1 << 10);
  private parents = new Uint32Array(1 << 10);
  private offsets = new Int32Array(1 << 9);
  private readonly index = new LevelIndex();

  constructor(private readonly fixedParts: number) {
    this.states = new PackedLevel(fixedParts);
  }

  get size(): number {
    return this.states.size;
  }

  add(high: number, low: number, parentHigh: number, parentLow: number, used: number, partition: number, codes: ArrayLike<number>, row: number): void {
    const i = this.states.size;
    if (i === this.offsets.length) {
      this.offsets = grow(this.offsets);
      this.fps = grow(this.fps);
      this.parents = grow(this.parents);
    }
    this.offsets[i] = this.states.end;
    this.fps[2 * i] = high;
    this.fps[2 * i + 1] = low;
    this.parents[2 * i] = parentHigh;
    this.parents[2 * i + 1] = parentLow;
    this.index.set(high >>> 0, low >>> 0, i);
    this.states.push({ used, partition }, codes, null, row);
  }

  /** The position of a state new at this level, -1 for any other. */
  position(high: number, low: number): number {
    return this.index.get(high >>> 0, low >>> 0);
  }

  offerParent(i: number, high: number, low: number): void {
    if (lessThan(high >>> 0, low >>> 0, this.parents[2 * i], this.parents[2 * i + 1])) {
      this.parents[2 * i] = high;
      this.parents[2 * i + 1] = low;
    }
  }

  /** The level in fingerprint order: the frontier to expand, and its log. */
  sorted(): { frontier: PackedLevel<PathLink | null>; log: LevelLog } {
    const n = this.states.size;
    const keys = new ArrayBuffer(8 * n);
    const words = new Uint32Array(keys);
    // Little-endian 64-bit keys (low word first): a native numeric sort orders them as lessThan does.
    for (let i = 0; i < n; i++) {
      words[2 * i] = this.fps[2 * i + 1];
      words[2 * i + 1] = this.fps[2 * i];
    }
    new BigUint64Array(keys).sort();
    const frontier = new PackedLevel<PathLink | null>(this.fixedParts);
    const log: LevelLog = { fps: new Uint32Array(2 * n), parents: new Uint32Array(2 * n) };
    const d = this.states.data;
    for (let k = 0; k < n; k++) {
      const high = words[2 * k + 1];
      const low = words[2 * k];
      const i = this.index.get(high, low);
      const at = this.offsets[i];
      const length = this.fixedParts + d[at + 4];
      const used = countersOfWords(d[at], d[at + 1]);
      const out = frontier.open(used, d[at + 2], d[at + 3], length, null);
      frontier.data.set(d.subarray(at + HEADER, at + HEADER + length), out);
      log.fps[2 * k] = high;
      log.fps[2 * k + 1] = low;
      log.parents[2 * k] = this.parents[2 * i];
      log.parents[2 * k + 1] = this.parents[2 * i + 1];
    }
    return { frontier, log };
  }
}

/** The parent of `(high, low)` in a level's log, or null. */
export function parentInLog(log: LevelLog, high: number, low: number): [number, number] | null {
  let lo = 0;
  let hi = log.fps.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const h = log.fps[2 * mid];
    const l = log.fps[2 * mid + 1];
    if (h === high && l === low) return [log.parents[2 * mid], log.parents[2 * mid + 1]];
    if (lessThan(h, l, high, low)) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

function grow<T extends Int32Array | Uint32Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(2 * a.length);
  b.set(a);
  return b;
}

/** (ah, al) < (bh, bl) as unsigned 64-bit numbers: the order levels are expanded in and parents chosen by. */
export function lessThan(ah: number, al: number, bh: number, bl: number): boolean {
  return ah < bh || (ah === bh && al < bl);
}
