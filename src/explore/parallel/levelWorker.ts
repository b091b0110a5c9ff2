import type { Violation } from '../../judge/monitor.js';
import { countersOfWords } from '../bounds.js';
import { CachedSearch } from '../cachedSearch.js';
import type { ExploreOptions } from '../exploreOptions.js';
import { FingerprintSet } from '../FingerprintSet.js';
import { HEADER, PackedLevel } from '../PackedLevel.js';
import { PackedChoices } from '../packedChoices.js';
import type { PathLink } from '../paths.js';
import type { Batch } from './exchange.js';
import { Inbox, Outbox, RECORD_HEADER } from './exchange.js';
import { type LevelLog, lessThan, NextLevel, parentInLog } from './nextLevel.js';

/** The worker that owns a state: by its fingerprint's low half, the same whatever expanded it. */
export function ownerOf(low: number, workers: number): number {
  return (low >>> 0) % workers;
}

/**
 * The search's set of seen states as one worker sees it: the states it owns, and the states of
 * others it has reached (and so sent once to their owner), two fingerprint sets of a one-thread
 * search's kind; a new state's fingerprint and first parent are noted in the order the packed
 * loop (cachedSearch.ts) and `visit` push it (each new state is pushed exactly once).
 */
class RoutedSet extends FingerprintSet {
  readonly owned = new FingerprintSet();
  readonly foreign = new FingerprintSet();
  parentHigh = 0;
  parentLow = 0;
  made = new Uint32Array(1 << 10);
  madeParents = new Uint32Array(1 << 10);
  madeCount = 0;

  constructor(
    private readonly me: number,
    private readonly workers: number,
  ) {
    super(16);
  }

  override add(high: number, low: number): boolean {
    const mine = ownerOf(low, this.workers) === this.me;
    if (!(mine ? this.owned : this.foreign).add(high, low)) return false;
    if (mine) this.size++;
    this.made = pushPair(this.made, this.madeCount, high, low);
    this.madeParents = pushPair(this.madeParents, this.madeCount++, this.parentHigh, this.parentLow);
    return true;
  }

  override get bytes(): number {
    return this.owned.bytes + this.foreign.bytes;
  }
}

/**
 * One worker of a parallel breadth-first search (parallelExplore.ts): it expands the states it
 * owns one level at a time with the packed loop and the step cache of a one-thread search
 * (CachedSearch), keeps the successors it owns, and sends the others to their owners (Outbox);
 * what it receives it adds to its own next level when new (Inbox). A violation does not stop it
 * mid-level: the level ends, and the least violating state over all workers is the one reported.
 */
export class LevelWorker extends CachedSearch {
  protected override readonly seen: RoutedSet;
  private frontier: PackedLevel<PathLink | null>;
  private frontierFp: Uint32Array = new Uint32Array(1 << 10);
  private next: NextLevel;
  /** Per level, the states this worker owns with their parents (for the trail, levels.ts traceBack). */
  private readonly logs: LevelLog[] = [];
  private readonly outboxes: (Outbox | null)[] = [];
  private readonly inboxes: (Inbox | null)[] = [];
  /** Violating successors met while expanding (pairs of fingerprint halves), sorted out by owner at the level's end. */
  private met: number[] = [];
  /** Violating states this worker owns at the next level, validated. */
  private readonly violating: number[] = [];
  private readonly fp = new Uint32Array(2);
  private readonly parent = new Uint32Array(2);
  /** Why this worker stopped (a model error, or an error of its own): the search then runs on one thread. */
  failure: string | null = null;

  constructor(
    options: ExploreOptions,
    readonly me: number,
    readonly workers: number,
  ) {
    super(options);
    this.seen = new RoutedSet(me, workers);
    this.frontier = new PackedLevel(this.messagesAt);
    this.next = new NextLevel(this.messagesAt);
    for (let w = 0; w < workers; w++) {
      this.outboxes.push(w === me ? null : new Outbox(this.encoder));
      this.inboxes.push(w === me ? null : new Inbox(this.encoder));
    }
  }

  /** What a result says of the search's setup. */
  get notes() {
    return { symmetry: this.symmetryNote, por: this.porNote, properties: this.safety.map((p) => p.name) };
  }

