import { propertiesNamed } from '../../properties/index.js';
import type { SafetyProperty } from '../../properties/types.js';
import { Monitor, type MonitorState, type Violation } from '../check/monitor.js';
import type { AnyProtocol, ModelConfig, PropertyName } from '../protocol.js';
import type { System, World, WorldEvent } from '../world/types.js';
import { apply, boot, createSystem } from '../world/world.js';
import type { ExploreBounds } from './bounds.js';
import { type Choice, enabledChoices, twoWaySplits } from './enabledEvents.js';
import { FingerprintSet } from './FingerprintSet.js';
import { StateEncoder } from './StateEncoder.js';
import { chooseSymmetry } from './symmetryHooks.js';

export interface ExploreOptions {
  protocol: AnyProtocol;
  nodes: number;
  config?: ModelConfig;
  /** Safety properties checked on every state (others are ignored: no clock, no liveness). */
  properties: readonly PropertyName[];
  bounds: ExploreBounds;
  /** Reduce by node-id symmetry where the model allows it. */
  symmetry: boolean;
  /** Depth-first: less memory, counterexamples not shortest. */
  dfs?: boolean;
  /** Stop (incomplete) after this many distinct states. */
  maxStates?: number;
  /** Stop (incomplete) after this much wall time. */
  seconds?: number;
  onProgress?: (progress: ExploreProgress) => void;
}

export interface ExploreProgress {
  states: number;
  transitions: number;
  depth: number;
  seconds: number;
}

export interface ExploreResult {
  states: number;
  transitions: number;
  /** Deepest level (events from boot) holding a stored state. */
  depth: number;
  seconds: number;
  statesPerSecond: number;
  /** Bytes of the fingerprint set per stored state; the frontier comes on top. */
  bytesPerState: number;
  /** True when every state within the bounds was visited (no limit stopped the search). */
  complete: boolean;
  stoppedBy: 'max-states' | 'seconds' | null;
  symmetry: boolean;
  /** Why symmetry reduction is off, when it is. */
  symmetryNote: string | null;
  properties: PropertyName[];
  /** The first violation found, with the events from boot that reach it. */
  violation: (Violation & { events: WorldEvent[] }) | null;
}

/** A state on the frontier: the world itself (never renamed), so its path replays as it is. */
interface SearchNode {
  world: World;
  monitor: MonitorState;
  /** Fault budgets used (bounds.ts `counters`). */
  used: number;
  path: PathLink | null;
  /** Interned codes of its parts, so successors re-intern only what changed. */
  codes: Int32Array;
}

/** Parent pointers live only as long as some frontier state descends from them. */
interface PathLink {
  parent: PathLink | null;
  event: WorldEvent;
}

const PROGRESS_EVERY = 1 << 14;

/**
 * Bounded exhaustive search over the asynchronous semantics (DESIGN.md section 3): every enabled
 * event may come next and timers fire in any order. Breadth-first by default, so the first
 * violation found has a shortest counterexample, as TLC's and stateright's BFS checkers give.
 */
export function explore(options: ExploreOptions): ExploreResult {
  return new Search(options).run();
}

class Search {
  private readonly system: System;
  private readonly monitor: Monitor;
  private readonly safety: SafetyProperty[];
  private readonly encoder: StateEncoder;
  private readonly seen = new FingerprintSet();
  private readonly fingerprint = new Uint32Array(2);
  private readonly splits: WorldEvent[];
  private readonly bounds: ExploreBounds;
  private readonly symmetryNote: string | null;
  private readonly maxStates: number;
  private readonly deadline: number;
  private readonly started = performance.now();
  private transitions = 0;
  private depth = 0;
  private stoppedBy: ExploreResult['stoppedBy'] = null;
  private violation: ExploreResult['violation'] = null;

