import type { Monitor, MonitorState } from '../judge/monitor.js';
import { ModelError } from '../shared/errors.js';
import type { TickRange } from '../shared/profile.js';
import type { Outcome, System, World, WorldEvent } from '../shared/world.js';
import { apply, boot } from '../world/world.js';
import { RunModelError } from './runModelError.js';

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
  ) {}

  /** Step 0: the world after boot, judged. A model that fails at boot (init, or the view of its first state) throws a RunModelError with no events: the empty trace leads there. */
  static boot(system: System, monitor: JudgingMonitor, events: WorldEvent[] | null = []): Execution {
    let world: World;
    try {
      world = boot(system);
    } catch (error) {
      throw error instanceof ModelError ? new RunModelError(error, []) : error;
    }
    return new Execution(system, monitor, world, monitor.start(world), 0, events);
  }

  /** Moves the cursor to another world (explore expands one state after another). */
  resume(world: World, state: MonitorState, steps: number): void {
    this.world = world;
    this.state = state;
    this.steps = steps;
  }

  /**
   * Applies one event and lets the monitor observe the world after it. A ModelError becomes a
   * RunModelError carrying the recorded events and this one; NotEnabledError passes as it is
   * (the caller's event was wrong, not the model).
   */
  apply(event: WorldEvent): Outcome {
    let outcome: Outcome;
    try {
      outcome = apply(this.system, this.world, event);
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
