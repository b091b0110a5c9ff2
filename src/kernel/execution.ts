import type { Monitor, MonitorState } from '../judge/monitor.js';
import { ModelError } from '../shared/errors.js';
import type { TickRange } from '../shared/profile.js';
import type { Outcome, System, World, WorldEvent } from '../shared/world.js';
import { checkBootData, checkStepData } from '../model/worldData.js';
import { apply, boot } from '../world/world.js';
import { RunModelError } from './runModelError.js';

/**
 * Events of each execution whose states, stored values and messages are checked for plain data
 * (src/model/plainData.ts), boot included: a walk of each on every event of the hot path would
 * cost a tenth of its speed. It is enough because a model that keeps a Map or a Date keeps it from
 * the first step that touches the field, and the first events of a run (its first election, as
 * often a crash or a lost message) touch most of them, in every run of every seed; and because
 * every trace is checked whole before it is reported (replay, the counterexamples of check and
 * explore, the shrinker's candidates, simulate's one story), so no verdict is ever shown on a
 * world that is not plain data. Per run, not per chunk, so shards and worker counts agree.
 */
export const PLAIN_DATA_CHECKED_EVENTS = 32;

/** What the kernel asks of a monitor: Monitor and the per-property monitor both fit. */
export type JudgingMonitor = Pick<Monitor, 'start' | 'observe' | 'stabilize' | 'finish'>;

/**
 * The one place an event is applied and judged: the world and monitor state after `steps` events.
 * A cursor rather than a value, so the hot loops (the random strategy, explore's visit) allocate
 * nothing per event beyond what `apply` and the monitor do.
 */
export class Execution {
  constructor(
    readonly system: System,
    readonly monitor: JudgingMonitor,
    /** The world after `steps` events. */
    public world: World,
    public state: MonitorState,
    public steps: number,
    /** The events applied so far, recorded; null records none (a cursor explore moves from state to state). */
    readonly events: WorldEvent[] | null,
    /** How many more events have their effects checked for plain data (see PLAIN_DATA_CHECKED_EVENTS). */
    private plainDataChecksLeft = 0,
  ) {}

  /**
   * Step 0: the world after boot, judged. A model that fails at boot (init, the view of its first
   * state, or state that is not plain data) throws a RunModelError with no events: the empty trace
   * leads there. `plainDataChecks` events from here on are checked for plain data, boot with them.
   */
  static boot(system: System, monitor: JudgingMonitor, events: WorldEvent[] | null = [], plainDataChecks = PLAIN_DATA_CHECKED_EVENTS): Execution {
    let world: World;
    try {
      world = boot(system);
      if (plainDataChecks > 0) checkBootData(world);
    } catch (error) {
      throw error instanceof ModelError ? new RunModelError(error, []) : error;
    }
    return new Execution(system, monitor, world, monitor.start(world), 0, events, plainDataChecks);
  }

  /** Moves the cursor to another world (explore expands one state after another). */
  resume(world: World, state: MonitorState, steps: number): void {
    this.world = world;
    this.state = state;
    this.steps = steps;
  }

  /**
   * Applies one event and lets the monitor observe the world after it. A ModelError (a step that
   * put what is not plain data in the world included, while checks are left) becomes a
   * RunModelError carrying the recorded events and this one; NotEnabledError passes as it is
   * (the caller's event was wrong, not the model).
   */
  apply(event: WorldEvent): Outcome {
    let outcome: Outcome;
    try {
      outcome = apply(this.system, this.world, event);
      if (this.plainDataChecksLeft > 0) {
        this.plainDataChecksLeft--;
        checkStepData(outcome, event);
      }
    } catch (error) {
      throw error instanceof ModelError ? new RunModelError(error, this.events === null ? [event] : [...this.events, event]) : error;
    }
    this.world = outcome.world;
    this.steps++;
    this.events?.push(event);
    this.state = this.monitor.observe(this.state, this.world, this.steps);
    return outcome;
  }

  /** Faults stop at the current step: liveness is judged from now on. */
  stabilize(stableDelayTicks: TickRange): void {
    this.state = this.monitor.stabilize(this.state, this.world, this.steps, stableDelayTicks);
  }

  /** The end of the execution: a stabilized world with nothing left to happen is judged. */
  finish(): MonitorState {
    this.state = this.monitor.finish(this.state, this.world, this.steps);
    return this.state;
  }
}
