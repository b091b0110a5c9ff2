import type { LivenessProperty, Property, SafetyProperty } from '../../properties/types.js';
import type { NodeSlot, World } from '../shared/world.js';
import { quiescent } from '../world/enabled.js';
import { LassoTable } from './lasso.js';
import type { MonitorState, Violation } from './monitor.js';

/** The state of one run's judging, changed in place (EachPropertyRun owns it; nothing keeps an earlier one). */
interface RunState {
  memos: readonly unknown[];
  violation: Violation | null;
  stableSince: number | null;
  liveSatisfied: boolean;
}

/**
 * The verdicts a PerPropertyMonitor gives, one per property, for a random run: the same property
 * calls, the same violations at the same steps with the same details, but judged in place. A
 * catalog cell judges every property after every event, and one immutable Monitor per property
 * (a state object per part, a parts array, a combined state per event, eight calls that each
 * re-ask `violation` of an unchanged memo) cost a quarter of a cell's time. A random run never
 * goes back to an earlier state, so nothing needs the old ones: the state is rewritten after each
 * event, and `start` makes a new one, so a run's last state stays as the run left it.
 *
 * Each property p here behaves as `new Monitor([p], boundTicks)` would (monitor.ts): a safety
 * property's `violation` is asked whenever its memo changes (it is a pure function of the memo,
 * which the Monitor's identity cache also relies on), a liveness property is judged from the
 * world faults stop in on, against one lasso table all of them share, visited in property order.
 */
export class EachPropertyRun {
  readonly checksLiveness: boolean;
  private readonly count: number;
  private readonly safetyAt: number[] = [];
  private readonly safety: SafetyProperty[] = [];
  private readonly liveAt: number[] = [];
  private readonly live: LivenessProperty[] = [];
  private readonly nodesOnly: boolean[];
  /** The last observation of each node-reading safety property, answered again for the same memo and node slots. */
  private readonly seenMemo: unknown[];
  private readonly seenNodes: (readonly NodeSlot[] | null)[];
  private readonly seenResult: unknown[];
  /** The last nodes each liveness property that reads only the nodes was asked about, and its answer. */
  private readonly liveSeenNodes: (readonly NodeSlot[] | null)[];
  private readonly liveSeenAnswer: boolean[];

  // The run being judged: per property (properties' order), its memo (safety), violation and the
  // liveness parts' progress; `state` is what the kernel and randomRun read.
  private memos: unknown[] = [];
  private verdicts: (Violation | null)[] = [];
  private violatedCount = 0;
  private liveSatisfied: boolean[] = [];
  /** Liveness properties neither satisfied nor violated. */
  private livePending = 0;
  private stableSince: number | null = null;
  private cycle: LassoTable | null = null;
  private state: RunState = { memos: NO_MEMOS, violation: null, stableSince: null, liveSatisfied: false };

  constructor(
    readonly properties: readonly Property[],
    readonly boundTicks: number | null,
  ) {
    this.count = properties.length;
    properties.forEach((p, i) => {
      if (p.kind === 'safety') {
        this.safetyAt.push(i);
        this.safety.push(p);
      } else {
        this.liveAt.push(i);
        this.live.push(p);
      }
    });
    this.checksLiveness = this.live.length > 0 && boundTicks !== null;
    this.nodesOnly = this.safety.map((p) => p.readsNodesOnly === true);
    this.seenMemo = this.safety.map(() => undefined);
    this.seenNodes = this.safety.map(() => null);
    this.seenResult = this.safety.map(() => undefined);
    this.liveSeenNodes = this.live.map(() => null);
    this.liveSeenAnswer = this.live.map(() => false);
  }

  /** The first violation of each property, in the properties' order (null: not violated). */
  violations(state: MonitorState): (Violation | null)[] {
    if (state !== this.state) throw new Error('EachPropertyRun judges one run at a time: these verdicts are of a run it no longer holds');
    return this.verdicts.slice();
  }

  start(world: World): MonitorState {
    this.state = { memos: NO_MEMOS, violation: null, stableSince: null, liveSatisfied: false };
    this.memos = this.safety.map((p) => p.initial(world));
    this.verdicts = this.properties.map(() => null);
    this.violatedCount = 0;
    this.liveSatisfied = this.live.map(() => false);
    this.livePending = this.checksLiveness ? this.live.length : 0;
    this.stableSince = null;
    this.cycle = null;
    for (let j = 0; j < this.safety.length; j++) this.judgeSafety(j, 0);
    return this.state;
  }

