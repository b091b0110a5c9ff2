import type { Violation } from '../../judge/monitor.js';
import { countersOfWords } from '../bounds.js';
import { CachedSearch } from '../cachedSearch.js';
import type { Choice } from '../enabledEvents.js';
import type { ExploreOptions } from '../exploreOptions.js';
import { HEADER, PackedLevel } from '../PackedLevel.js';
import { PackedChoices } from '../packedChoices.js';
import type { PathLink } from '../paths.js';
import type { SearchNode } from '../searchCore.js';
import { SharedFingerprintSet } from '../SharedFingerprintSet.js';
import type { Control } from './control.js';
import { STAT } from './control.js';
import type { Batch } from './exchange.js';
import { Inbox, Outbox, RECORD_HEADER } from './exchange.js';
import { lessPair } from './parentChain.js';

/** One part of a worker's frontier: a packed level and its states' fingerprints (pairs), in the same order. */
interface FrontierPart {
  level: PackedLevel<PathLink | null>;
  fps: Uint32Array;
}

/** States expanded between two looks at how full the shared table is. */
const CHECK_EVERY = 64;
/** A table fuller than this within a level (the level barrier grows it before: tableGrowth.ts) ends the parallel search. */
export const OVERFULL = 0.92;

/**
 * One worker of a parallel breadth-first search (parallelExplore.ts): it expands its frontier one
 * level at a time with the packed loop and the step cache of a one-thread search (CachedSearch),
 * into ONE fingerprint set shared by every worker (SharedFingerprintSet): a successor it inserts
 * first is its own, on its next level; no state travels but the few that even out the workers'
 * levels (rebalance.ts). A violation does not stop it mid-level: the level ends, and the least
 * violating step over all workers is the one reported (parallelExplore.ts).
 */
export class LevelWorker extends CachedSearch {
  protected override readonly seen: SharedFingerprintSet;
  private frontier: FrontierPart[] = [];
  private part: FrontierPart | null = null;
  private next: PackedLevel<PathLink | null>;
  private spare: PackedLevel<PathLink | null> | null = null;
  private received: { level: PackedLevel<PathLink | null>; fps: number[] } | null = null;
  private readonly outboxes: (Outbox | null)[] = [];
  private readonly inboxes: (Inbox | null)[] = [];
  private parentHigh = 0;
  private parentLow = 0;
  /** Violating steps into states new at the next level: (state high, low, parent high, low) quadruples. */
  private violating: number[] = [];
  private sinceCheck = 0;
  private control: Control | null = null;
  /** Why this worker stopped (a model error, or an error of its own): the search then runs on one thread. */
  failure: string | null = null;

  constructor(
    options: ExploreOptions,
    readonly me: number,
    readonly workers: number,
    table: SharedArrayBuffer,
    keyShift = 0,
  ) {
    super(options);
    this.seen = new SharedFingerprintSet(table, keyShift);
    this.next = new PackedLevel(this.messagesAt, false);
    for (let w = 0; w < workers; w++) {
      this.outboxes.push(w === me ? null : new Outbox(this.encoder));
      this.inboxes.push(w === me ? null : new Inbox(this.encoder));
    }
  }

