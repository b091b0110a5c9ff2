import type { SafetyProperty } from '../../properties/types.js';
import type { NodeSlot, World } from '../shared/world.js';
import { hash64 } from '../world/hash64.js';
import type { ExploreBounds } from './bounds.js';
import type { Choice } from './enabledEvents.js';
import { LevelIndex } from './LevelIndex.js';
import { independent, type Step, StepNamer } from './independence.js';
import type { StateEncoder } from './StateEncoder.js';

/** What the breadth-first search lends the reduction while it expands one state. */
export interface SleepHost<S extends { partition: number }> {
  /** Takes one step through the kernel or the step cache: the successor when it is a new state. */
  step(choice: Choice): S | null;
  /** True once a violation, a model error or a limit ends the search. */
  stopped(): boolean;
  /** Transitions counted so far: a step that made a state (new or not) counts one. */
  transitions(): number;
  /** The last counted transition's successor: its row of part codes (first `length`), the messages a full bag lost, its fingerprint. */
  lastRow(): Int32Array;
  lastLength(): number;
  lastLost(): number;
  fingerprint(): Uint32Array;
  /** The search's code of the partition a step leaves (the parent's, unless it partitions or heals). */
  partitionAfter(choice: Choice, parentPartition: number): number;
  /** Puts a new successor on the next level. */
  push(child: S): void;
}

/** Why the reduction is off for these properties, or null when it may be on. */
export function sleepSetsRefused(safety: readonly SafetyProperty[], dfs: boolean): string | null {
  if (dfs) return 'partial-order reduction needs breadth-first search (sleep sets are kept per level)';
  const other = safety.find((p) => p.memoCommutes !== true);
  return other === undefined ? null : `property ${other.name} does not declare memoCommutes, so steps of different nodes may not commute on its memo`;
}

/**
 * Sleep sets (Godefroid 1996, chapter 5) for the breadth-first search: a step taken from a state
 * before step t, or asleep there, and independent of t (independence.ts), is asleep in t's
 * successor, which skips it: the other order reaches the same state at the same depth. Only
 * transitions are saved, never states: every state the search without it visits is visited, at
 * the same depth (the argument is in the README), so every state property is judged on every
 * state and the first violation is as short. A state reached again on the level being built keeps
 * only the steps asleep on every path (the intersection); reached under another naming of its
 * nodes (symmetry), it sleeps on nothing. Sleep sets live only for the level being expanded and
 * the next, by position in the level.
 */
export class SleepSets {
  /** The root sleeps on nothing. */
  private current: (readonly Step[] | null)[] = [null];
  private next: (readonly Step[] | null)[] = [];
  /**
   * The next level's states that sleep on something, by fingerprint. A path to a state seen on an earlier level is no shortest
   * path, and one to a state on the next that sleeps on nothing changes nothing: neither is looked up.
   */
  private readonly nextIndex = new LevelIndex();
  private nextNaming: number[] = [];
  private at = 0;
  private readonly namer: StepNamer;
  private readonly termOfSlot: number[] = [];
  private scratch = new Int32Array(64);
  private readonly hash = new Uint32Array(2);
  /** Steps skipped as asleep. */
  slept = 0;

  constructor(
    private readonly nodes: number,
    private readonly fixedParts: number,
    private readonly bounds: ExploreBounds,
    private readonly encoder: StateEncoder,
    /** Under symmetry one fingerprint stands for every renaming of a state: the naming tells them apart. */
    private readonly renames: boolean,
  ) {
    this.namer = new StepNamer(nodes);
  }

  /** Called once per state of a level, in order, expanded or not: its sleep set. */
  begin(): readonly Step[] | null {
    return this.current[this.at++] ?? null;
  }

  /** The level is done: the next one becomes the one expanded. */
  advance(): void {
    this.current = this.next;
    this.next = [];
    this.nextIndex.clear();
    this.nextNaming = [];
    this.at = 0;
  }

