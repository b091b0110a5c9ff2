import type { LivenessProperty, Property, SafetyProperty } from '../../properties/types.js';
import type { PropertyName } from '../shared/protocol.js';
import type { World } from '../shared/world.js';
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

  /** `boundTicks`: how long after faults stop liveness may take; null checks no liveness. */
  constructor(
    properties: readonly Property[],
    readonly boundTicks: number | null = null,
  ) {
    this.safety = properties.filter((p): p is SafetyProperty => p.kind === 'safety');
    this.live = properties.filter((p): p is LivenessProperty => p.kind === 'liveness');
  }

  get checksLiveness(): boolean {
    return this.live.length > 0 && this.boundTicks !== null;
  }

  /**
   * Faults stop now: liveness is judged from this world's time on. `stableDelayTicks`: the delay
   * range of messages sent from now on, which a lasso's deliveries must keep (lasso.ts).
   */
  stabilize(state: MonitorState, world: World, step: number, stableDelayTicks?: readonly [number, number]): MonitorState {
    if (state.stableSince !== null || state.violation !== null) return state;
    const cycle = this.checksLiveness ? new LassoTable(world, stableDelayTicks) : null;
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
    for (let i = 0; i < this.safety.length; i++) {
      const memo = this.safety[i].observe(memos[i], world);
      if (memo !== memos[i]) {
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

  private judge(state: MonitorState, world: World, step: number): MonitorState {
    for (let i = 0; i < this.safety.length; i++) {
      const detail = this.safety[i].violation(state.memos[i]);
      if (detail !== null) return { ...state, violation: { property: this.safety[i].name, step, detail } };
    }
    if (!this.checksLiveness || state.liveSatisfied || state.stableSince === null) return state;
    if (this.live.every((p) => p.satisfied(world))) return { ...state, liveSatisfied: true, cycle: null };
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

/** The state with other memos, field by field (a spread costs more on the path every event takes); `cycle` only if it has one. */
function withMemos(state: MonitorState, memos: readonly unknown[]): MonitorState {
  const { violation, stableSince, liveSatisfied, cycle } = state;
  return cycle === undefined ? { memos, violation, stableSince, liveSatisfied } : { memos, violation, stableSince, liveSatisfied, cycle };
}