  get set(): SharedFingerprintSet {
    return this.seen;
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

  /** The initial state, inserted by worker 0 onto its frontier; its fingerprint and whether boot already breaks a property or lies past a bound. */
  boot(control: Control): { violation: Violation | null; pastBound: string | null; fp: Uint32Array } {
    this.control = control;
    const { world, state: monitor } = this.cursor;
    const fp = new Uint32Array(2);
    this.encoder.fingerprint(world, monitor.memos, 0, fp);
    const codes = this.encoder.lastPartCodes();
    if (this.me === 0) {
      this.seen.level = 0;
      this.seen.add(fp[0], fp[1]);
      this.next.push({ used: 0, partition: -1 }, codes, null, this.cache!.rowOf(codes));
    }
    this.advance();
    return { violation: monitor.violation, pastBound: this.pastBound(world), fp };
  }

  /** Expands this worker's frontier (states at `depth`); what it inserts first is its next level. */
  expand(depth: number): void {
    this.seen.level = depth + 1;
    try {
      for (const part of this.frontier) {
        this.part = part;
        this.expandLevelCached(part.level, this.next, depth);
        if (this.stopped()) break;
      }
    } catch (error) {
      this.failure = `a worker failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
    if (this.modelError !== null) this.failure = 'a model error (its trace is found on one thread)';
  }

  protected override expanding(index: number): void {
    const fps = this.part!.fps;
    this.parentHigh = fps[2 * index];
    this.parentLow = fps[2 * index + 1];
    this.seen.parentKey = this.seen.keyOf(this.parentHigh);
    if (++this.sinceCheck === CHECK_EVERY) this.checkRoom();
  }

  /** Every few states: publishes this worker's inserts and stops the search when the table is nearly full (another worker can have filled it). */
  private checkRoom(): void {
    this.sinceCheck = 0;
    const control = this.control!;
    control.setStat(this.me, STAT.filling, this.seen.inserts);
    if (control.total(STAT.filling) + 1 > OVERFULL * this.seen.capacity) this.failure = 'the shared fingerprint table filled within a level';
  }

  protected override stopped(): boolean {
    return this.failure !== null || super.stopped();
  }

  /** A step through the kernel: one that breaks a property into a state new at the next level is noted, whoever inserted that state. */
  protected override visit(parent: SearchNode, choice: Choice, depth: number, key = -1): SearchNode | null {
    this.seen.lastNewHere = false;
    const child = super.visit(parent, choice, depth, key);
    if (this.seen.lastNewHere && this.cursor.state.violation !== null) this.violating.push(this.fingerprint[0], this.fingerprint[1], this.parentHigh, this.parentLow);
    return child;
  }

  /** A worker's frontier is not a PathTree level and its trail comes from the table's parent keys (parentChain.ts): it keeps no tree. */
  protected override pathOfState(): PathLink | null {
    return null;
  }

  protected override notePath(): void {}

  /** Noted by `visit`; the state stays on the next level and the level goes on. */
  protected override foundViolation(_path: PathLink, _violation: Violation, _depth: number): boolean {
    return false;
  }

  /** Limits are judged between levels, on every worker's figures (levels.ts). */
  protected override counted(): void {}

  /** The least violating step this level (state, then parent), or null. */
  leastViolating(): [number, number, number, number] | null {
    let best: [number, number, number, number] | null = null;
    const v = this.violating;
    for (let i = 0; i < v.length; i += 4) {
      const step: [number, number, number, number] = [v[i] >>> 0, v[i + 1] >>> 0, v[i + 2] >>> 0, v[i + 3] >>> 0];
      if (best === null || lessPair(step[0], step[1], best[0], best[1]) || (step[0] === best[0] && step[1] === best[1] && lessPair(step[2], step[3], best[2], best[3]))) best = step;
    }
    return best;
  }

  get nextSize(): number {
    return this.next.size;
  }

  /** The last `count` states of the next level, for worker `to` (rebalance.ts); they leave this worker's level. */
  batchOfLast(count: number, to: number): Batch {
    const keep = this.next.size - count;
    const d = this.next.data;
    const won = this.seen.won;
    const box = this.outboxes[to]!;
    let at = 0;
    for (let i = 0; i < keep; i++) at += HEADER + this.messagesAt + d[at + 4];
    for (let k = keep; k < this.next.size; k++) {
      const length = this.messagesAt + d[at + 4];
      box.add(d, at + HEADER, length, won[2 * k], won[2 * k + 1], d[at], d[at + 1], d[at + 2], d[at + 3]);
      at += HEADER + length;
    }
    this.next.truncate(keep);
    this.seen.wonCount = keep;
    return box.take(this.partitions);
  }

  /** Adds the states of a batch from worker `from` to this worker's next level. */
  receive(from: number, batch: Batch): void {
    const inbox = this.inboxes[from]!;
    inbox.adoptParts(batch);
    const partitionOf = batch.partitions.map((groups) => this.partitionCode(groups));
    this.received ??= { level: new PackedLevel(this.messagesAt, false), fps: [] };
    const r = batch.records;
    for (let at = 0; at < r.length; ) {
      const length = r[at + 5];
      const from = at + RECORD_HEADER;
      const codes = inbox.translate(r, from, length);
      const partition = r[at + 4] < 0 ? -1 : partitionOf[r[at + 4]];
      this.received.level.push({ used: countersOfWords(r[at + 2], r[at + 3]), partition }, codes, null, inbox.rowOf(r[at + 6], codes, this.cache!));
      this.received.fps.push(r[at], r[at + 1]);
      at = from + length;
    }
  }

  /** The next level (what this worker inserted and kept, and what it received) becomes its frontier. */
  advance(): void {
    const old = this.frontier[0]?.level;
    this.frontier = [{ level: this.next, fps: this.seen.won.slice(0, 2 * this.seen.wonCount) }];
    if (this.received !== null) this.frontier.push({ level: this.received.level, fps: Uint32Array.from(this.received.fps) });
    this.received = null;
    this.seen.clearWon();
    this.violating = [];
    this.next = this.spare ?? new PackedLevel(this.messagesAt, false);
    this.next.reset();
    this.spare = old ?? null;
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
      sentStates: sent.states,
      sentBytes: sent.bytes,
      inserts: this.seen.inserts,
      lowered: this.seen.lowered,
    };
  }
}