  /** Why this search cannot run on several workers, or null when it can. */
  refusal(): string | null {
    if (this.options.dfs === true) return 'depth first';
    if (this.sleepSets !== null) return 'partial-order reduction (--por)';
    if (this.symmetryNote === null) return 'symmetry reduction is on (its canonical rows depend on the order parts were interned in; --no-symmetry lifts this)';
    if (this.cache === null) return 'a property reads more than node slots, so there is no step cache';
    if (!PackedChoices.covers(this.bounds, this.splits)) return 'pauses are in play (the packed loop does not list them)';
    return null;
  }

  /** The initial state, on its owner's frontier; its fingerprint and whether boot already breaks a property or lies past a bound. */
  boot(): { violation: Violation | null; pastBound: string | null; fp: Uint32Array } {
    const { world, state: monitor } = this.cursor;
    this.encoder.fingerprint(world, monitor.memos, 0, this.fp);
    const codes = this.encoder.lastPartCodes();
    const fp = this.fp.slice();
    if (ownerOf(fp[1], this.workers) === this.me) {
      this.seen.owned.add(fp[0], fp[1]);
      this.seen.size = 1;
      this.next.add(fp[0], fp[1], 0, 0, 0, -1, codes, this.cache!.rowOf(codes));
    }
    // Every worker logs level 0, the root's owner with the root in it: logs are indexed by level.
    this.advance();
    return { violation: monitor.violation, pastBound: this.pastBound(world), fp };
  }

