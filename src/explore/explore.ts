import { propertiesNamed } from '../../properties/index.js';
import type { SafetyProperty } from '../../properties/types.js';
import { Monitor, type MonitorState } from '../judge/monitor.js';
import type { InFlight, NodeSlot, System, World, WorldEvent } from '../shared/world.js';
import { createSystem } from '../world/world.js';
import { Execution } from '../kernel/execution.js';
import { RunModelError } from '../kernel/runModelError.js';
import type { ExploreOptions, ExploreResult } from './exploreOptions.js';
import { counterexampleFromBoot, dataFaultFromBoot, modelErrorFromBoot, type PathLink, SEARCH_PLAIN_DATA_CHECKED_EVENTS } from './paths.js';
import { type ExploreBounds, pastBound, termPast } from './bounds.js';
import type { PartitionEvent } from '../world/enabled.js';
import { type Choice, enabledChoices, twoWaySplits } from './enabledEvents.js';
import { FingerprintSet } from './FingerprintSet.js';
import { type PackedState, PackedLevel } from './PackedLevel.js';
import { StateEncoder } from './StateEncoder.js';
import { chooseSymmetry } from './symmetryHooks.js';

export type { ExploreOptions, ExploreProgress, ExploreResult } from './exploreOptions.js';

/** A state being expanded: its world (never renamed) and what the search knows of it. */
interface SearchNode extends PackedState {
  world: World;
  monitor: MonitorState;
  path: PathLink | null;
  /** Interned codes of its parts, so successors re-intern only what changed. */
  codes: Int32Array;
}

const PROGRESS_EVERY = 1 << 14;

/**
 * Bounded exhaustive search over the asynchronous semantics (docs/design.md section 3): every enabled
 * event may come next and timers fire in any order. Breadth-first by default, so the first
 * violation found has a shortest counterexample, as TLC's and stateright's BFS checkers give.
 */
export function explore(options: ExploreOptions): ExploreResult {
  return new Search(options).run();
}

class Search {
  private readonly system: System;
  private readonly monitor: Monitor;
  /** The one cursor visit moves from parent to successor. */
  private readonly cursor: Execution;
  private readonly safety: SafetyProperty[];
  private readonly encoder: StateEncoder;
  private readonly seen = new FingerprintSet();
  private readonly fingerprint = new Uint32Array(2);
  private readonly splits: PartitionEvent[];
  private readonly partitions: NonNullable<World['partition']>[] = [];
  private readonly partitionCodes = new Map<string, number>();
  private readonly bounds: ExploreBounds;
  /** Where the in-flight messages' codes start in a state's row of part codes. */
  private readonly messagesAt: number;
  private readonly symmetryNote: string | null;
  private readonly maxStates: number;
  private readonly deadline: number;
  private readonly started = performance.now();
  private transitions = 0;
  private depth = 0;
  private atBound = 0;
  private bootPastBound: string | null = null;
  /** Depth-first under --max-depth: the fewest events from boot each state was reached in (see reachedShallower). */
  private readonly shallowest: Map<string, number> | null;
  private stoppedBy: ExploreResult['stoppedBy'] = null;
  private violation: ExploreResult['violation'] = null;
  private modelError: ExploreResult['modelError'] = null;

  constructor(private readonly options: ExploreOptions) {
    this.system = createSystem(options.protocol, options.nodes, options.config);
    this.safety = propertiesNamed([...options.properties]).filter((p): p is SafetyProperty => p.kind === 'safety');
    this.monitor = new Monitor(this.safety);
    this.cursor = Execution.boot(this.system, this.monitor, null, SEARCH_PLAIN_DATA_CHECKED_EVENTS);
    const symmetry = chooseSymmetry(options.protocol, this.safety, options.symmetry);
    this.symmetryNote = symmetry.reason;
    this.encoder = new StateEncoder(options.nodes, this.safety.length, symmetry.hooks);
    this.splits = twoWaySplits(options.nodes);
    this.bounds = options.bounds;
    this.messagesAt = options.nodes + this.safety.length;
    this.maxStates = options.maxStates ?? Infinity;
    this.deadline = this.started + (options.seconds ?? Infinity) * 1000;
    this.shallowest = options.dfs && Number.isFinite(this.bounds.maxDepth) ? new Map() : null;
  }

