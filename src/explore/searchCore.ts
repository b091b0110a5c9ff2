import { propertiesNamed, searchedAs } from '../../properties/index.js';
import type { SafetyProperty } from '../../properties/types.js';
import { Monitor, type MonitorState, type Violation } from '../judge/monitor.js';
import type { InFlight, System, World, WorldEvent } from '../shared/world.js';
import { createSystem } from '../world/world.js';
import { Execution } from '../kernel/execution.js';
import { RunModelError } from '../kernel/runModelError.js';
import type { ExploreOptions, ExploreResult } from './exploreOptions.js';
import { counterexampleFromBoot, dataFaultFromBoot, modelErrorFromBoot, type PathLink, SEARCH_PLAIN_DATA_CHECKED_EVENTS } from './paths.js';
import { type ExploreBounds, pastBound, termPast } from './bounds.js';
import type { PartitionEvent } from '../world/enabled.js';
import { type Choice, twoWaySplits } from './enabledEvents.js';
import { FingerprintSet } from './FingerprintSet.js';
import type { PackedState } from './PackedLevel.js';
import { StateEncoder } from './StateEncoder.js';
import { StepCache } from './StepCache.js';
import { worldOfCodes } from './worldOfCodes.js';
import { chooseSymmetry } from './symmetryHooks.js';
import { SleepSets, sleepSetsRefused } from './sleepSets.js';

/** A successor as a breadth-first level keeps it. */
export interface Successor extends PackedState {
  path: PathLink | null;
  /** Interned codes of its parts, so successors re-intern only what changed. */
  codes: Int32Array;
}

/** A state being expanded: its world (never renamed) and what the search knows of it. */
export interface SearchNode extends Successor {
  world: World;
  monitor: MonitorState;
}

export const PROGRESS_EVERY = 1 << 14;

/**
 * What a search knows and one step through the kernel (visit): Execution applies the step's
 * events and the monitor judges them; the successor is fingerprinted and counted. The loops that
 * call it are explore.ts's.
 */
export class SearchCore {
  protected readonly system: System;
  protected readonly monitor: Monitor;
  /** The one cursor visit moves from parent to successor. */
  protected readonly cursor: Execution;
  protected readonly safety: SafetyProperty[];
  protected readonly encoder: StateEncoder;
  protected readonly seen = new FingerprintSet();
  protected readonly fingerprint = new Uint32Array(2);
  protected readonly splits: PartitionEvent[];
  protected readonly partitions: NonNullable<World['partition']>[] = [];
  protected readonly partitionCodes = new Map<string, number>();
  protected readonly bounds: ExploreBounds;
  /** Where the in-flight messages' codes start in a state's row of part codes. */
  protected readonly messagesAt: number;
  /** Steps replayed on codes; null when a property reads more than node slots, or depth first. */
  protected readonly cache: StepCache | null;
  /** The fixed row (StepCache number) of the state being expanded, under which `visit` learns its steps (key >= 0). */
  protected currentRow = -1;
  protected readonly codeOf = (m: InFlight): number => this.encoder.messageCode(m);
  protected readonly rebuild: (state: PackedState, codes: Int32Array, path: PathLink | null) => SearchNode;
  protected readonly symmetryNote: string | null;
  protected readonly maxStates: number;
  protected readonly deadline: number;
  protected readonly started = performance.now();
  protected transitions = 0;
  /** Steps that went through the model (visit), as opposed to replayed from the step cache. */
  protected kernelSteps = 0;
  protected depth = 0;
  protected atBound = 0;
  protected bootPastBound: string | null = null;
  /** Depth-first under --max-depth: the fewest events from boot each state was reached in (see reachedShallower). */
  protected readonly shallowest: Map<string, number> | null;
  protected stoppedBy: ExploreResult['stoppedBy'] = null;
  protected violation: ExploreResult['violation'] = null;
  protected modelError: ExploreResult['modelError'] = null;
  /** Partial-order reduction (sleepSets.ts), null when off; why it is off when it was asked for. */
  protected readonly sleepSets: SleepSets | null;
  protected readonly porNote: string | null;
  /** The last counted transition's successor, for the reduction: its row of codes and the messages a full bag lost. */
  protected lastRow: Int32Array = new Int32Array(0);
  protected lastLength = 0;
  protected lastLost = 0;