  /** Expands this worker's states at `depth`; their successors it owns stay, the others wait in the outboxes. */
  expand(depth: number): void {
    this.seen.madeCount = 0;
    const made = new PackedLevel<PathLink | null>(this.messagesAt);
    try {
      this.expandLevelCached(this.frontier, made, depth);
    } catch (error) {
      this.failure = `a worker failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
    if (this.modelError !== null) this.failure = 'a model error (its trace is found on one thread)';
    if (this.failure !== null) return;
    this.sortOut(made);
  }

  protected override expanding(index: number): void {
    this.seen.parentHigh = this.frontierFp[2 * index];
    this.seen.parentLow = this.frontierFp[2 * index + 1];
  }

  /** A worker's frontier is not a PathTree level and its trail comes from the level logs (levels.ts traceBack): it keeps no tree. */
  protected override pathOfState(): PathLink | null {
    return null;
  }

  protected override notePath(): void {}

  protected override foundViolation(_path: PathLink, _violation: Violation, _depth: number): boolean {
    this.met.push(this.fingerprint[0], this.fingerprint[1]);
    return false;
  }

  /** Limits are judged between levels, on every worker's figures (parallelExplore.ts). */
  protected override counted(): void {}

  /** Successors made this level: those this worker owns go to its next level, the others to their owners' outboxes. */
  private sortOut(made: PackedLevel<PathLink | null>): void {
    const d = made.data;
    const fixed = this.messagesAt;
    const { made: fps, madeParents: parents, madeCount } = this.seen;
    if (madeCount !== made.size) throw new Error(`explore: ${made.size} states made but ${madeCount} fingerprints noted`);
    for (let at = 0, k = 0; at < made.end; k++) {
      const count = d[at + 4];
      const partition = d[at + 2];
      const from = at + HEADER;
      const length = fixed + count;
      const owner = ownerOf(fps[2 * k + 1], this.workers);
      if (owner === this.me) {
        this.next.add(fps[2 * k], fps[2 * k + 1], parents[2 * k], parents[2 * k + 1], countersOfWords(d[at], d[at + 1]), partition, d.subarray(from, from + length), d[at + 3]);
      } else {
        this.fp[0] = fps[2 * k];
        this.fp[1] = fps[2 * k + 1];
        this.parent[0] = parents[2 * k];
        this.parent[1] = parents[2 * k + 1];
        this.outboxes[owner]!.add(d, from, length, this.fp, this.parent, d[at], d[at + 1], partition, d[at + 3]);
      }
      at = from + length;
    }
    for (let i = 0; i < this.met.length; i += 2) {
      const owner = ownerOf(this.met[i + 1], this.workers);
      this.fp[0] = this.met[i];
      this.fp[1] = this.met[i + 1];
      if (owner === this.me) this.violating.push(this.met[i], this.met[i + 1]);
      else this.outboxes[owner]!.markViolating(this.fp);
    }
    this.met = [];
  }

  /** This level's batch for worker `to`. */
  batchFor(to: number): Batch {
    return this.outboxes[to]!.take(this.partitions);
  }

  /** Adds the new states of a batch from worker `from` to this worker's next level; a state already new there may get a lesser parent. */
  receive(from: number, batch: Batch): void {
    const inbox = this.inboxes[from]!;
    inbox.adoptParts(batch);
    const partitionOf = batch.partitions.map((groups) => this.partitionCode(groups));
    const r = batch.records;
    const owned = this.seen.owned;
    for (let at = 0; at < r.length; ) {
      const length = r[at + 7];
      const from = at + RECORD_HEADER;
      if (owned.add(r[at], r[at + 1])) {
        this.seen.size++;
        const codes = inbox.translate(r, from, length);
        const partition = r[at + 6] < 0 ? -1 : partitionOf[r[at + 6]];
        this.next.add(r[at], r[at + 1], r[at + 2], r[at + 3], countersOfWords(r[at + 4], r[at + 5]), partition, codes, inbox.rowOf(r[at + 8], codes, this.cache!));
      } else {
        const i = this.next.position(r[at], r[at + 1]);
        if (i >= 0) this.next.offerParent(i, r[at + 2], r[at + 3]);
      }
      at = from + length;
    }
    for (let i = 0; i < batch.violating.length; i += 2) {
      // A state the sender had not seen may be one its owner stored at an earlier level: only a state new at this level counts.
      if (this.next.position(batch.violating[i], batch.violating[i + 1]) >= 0) this.violating.push(batch.violating[i], batch.violating[i + 1]);
    }
  }

  /** The next level, in fingerprint order, becomes the frontier; its parents go to the log. */
  advance(): void {
    const { frontier, log } = this.next.sorted();
    this.frontier = frontier;
    this.frontierFp = log.fps;
    this.logs.push(log);
    this.next = new NextLevel(this.messagesAt);
  }

  /** The least violating state this worker owns at the next level, or null. */
  leastViolating(): [number, number] | null {
    let best: [number, number] | null = null;
    for (let i = 0; i < this.violating.length; i += 2) {
      const h = this.violating[i] >>> 0;
      const l = this.violating[i + 1] >>> 0;
      if (best === null || lessThan(h, l, best[0], best[1])) best = [h, l];
    }
    return best;
  }

  get nextSize(): number {
    return this.next.size;
  }

  /** The parent of a state this worker owns at `level`. */
  parentOf(high: number, low: number, level: number): [number, number] | null {
    const log = this.logs[level];
    return log === undefined ? null : parentInLog(log, high >>> 0, low >>> 0);
  }

  /** The figures a result adds up over workers. */
  figures() {
    const sent = this.outboxes.reduce((sum, box) => ({ states: sum.states + (box?.states ?? 0), bytes: sum.bytes + (box?.bytes ?? 0) }), { states: 0, bytes: 0 });
    return {
      states: this.seen.size,
      transitions: this.transitions,
      atBound: this.atBound,
      kernelSteps: this.kernelSteps,
      siblingRepeats: this.siblingRepeats,
      recentHits: this.seen.recentHits,
      cachedSteps: this.cache?.size ?? 0,
      internedParts: this.encoder.internedParts,
      bytes: this.seen.bytes,
      sentStates: sent.states,
      sentBytes: sent.bytes,
    };
  }
}

/** Writes pair `index` into a growable array of fingerprint halves. */
function pushPair(array: Uint32Array<ArrayBuffer>, index: number, high: number, low: number): Uint32Array<ArrayBuffer> {
  let a = array;
  if (2 * index + 2 > a.length) {
    a = new Uint32Array(Math.max(2 * a.length, 2 * index + 2));
    a.set(array);
  }
  a[2 * index] = high;
  a[2 * index + 1] = low;
  return a;
}