  run(): ExploreResult {
    const { world, state: monitor } = this.cursor;
    this.encoder.fingerprint(world, monitor.memos, 0, this.fingerprint);
    const root: SearchNode = { world, monitor, used: 0, partition: -1, path: null, codes: this.encoder.lastPartCodes() };
    this.seen.add(this.fingerprint[0], this.fingerprint[1]);
    this.bootPastBound = this.pastBound(world);
    if (monitor.violation !== null) {
      this.violation = { ...monitor.violation, events: [], steps: 0 };
    } else if (this.options.dfs) {
      this.depthFirst(root);
    } else {
      this.breadthFirst(root);
    }
    return this.result();
  }

  /** Levels hold states as codes (PackedLevel); each is rebuilt as a world to be expanded. */
  private breadthFirst(root: SearchNode): void {
    const fixedParts = this.messagesAt;
    let frontier = new PackedLevel<PathLink | null>(fixedParts);
    frontier.push(root, root.codes, null);
    for (let depth = 0; frontier.size > 0 && depth < this.bounds.maxDepth; depth++) {
      const next = new PackedLevel<PathLink | null>(fixedParts);
      frontier.forEach((state, codes, path) => {
        const node = this.rebuild(state, codes, path);
        if (!this.expandable(node.world)) return true;
        for (const choice of enabledChoices(node.world, node.used, this.bounds, this.splits, node.codes, this.messagesAt)) {
          const child = this.visit(node, choice, depth + 1);
          if (this.stopped()) return false;
          if (child !== null) next.push(child, child.codes, child.path);
        }
        return true;
      });
      if (this.stopped()) return;
      frontier = next;
    }
  }

  /** The world of a packed state: the real parts behind its codes, messages numbered from 1. */
  private rebuild(state: PackedState, codes: Int32Array, path: PathLink | null): SearchNode {
    const n = this.options.nodes;
    const k = this.safety.length;
    const nodes: NodeSlot[] = new Array(n);
    for (let i = 0; i < n; i++) nodes[i] = this.encoder.realPart(codes[i]) as NodeSlot;
    const memos: unknown[] = new Array(k);
    for (let i = 0; i < k; i++) memos[i] = this.encoder.realPart(codes[n + i]);
    const count = codes.length - n - k;
    const network: InFlight[] = new Array(count);
    for (let j = 0; j < count; j++) {
      const m = this.encoder.realPart(codes[n + k + j]) as InFlight;
      network[j] = { id: j + 1, from: m.from, to: m.to, msg: m.msg, sentAt: 0 };
    }
    const partition = state.partition < 0 ? null : this.partitions[state.partition];
    const world: World = { now: 0, nodes, network, nextMessageId: count + 1, nextTimerId: 1, partition };
    const monitor: MonitorState = { memos, violation: null, stableSince: null, liveSatisfied: false };
    return { world, monitor, used: state.used, partition: state.partition, path, codes };
  }