  constructor(protected readonly options: ExploreOptions) {
    this.system = createSystem(options.protocol, options.nodes, options.config);
    this.safety = propertiesNamed([...options.properties]).filter((p): p is SafetyProperty => p.kind === 'safety').map(searchedAs);
    this.monitor = new Monitor(this.safety);
    this.cursor = Execution.boot(this.system, this.monitor, null, SEARCH_PLAIN_DATA_CHECKED_EVENTS);
    const symmetry = chooseSymmetry(options.protocol, this.safety, options.symmetry, options.nodes);
    this.symmetryNote = symmetry.reason;
    this.encoder = new StateEncoder(options.nodes, this.safety.length, symmetry.hooks);
    this.splits = twoWaySplits(options.nodes);
    this.bounds = options.bounds;
    this.messagesAt = options.nodes + this.safety.length;
    this.maxStates = options.maxStates ?? Infinity;
    this.deadline = this.started + (options.seconds ?? Infinity) * 1000;
    this.shallowest = options.dfs && Number.isFinite(this.bounds.maxDepth) ? new Map() : null;
    const cacheable = options.stepCache !== false && options.dfs !== true && this.safety.every((p) => p.readsNodesOnly === true);
    this.porNote = options.por === true ? sleepSetsRefused(this.safety, options.dfs === true) : null;
    this.sleepSets = options.por === true && this.porNote === null ? new SleepSets(options.nodes, this.messagesAt, this.bounds, this.encoder, symmetry.hooks !== null) : null;
    // The packed search replays learnt steps without `visit`, where the sleep sets see each step: under --por every step goes through the kernel.
    this.cache = cacheable && this.sleepSets === null ? new StepCache(this.messagesAt, this.encoder.hashes, this.bounds.bag) : null;
    const world = worldOfCodes(this.encoder, options.nodes, this.safety.length, this.partitions);
    this.rebuild = (state, codes, path) => {
      const { world: w, monitor } = world(state.partition, codes);
      return { world: w, monitor, used: state.used, partition: state.partition, path, codes };
    };
  }

  /**
   * Takes one step (its events, then the loss of what overflows a bag); returns the successor when
   * it is a new state, null when seen before or not a step at all. Its `codes` are the encoder's
   * scratch view, valid until the next fingerprint.
   */
  protected visit(parent: SearchNode, choice: Choice, depth: number, key = -1): SearchNode | null {
    const exec = this.cursor;
    this.kernelSteps++;
    let afterEvents = parent.world;
    exec.resume(parent.world, parent.monitor, depth - 1);
    let path = parent.path;
    try {
      for (const event of choice.events) {
        path = { parent: path, event, message: this.messageActedOn(parent, event) };
        exec.apply(event);
      }
      afterEvents = exec.world;
      path = this.loseOverflow(path);
    } catch (error) {
      if (!(error instanceof RunModelError)) throw error;
      this.modelError = modelErrorFromBoot(this.cursor, this.encoder, path!, error);
      return null;
    }
    const world = exec.world;
    const monitor = exec.state;
    // SPIN's guard on Timeout: a term past the bound is no state at all.
    if (this.bounds.pruneTerm === true && termPast(world, this.bounds.maxTerm) !== null) {
      if (key >= 0) this.cache!.learn(this.currentRow, key, parent.world, afterEvents, null, this.codeOf);
      return null;
    }
    const used = parent.used + choice.spends;
    try {
      this.encoder.fingerprint(world, monitor.memos, used, this.fingerprint, { world: parent.world, memos: parent.monitor.memos, codes: parent.codes });
    } catch (error) {
      this.modelError = dataFaultFromBoot(this.cursor, this.encoder, path!, error);
      return null;
    }
    if (key >= 0 && monitor.violation === null) this.cache!.learn(this.currentRow, key, parent.world, afterEvents, this.encoder.lastPartCodesView(), this.codeOf);
    if (restartChangingNothing(choice, used, parent, this.encoder.lastPartCodesView())) return null;
    this.transitions++;
    this.noteStep(this.encoder.lastPartCodesView(), afterEvents.network.length - world.network.length);
    const fresh = this.seen.add(this.fingerprint[0], this.fingerprint[1]);
    if (!fresh && !this.reachedShallower(world, depth)) return null;
    if (fresh) this.shallowest?.set(this.fingerprintKey(), depth);
    if (depth > this.depth) this.depth = depth;
    if (monitor.violation !== null && this.foundViolation(path!, monitor.violation, depth)) return null;
    if (fresh) this.counted();
    const partition = world.partition === parent.world.partition ? parent.partition : this.partitionCode(world.partition);
    return { world, monitor, used, partition, path, codes: this.encoder.lastPartCodesView() };
  }

  /** A step that breaks a property ends the search with its path from boot (true: no successor); a parallel worker notes it and keeps the state (parallel/levelWorker.ts). */
  protected foundViolation(path: PathLink, violation: Violation, depth: number): boolean {
    const found = counterexampleFromBoot(this.cursor, this.encoder, path);
    if ('detail' in found) this.modelError = found;
    else this.violation = { ...(found.violation ?? violation), events: found.events, steps: depth };
    return true;
  }

  protected noteStep(row: Int32Array, lost: number, length = row.length): void {
    this.lastRow = row;
    this.lastLength = length;
    this.lastLost = lost;
  }