  observe(_state: MonitorState, world: World, step: number): MonitorState {
    const nodes = world.nodes;
    const memos = this.memos;
    for (let j = 0; j < this.safety.length; j++) {
      if (this.verdicts[this.safetyAt[j]] !== null) continue;
      const before = memos[j];
      let memo: unknown;
      if (!this.nodesOnly[j]) {
        memo = this.safety[j].observe(before, world);
      } else if (this.seenNodes[j] === nodes && this.seenMemo[j] === before) {
        memo = this.seenResult[j];
      } else {
        memo = this.safety[j].observe(before, world);
        this.seenMemo[j] = before;
        this.seenNodes[j] = nodes;
        this.seenResult[j] = memo;
      }
      if (memo !== before) {
        memos[j] = memo;
        this.judgeSafety(j, step);
      }
    }
    if (this.livePending > 0 && this.stableSince !== null) this.judgeLive(world, step);
    return this.state;
  }

  stabilize(_state: MonitorState, world: World, step: number, stableDelayTicks?: readonly [number, number]): MonitorState {
    if (this.stableSince !== null || this.violatedCount === this.count) return this.state;
    // Every property not yet violated stabilizes here, so the run's stabilization time is this world's.
    this.stableSince = world.now;
    this.state.stableSince = world.now;
    this.cycle = this.checksLiveness ? new LassoTable(world, stableDelayTicks) : null;
    for (let j = 0; j < this.safety.length; j++) {
      const p = this.safety[j];
      if (this.verdicts[this.safetyAt[j]] !== null || p.stabilize === undefined) continue;
      const before = this.memos[j];
      this.memos[j] = p.stabilize(before, world);
      // A property without `stabilize` keeps its memo, whose violation was already asked.
      if (this.memos[j] !== before) this.judgeSafety(j, step);
    }
    if (this.livePending > 0) this.judgeLive(world, step);
    return this.state;
  }

  /** At the end of a trace: a stabilized run that went quiet while a liveness property is pending violates it. */
  finish(_state: MonitorState, world: World, step: number): MonitorState {
    if (this.livePending === 0 || this.stableSince === null || !quiescent(world)) return this.state;
    for (let k = 0; k < this.live.length; k++) {
      if (this.liveSatisfied[k] || this.verdicts[this.liveAt[k]] !== null) continue;
      const p = this.live[k];
      this.violate(this.liveAt[k], { property: p.name, step, detail: `${p.pending(world)}; nothing left to happen` });
      this.livePending--;
    }
    this.state.liveSatisfied = this.checksLiveness && this.livePending === 0;
    return this.state;
  }

  private judgeSafety(j: number, step: number): void {
    const p = this.safety[j];
    const detail = p.violation(this.memos[j]);
    if (detail !== null) this.violate(this.safetyAt[j], { property: p.name, step, detail });
  }

  /** Monitor.judge's liveness half, for each pending liveness property in order. */
  private judgeLive(world: World, step: number): void {
    for (let k = 0; k < this.live.length; k++) {
      if (this.liveSatisfied[k] || this.verdicts[this.liveAt[k]] !== null) continue;
      const p = this.live[k];
      if (this.satisfied(k, world)) {
        this.liveSatisfied[k] = true;
        this.livePending--;
        continue;
      }
      const lasso = this.cycle?.visit(world, step) ?? null;
      if (lasso !== null) {
        const detail = `${p.pending(world)}, and the run cycles: step ${step} repeats step ${lasso.step} ${lasso.ticks} ticks on, so it never ends`;
        this.violate(this.liveAt[k], { property: p.name, step, detail });
        this.livePending--;
        continue;
      }
      if (world.now > this.stableSince! + this.boundTicks!) {
        this.violate(this.liveAt[k], { property: p.name, step, detail: `${p.pending(world)} ${this.boundTicks} ticks after faults stopped` });
        this.livePending--;
      }
    }
    this.state.liveSatisfied = this.livePending === 0;
  }

  private satisfied(k: number, world: World): boolean {
    const p = this.live[k];
    if (p.readsNodesOnly !== true) return p.satisfied(world);
    if (this.liveSeenNodes[k] === world.nodes) return this.liveSeenAnswer[k];
    const answer = p.satisfied(world);
    this.liveSeenNodes[k] = world.nodes;
    this.liveSeenAnswer[k] = answer;
    return answer;
  }

  private violate(i: number, violation: Violation): void {
    this.verdicts[i] = violation;
    this.violatedCount++;
    // The run stops once every property is violated; its violation is then the first property's.
    if (this.violatedCount === this.count) this.state.violation = this.verdicts[0];
  }
}

/** The run state's own memos: none (each property's is kept apart); shared, never written. */
const NO_MEMOS: readonly unknown[] = [];