  private depthFirst(root: SearchNode): void {
    interface Frame {
      node: SearchNode;
      choices: Choice[];
      next: number;
      depth: number;
    }
    const frame = (node: SearchNode, depth: number): Frame => ({
      node,
      // Depth first, as breadth-first never looks at a state on the depth limit: it is not counted at a bound.
      choices: depth < this.bounds.maxDepth && this.expandable(node.world) ? enabledChoices(node.world, node.used, this.bounds, this.splits, node.codes, this.messagesAt) : [],
      next: 0,
      depth,
    });
    const stack: Frame[] = [frame(root, 0)];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next === top.choices.length) {
        stack.pop();
        continue;
      }
      const child = this.visit(top.node, top.choices[top.next++], top.depth + 1);
      if (this.stopped()) return;
      if (child !== null) stack.push(frame({ ...child, codes: child.codes.slice() }, top.depth + 1));
    }
  }

  /**
   * Takes one step (its events, then the loss of what overflows a bag); returns the successor when
   * it is a new state, null when seen before or not a step at all. Its `codes` are the encoder's
   * scratch view, valid until the next fingerprint.
   */
  private visit(parent: SearchNode, choice: Choice, depth: number): SearchNode | null {
    const exec = this.cursor;
    exec.resume(parent.world, parent.monitor, depth - 1);
    let path = parent.path;
    try {
      for (const event of choice.events) {
        path = { parent: path, event, message: this.messageActedOn(parent, event) };
        exec.apply(event);
      }
      path = this.loseOverflow(path);
    } catch (error) {
      if (!(error instanceof RunModelError)) throw error;
      this.modelError = modelErrorFromBoot(this.cursor, this.encoder, path!, error);
      return null;
    }
    const world = exec.world;
    const monitor = exec.state;
    // SPIN's guard on Timeout: a term past the bound is no state at all.
    if (this.bounds.pruneTerm === true && termPast(world, this.bounds.maxTerm) !== null) return null;
    const used = parent.used + choice.spends;
    try {
      this.encoder.fingerprint(world, monitor.memos, used, this.fingerprint, { world: parent.world, memos: parent.monitor.memos, codes: parent.codes });
    } catch (error) {
      this.modelError = dataFaultFromBoot(this.cursor, this.encoder, path!, error);
      return null;
    }
    // An atomic restart is offered only where it changes something (the Promela's guard on Restart).
    if (choice.events.length === 2 && choice.events[1].kind === 'restart' && used === parent.used && sameCodes(this.encoder.lastPartCodesView(), parent.codes)) return null;
    this.transitions++;
    const fresh = this.seen.add(this.fingerprint[0], this.fingerprint[1]);
    if (!fresh && !this.reachedShallower(world, depth)) return null;
    if (fresh) this.shallowest?.set(this.fingerprintKey(), depth);
    if (depth > this.depth) this.depth = depth;
    if (monitor.violation !== null) {
      const found = counterexampleFromBoot(this.cursor, this.encoder, path!);
      if ('detail' in found) this.modelError = found;
      else this.violation = { ...(found.violation ?? monitor.violation), events: found.events, steps: depth };
      return null;
    }
    const states = this.seen.size;
    if (fresh && states >= this.maxStates) this.stoppedBy = 'max-states';
    if (fresh && (states & 1023) === 0 && performance.now() > this.deadline) this.stoppedBy = 'seconds';
    if (fresh && (states & (PROGRESS_EVERY - 1)) === 0 && this.options.onProgress !== undefined) {
      this.options.onProgress({ states, transitions: this.transitions, depth: this.depth, seconds: this.elapsedSeconds() });
    }
    const partition = world.partition === parent.world.partition ? parent.partition : this.partitionCode(world.partition);
    return { world, monitor, used, partition, path, codes: this.encoder.lastPartCodesView() };
  }

  /** A bag loses the sends that find it full: the newest messages, dropped as part of the same step. */
  private loseOverflow(path: PathLink | null): PathLink | null {
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
  private reachedShallower(world: World, depth: number): boolean {
    if (this.shallowest === null) return false;
    const key = this.fingerprintKey();
    const before = this.shallowest.get(key);
    // No depth known: the root, which no path reaches in fewer events.
    if (before === undefined || before <= depth) return false;
    this.shallowest.set(key, depth);
    return before >= this.bounds.maxDepth || this.pastBound(world) === null;
  }

  private fingerprintKey(): string {
    return `${this.fingerprint[0]}:${this.fingerprint[1]}`;
  }

  private partitionCode(partition: World['partition']): number {
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
  private messageActedOn(parent: SearchNode, event: WorldEvent): number {
    if (event.kind !== 'deliver' && event.kind !== 'drop' && event.kind !== 'duplicate') return -1;
    const network = parent.world.network;
    for (let j = 0; j < network.length; j++) {
      if (network[j].id === event.id) return parent.codes[this.messagesAt + j];
    }
    throw new Error(`explore: event ${event.kind} ${event.id} names no message in flight`);
  }

  private stopped(): boolean {
    return this.violation !== null || this.modelError !== null || this.stoppedBy !== null;
  }

  /** Bounds cut the search after a state is checked: a violation one step past them is still found. */
  private expandable(world: World): boolean {
    if (this.pastBound(world) === null) return true;
    this.atBound++;
    return false;
  }

  private pastBound(world: World): string | null {
    return pastBound(world, this.bounds);
  }

  private elapsedSeconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  private result(): ExploreResult {
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
    };
  }
}


function sameCodes(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