  /** After a new state: the limits that stop a search, and progress. */
  protected counted(): void {
    const states = this.seen.size;
    if (states >= this.maxStates) this.stoppedBy = 'max-states';
    if ((states & 1023) === 0 && performance.now() > this.deadline) this.stoppedBy = 'seconds';
    if ((states & (PROGRESS_EVERY - 1)) === 0 && this.options.onProgress !== undefined) {
      this.options.onProgress({ states, transitions: this.transitions, depth: this.depth, seconds: this.elapsedSeconds() });
    }
  }

  /** A bag loses the sends that find it full: the newest messages, dropped as part of the same step. */
  protected loseOverflow(path: PathLink | null): PathLink | null {
    const bag = this.bounds.bag;
    if (bag === undefined) return path;
    const exec = this.cursor;
    let link = path;
    while (exec.world.network.length > bag) {
      const newest = exec.world.network[exec.world.network.length - 1];
      const event: WorldEvent = { kind: 'drop', id: newest.id };
      link = { parent: link, event, message: this.encoder.messageCode(newest) };
      exec.apply(event);
    }
    return link;
  }

  /**
   * Depth-first under --max-depth, a state first reached on a long path had its successors cut by
   * the depth limit there; reached again on a shorter path, it must be expanded again (as SPIN does
   * for a depth-bounded search), or states and violations within the bounds go unvisited while the
   * search says it is complete. A state past a bound is never expanded: it needs another look only
   * to be counted at a bound, when its first visit was on the depth limit (where nothing is counted).
   */
  protected reachedShallower(world: World, depth: number): boolean {
    if (this.shallowest === null) return false;
    const key = this.fingerprintKey();
    const before = this.shallowest.get(key);
    // No depth known: the root, which no path reaches in fewer events.
    if (before === undefined || before <= depth) return false;
    this.shallowest.set(key, depth);
    return before >= this.bounds.maxDepth || this.pastBound(world) === null;
  }

  protected fingerprintKey(): string {
    return `${this.fingerprint[0]}:${this.fingerprint[1]}`;
  }

  protected partitionCode(partition: World['partition']): number {
    if (partition === null) return -1;
    const key = JSON.stringify(partition);
    let code = this.partitionCodes.get(key);
    if (code === undefined) {
      code = this.partitions.length;
      this.partitions.push(partition);
      this.partitionCodes.set(key, code);
    }
    return code;
  }

  /** The code of the message an event acts on (in the parent: the steps of a choice act on its messages), -1 for none. */
  protected messageActedOn(parent: SearchNode, event: WorldEvent): number {
    if (event.kind !== 'deliver' && event.kind !== 'drop' && event.kind !== 'duplicate') return -1;
    const network = parent.world.network;
    for (let j = 0; j < network.length; j++) {
      if (network[j].id === event.id) return parent.codes[this.messagesAt + j];
    }
    throw new Error(`explore: event ${event.kind} ${event.id} names no message in flight`);
  }

  protected stopped(): boolean {
    return this.violation !== null || this.modelError !== null || this.stoppedBy !== null;
  }

  /** Bounds cut the search after a state is checked: a violation one step past them is still found. */
  protected expandable(world: World): boolean {
    if (this.pastBound(world) === null) return true;
    this.atBound++;
    return false;
  }

  protected pastBound(world: World): string | null {
    return pastBound(world, this.bounds);
  }

  protected elapsedSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  protected result(): ExploreResult {
    const seconds = this.elapsedSeconds();
    const states = this.seen.size;
    return {
      states,
      transitions: this.transitions,
      depth: this.depth,
      seconds,
      statesPerSecond: seconds > 0 ? states / seconds : 0,
      bytesPerState: this.seen.bytes / states,
      internedParts: this.encoder.internedParts,
      complete: this.stoppedBy === null && this.violation === null && this.modelError === null,
      stoppedBy: this.stoppedBy,
      symmetry: this.symmetryNote === null,
      symmetryNote: this.symmetryNote,
      properties: this.safety.map((p) => p.name),
      violation: this.violation,
      modelError: this.modelError,
      atBound: this.atBound,
      bootPastBound: this.bootPastBound,
      cachedSteps: this.cache?.size ?? 0,
      kernelSteps: this.kernelSteps,
      siblingRepeats: 0,
      recentHits: this.seen.recentHits,
      por: this.sleepSets !== null,
      porNote: this.porNote,
      sleptSteps: this.sleepSets?.slept ?? 0,
    };
  }
}

/** An atomic restart is offered only where it changes something (the Promela's guard on Restart). */
export function restartChangingNothing(choice: Choice, used: number, parent: Successor, codes: Int32Array, length = codes.length): boolean {
  return choice.events.length === 2 && choice.events[1].kind === 'restart' && used === parent.used && sameCodes(codes, parent.codes, length);
}

function sameCodes(a: Int32Array, b: Int32Array, length: number): boolean {
  if (length !== b.length) return false;
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}