  constructor(private readonly options: ExploreOptions) {
    this.system = createSystem(options.protocol, options.nodes, options.config);
    this.safety = propertiesNamed([...options.properties]).filter((p): p is SafetyProperty => p.kind === 'safety');
    this.monitor = new Monitor(this.safety);
    const symmetry = chooseSymmetry(options.protocol, this.safety, options.symmetry);
    this.symmetryNote = symmetry.reason;
    this.encoder = new StateEncoder(options.nodes, this.safety.length, symmetry.hooks);
    this.splits = twoWaySplits(options.nodes);
    this.bounds = options.bounds;
    this.maxStates = options.maxStates ?? Infinity;
    this.deadline = this.started + (options.seconds ?? Infinity) * 1000;
  }

  run(): ExploreResult {
    const world = boot(this.system);
    const monitor = this.monitor.start(world);
    this.encoder.fingerprint(world, monitor.memos, 0, this.fingerprint);
    const root: SearchNode = { world, monitor, used: 0, path: null, codes: this.encoder.lastPartCodes() };
    this.seen.add(this.fingerprint[0], this.fingerprint[1]);
    if (monitor.violation !== null) {
      this.violation = { ...monitor.violation, events: [] };
    } else if (this.options.dfs) {
      this.depthFirst(root);
    } else {
      this.breadthFirst(root);
    }
    return this.result();
  }

  private breadthFirst(root: SearchNode): void {
    let frontier: SearchNode[] = [root];
    for (let depth = 0; frontier.length > 0 && depth < this.bounds.maxDepth; depth++) {
      const next: SearchNode[] = [];
      for (const node of frontier) {
        if (!this.expandable(node.world)) continue;
        for (const choice of enabledChoices(node.world, node.used, this.bounds, this.splits)) {
          const child = this.visit(node, choice, depth + 1);
          if (this.stopped()) return;
          if (child !== null) next.push(child);
        }
      }
      frontier = next;
    }
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
      choices: this.expandable(node.world) && depth < this.bounds.maxDepth ? enabledChoices(node.world, node.used, this.bounds, this.splits) : [],
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
      if (child !== null) stack.push(frame(child, top.depth + 1));
    }
  }

  /** Applies one event; returns the successor when it is a new state, null when seen before. */
  private visit(parent: SearchNode, choice: Choice, depth: number): SearchNode | null {
    const world = apply(this.system, parent.world, choice.event).world;
    this.transitions++;
    const used = parent.used + choice.spends;
    const monitor = this.monitor.observe(parent.monitor, world, depth);
    this.encoder.fingerprint(world, monitor.memos, used, this.fingerprint, { world: parent.world, memos: parent.monitor.memos, codes: parent.codes });
    if (!this.seen.add(this.fingerprint[0], this.fingerprint[1])) return null;
    if (depth > this.depth) this.depth = depth;
    const path: PathLink = { parent: parent.path, event: choice.event };
    if (monitor.violation !== null) {
      this.violation = { ...monitor.violation, events: eventsOf(path) };
      return null;
    }
    const states = this.seen.size;
    if (states >= this.maxStates) this.stoppedBy = 'max-states';
    if ((states & 1023) === 0 && performance.now() > this.deadline) this.stoppedBy = 'seconds';
    if ((states & (PROGRESS_EVERY - 1)) === 0 && this.options.onProgress !== undefined) {
      this.options.onProgress({ states, transitions: this.transitions, depth: this.depth, seconds: this.elapsedSeconds() });
    }
    return { world, monitor, used, path, codes: this.encoder.lastPartCodes() };
  }

  private stopped(): boolean {
    return this.violation !== null || this.stoppedBy !== null;
  }

  /** Bounds cut the search after a state is checked: a violation one step past them is still found. */
  private expandable(world: World): boolean {
    if (world.network.length > this.bounds.maxMessages) return false;
    for (const slot of world.nodes) {
      if (slot.view !== null && slot.view.term > this.bounds.maxTerm) return false;
    }
    return true;
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
      complete: this.stoppedBy === null && this.violation === null,
      stoppedBy: this.stoppedBy,
      symmetry: this.symmetryNote === null,
      symmetryNote: this.symmetryNote,
      properties: this.safety.map((p) => p.name),
      violation: this.violation,
    };
  }
}

function eventsOf(path: PathLink | null): WorldEvent[] {
  const events: WorldEvent[] = [];
  for (let link = path; link !== null; link = link.parent) events.push(link.event);
  return events.reverse();
}
