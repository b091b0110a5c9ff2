import type { LivenessProperty, Property, SafetyProperty } from '../../properties/types.js';
import type { PropertyName } from '../shared/protocol.js';
import type { NodeSlot, World } from '../shared/world.js';
import { quiescent } from '../world/enabled.js';
import { LassoTable } from './lasso.js';

export interface Violation {
  property: PropertyName;
  /** Step N is the world after the N-th event; 0 is the world after boot. */
  step: number;
  detail: string;
}

/** When faults stop and how long the protocol then has to elect a leader. */
export interface Stabilization {
  /** Step from which no faults happen (the world after this many events). */
  step: number;
  boundTicks: number;
}

/**
 * Runs every property over the worlds of one execution. Plain data plus the property list, so
 * replay, the random runner, the shrinker and exhaustive search all judge a run the same way.
 */
export interface MonitorState {
  readonly memos: readonly unknown[];
  readonly violation: Violation | null;
  /** Logical time the stabilization phase began, once it has. */
  readonly stableSince: number | null;
  readonly liveSatisfied: boolean;
  /** The worlds seen since faults stopped, while liveness is pending (lasso.ts); null before. */
  readonly cycle?: LassoTable | null;
}

/**
 * How a liveness violation came about, read from the detail this monitor wrote: the run cycles (a
 * lasso), went quiet, or passed its bound; null for anything else (a safety violation).
 */
export function livenessFailure(violation: Violation): 'cycle' | 'quiet' | 'bound' | null {
  if (violation.detail.includes(', and the run cycles: ')) return 'cycle';
  if (violation.detail.endsWith('; nothing left to happen')) return 'quiet';
  if (violation.detail.endsWith(' ticks after faults stopped')) return 'bound';
  return null;
}

export class Monitor {
  private readonly safety: SafetyProperty[];
  private readonly live: LivenessProperty[];
  /**
   * The last call of each safety property's `observe` and `violation`, and of the liveness check,
   * kept to answer the same call again without making it: each is a pure function of its
   * arguments (plain data nobody mutates), and most events leave the node slots as they were (a
   * drop, a duplicate, a delivery the receiver ignores), so a property that reads only the nodes
   * (`readsNodesOnly`) gets the same memo and the same nodes array again. Keyed by identity, so
   * a hit returns exactly what the call would, in a random run, explore or replay alike.
   */
  private readonly seenMemo: unknown[];
  private readonly seenNodes: (readonly NodeSlot[] | null)[];
  private readonly seenResult: unknown[];
  private readonly judgedMemo: unknown[];
  private readonly judgedDetail: (string | null)[];
  private readonly liveNodesOnly: boolean;
  private liveSeenNodes: readonly NodeSlot[] | null = null;
  private liveSeenAll = false;

  /** `boundTicks`: how long after faults stop liveness may take; null checks no liveness. */
  constructor(
    properties: readonly Property[],
    readonly boundTicks: number | null = null,
  ) {
    this.safety = properties.filter((p): p is SafetyProperty => p.kind === 'safety');
    this.live = properties.filter((p): p is LivenessProperty => p.kind === 'liveness');
    this.seenMemo = this.safety.map(() => undefined);
    this.seenNodes = this.safety.map(() => null);
    this.seenResult = this.safety.map(() => undefined);
    // A memo is never this object, so the first call of each property is made.
    this.judgedMemo = this.safety.map(() => NOT_JUDGED);
    this.judgedDetail = this.safety.map(() => null);
    this.liveNodesOnly = this.live.every((p) => p.readsNodesOnly === true);
  }

  get checksLiveness(): boolean {
    return this.live.length > 0 && this.boundTicks !== null;
  }

  /**
   * Faults stop now: liveness is judged from this world's time on. `stableDelayTicks`: the delay
   * range of messages sent from now on, which a lasso's deliveries must keep (lasso.ts). `shared`:
   * a table made for this world and delay that monitors judging the same execution share
   * (PerPropertyMonitor); without it this monitor makes its own.
   */
  stabilize(state: MonitorState, world: World, step: number, stableDelayTicks?: readonly [number, number], shared?: LassoTable): MonitorState {
    if (state.stableSince !== null || state.violation !== null) return state;
    const cycle = this.checksLiveness ? (shared ?? new LassoTable(world, stableDelayTicks)) : null;
    const memos = this.safety.map((p, i) => (p.stabilize === undefined ? state.memos[i] : p.stabilize(state.memos[i], world)));
    return this.judge({ ...state, memos, stableSince: world.now, cycle }, world, step);
  }