  /**
   * Expands one state (its world, fault budgets, row of codes, partition code) under its sleep set:
   * every choice not asleep is taken through `host`. Returns false when the search stopped.
   */
  expand<S extends { partition: number }>(world: World, used: number, codes: Int32Array, partition: number, choices: readonly Choice[], asleep: readonly Step[] | null, host: SleepHost<S>): boolean {
    const count = codes.length - this.fixedParts;
    /** Steps taken here whose successor is a state the search expands: they sleep in later siblings. */
    const taken: Step[] = [];
    for (const choice of choices) {
      const step = this.namer.stepOf(choice, world, codes, this.fixedParts);
      if (asleep !== null && asleep.some((s) => s.key === step.key)) {
        this.slept++;
        continue;
      }
      const before = host.transitions();
      const child = host.step(choice);
      if (host.stopped()) return false;
      if (host.transitions() === before) continue; // not a step: pruned, or a restart that changes nothing
      const row = host.lastRow();
      const length = host.lastLength();
      step.delta = length - this.fixedParts + host.lastLost() - count;
      const expands = this.expandable(row, length);
      let sleeps: Step[] | null = null;
      if (expands) {
        sleeps = [];
        if (asleep !== null) for (const s of asleep) if (independent(s, step, world, used, count, this.bounds)) sleeps.push(s);
        for (const s of taken) if (independent(s, step, world, used, count, this.bounds)) sleeps.push(s);
        if (sleeps.length === 0) sleeps = null;
      }
      if (child !== null) {
        this.pushed(sleeps, sleeps === null ? 0 : this.naming(row, length, child.partition), host.fingerprint());
        host.push(child);
      } else if (expands) {
        this.arrived(sleeps, row, length, () => host.partitionAfter(choice, partition), host.fingerprint());
      }
      if (expands) taken.push(step);
    }
    return true;
  }

  private pushed(sleeps: readonly Step[] | null, naming: number, fingerprint: Uint32Array): void {
    const index = this.next.length;
    this.next.push(sleeps);
    this.nextNaming.push(naming);
    // A state that sleeps on nothing stays so: no later path needs to find it.
    if (sleeps !== null) this.nextIndex.set(fingerprint[0], fingerprint[1], index);
  }

  /** A state seen before: when on the level being built, it keeps only what sleeps on this path too. */
  private arrived(sleeps: readonly Step[] | null, row: Int32Array, length: number, partition: () => number, fingerprint: Uint32Array): void {
    const index = this.nextIndex.get(fingerprint[0], fingerprint[1]);
    if (index < 0) return;
    const stored = this.next[index];
    if (stored === null) return;
    if (sleeps === null || this.nextNaming[index] !== this.naming(row, length, partition())) {
      this.next[index] = null;
      return;
    }
    const kept = stored.filter((s) => sleeps.some((t) => t.key === s.key));
    this.next[index] = kept.length === 0 ? null : kept;
  }

  /** Within --max-term and --max-messages (bounds.ts pastBound), read from the codes. */
  private expandable(row: Int32Array, length: number): boolean {
    if (this.bounds.bag === undefined && length - this.fixedParts > this.bounds.maxMessages) return false;
    for (let i = 0; i < this.nodes; i++) if (this.term(row[i]) > this.bounds.maxTerm) return false;
    return true;
  }

  private term(code: number): number {
    let term = this.termOfSlot[code];
    if (term === undefined) {
      const view = (this.encoder.realPart(code) as NodeSlot).view;
      term = view === null ? -Infinity : view.term;
      this.termOfSlot[code] = term;
    }
    return term;
  }

  /**
   * The naming of a state's row: its slots and memos in node order, its messages as a multiset,
   * its partition. Two rows with one fingerprint and one naming are the same state named the
   * same way, so their sleep sets (which name nodes and message codes) may be intersected.
   */
  private naming(row: Int32Array, length: number, partition: number): number {
    // Without symmetry, one fingerprint is one state, named one way.
    if (!this.renames) return 0;
    if (this.scratch.length < length + 1) this.scratch = new Int32Array(2 * (length + 1));
    const s = this.scratch;
    for (let i = 0; i < length; i++) s[i] = row[i];
    s.subarray(this.fixedParts, length).sort();
    s[length] = partition;
    hash64(s, length + 1, this.hash);
    return this.hash[0] * 0x200000 + (this.hash[1] >>> 11);
  }
}