  start(world: World): MonitorState {
    const memos = this.safety.map((p) => p.initial(world));
    return this.judge({ memos, violation: null, stableSince: null, liveSatisfied: false }, world, 0);
  }

  /** The state after the world of step `step` (1-based). Once violated, it stays as it is. */
  observe(state: MonitorState, world: World, step: number): MonitorState {
    if (state.violation !== null) return state;
    let memos = state.memos;
    const nodes = world.nodes;
    for (let i = 0; i < this.safety.length; i++) {
      const property = this.safety[i];
      const before = memos[i];
      let memo: unknown;
      if (property.readsNodesOnly !== true) {
        memo = property.observe(before, world);
      } else if (this.seenNodes[i] === nodes && this.seenMemo[i] === before) {
        memo = this.seenResult[i];
      } else {
        memo = property.observe(before, world);
        this.seenMemo[i] = before;
        this.seenNodes[i] = nodes;
        this.seenResult[i] = memo;
      }
      if (memo !== before) {
        if (memos === state.memos) memos = memos.slice();
        (memos as unknown[])[i] = memo;
      }
    }
    return this.judge(memos === state.memos ? state : withMemos(state, memos), world, step);
  }

  /** At the end of a trace: a stabilized run that went quiet without a leader is not live. */
  finish(state: MonitorState, world: World, step: number): MonitorState {
    if (state.violation !== null || !this.checksLiveness || state.stableSince === null || state.liveSatisfied) return state;
    if (!quiescent(world)) return state;
    const property = this.live.find((p) => !p.satisfied(world))!;
    return { ...state, violation: { property: property.name, step, detail: `${property.pending(world)}; nothing left to happen` } };
  }

  /** Property i's violation for `memo` (the last answer again when the memo is the last one). */
  private violationOf(i: number, memo: unknown): string | null {
    if (this.judgedMemo[i] === memo) return this.judgedDetail[i];
    const detail = this.safety[i].violation(memo);
    this.judgedMemo[i] = memo;
    this.judgedDetail[i] = detail;
    return detail;
  }

  /** Every liveness property satisfied in this world (the last answer again for the same nodes, when they read only those). */
  private allLive(world: World): boolean {
    if (this.liveNodesOnly && this.liveSeenNodes === world.nodes) return this.liveSeenAll;
    let all = true;
    for (let i = 0; i < this.live.length && all; i++) all = this.live[i].satisfied(world);
    if (this.liveNodesOnly) {
      this.liveSeenNodes = world.nodes;
      this.liveSeenAll = all;
    }
    return all;
  }

  private judge(state: MonitorState, world: World, step: number): MonitorState {
    for (let i = 0; i < this.safety.length; i++) {
      const detail = this.violationOf(i, state.memos[i]);
      if (detail !== null) return { ...state, violation: { property: this.safety[i].name, step, detail } };
    }
    if (!this.checksLiveness || state.liveSatisfied || state.stableSince === null) return state;
    if (this.allLive(world)) return { ...state, liveSatisfied: true, cycle: null };
    const lasso = state.cycle?.visit(world, step) ?? null;
    if (lasso !== null) {
      const property = this.live.find((p) => !p.satisfied(world))!;
      const detail = `${property.pending(world)}, and the run cycles: step ${step} repeats step ${lasso.step} ${lasso.ticks} ticks on, so it never ends`;
      return { ...state, violation: { property: property.name, step, detail } };
    }
    const bound = this.boundTicks!;
    if (world.now > state.stableSince + bound) {
      const property = this.live.find((p) => !p.satisfied(world))!;
      const detail = `${property.pending(world)} ${bound} ticks after faults stopped`;
      return { ...state, violation: { property: property.name, step, detail } };
    }
    return state;
  }
}

/** Stands for "no memo judged yet": no property's memo is this object. */
const NOT_JUDGED = Symbol('not judged');

/** The state with other memos, field by field (a spread costs more on the path every event takes); `cycle` only if it has one. */
function withMemos(state: MonitorState, memos: readonly unknown[]): MonitorState {
  const { violation, stableSince, liveSatisfied, cycle } = state;
  return cycle === undefined ? { memos, violation, stableSince, liveSatisfied } : { memos, violation, stableSince, liveSatisfied, cycle };
}
