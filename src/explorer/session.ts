import { resolve } from 'node:path';
import { propertiesNamed } from '../../properties/index.js';
import type { MonitorState, Stabilization, Violation } from '../judge/monitor.js';
import { PerPropertyMonitor } from '../judge/perPropertyMonitor.js';
import { Execution } from '../kernel/execution.js';
import { livenessBoundTicks, synchronousDelayTicks } from '../model/defaults.js';
import { InputError } from '../shared/errors.js';
import type { AnyProtocol, ModelConfig, PropertyName } from '../shared/protocol.js';
import type { Outcome, System, World, WorldEvent } from '../shared/world.js';
import { TRACE_FORMAT, type Trace } from '../trace/format.js';
import { replay, traceProperties } from '../trace/replay.js';
import { canonicalJson } from '../world/canonicalJson.js';
import { enabledEvents } from '../world/enabled.js';
import { createSystem } from '../world/world.js';
import { explorerPolicy } from './faultMenu.js';

/** The profile name of a path walked by hand: no seed drew it, and no profile's timing promise holds. */
export const EXPLORER_PROFILE = 'explorer';

/** What the explorer walks: the model, the cluster and the properties judged. */
export interface SessionSetup {
  protocol: AnyProtocol;
  /** The --model-file module, recorded in saved traces (absolute, so the file can be saved anywhere). */
  modelFile?: string;
  nodes: number;
  config?: ModelConfig;
  properties: readonly PropertyName[];
  /** When faults stopped, from a loaded trace: liveness is judged from that step on. */
  stabilization?: Stabilization | null;
  /** The trace file the session started on, if any (shown in the page). */
  source?: string;
}

/** One step of the timeline: the world after `event` and the properties' state there. */
export interface StepRecord {
  /** Null for step 0, the world after boot. */
  event: WorldEvent | null;
  world: World;
  /** What the event did (null for step 0): the viewer draws sends and handled inputs from it. */
  outcome: Outcome | null;
  state: MonitorState;
}

/**
 * A path walked by hand through one model, stepped by the run kernel (Execution) so every world is
 * the one `replay` computes. The timeline holds every step walked (or loaded); the cursor is the
 * current one. Undo and redo move the cursor; an event chosen before the end of the timeline
 * continues from there and drops the rest, unless it is the event that comes next (then it is a
 * redo), so a loaded trace can be continued from any of its steps.
 */
export class ExplorerSession {
  readonly system: System;
  readonly monitor: PerPropertyMonitor;
  private exec!: Execution;
  private records: StepRecord[] = [];
  private current = 0;

  constructor(readonly setup: SessionSetup) {
    try {
      this.system = createSystem(setup.protocol, setup.nodes, setup.config);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    const bound = setup.stabilization?.boundTicks ?? livenessBoundTicks(setup.protocol, setup.nodes);
    this.monitor = new PerPropertyMonitor(propertiesNamed(setup.properties), bound);
    this.rebuild([]);
  }

  /**
   * A session positioned on a trace: its events as replay resolves them (a selector becomes the
   * message's id), its nodes, config, properties and stabilization. A trace of another model, or
   * one that does not replay, is an InputError; one that ends in a model error throws it.
   */
  static ofTrace(trace: Trace, protocol: AnyProtocol, modelFile: string | undefined, source: string): ExplorerSession {
    if (trace.model !== protocol.name) throw new InputError(`${source}: this trace is of model "${trace.model}"; the explorer runs "${protocol.name}"`);
    const replayed = replay(trace, protocol);
    const session = new ExplorerSession({
      protocol,
      ...(modelFile === undefined ? {} : { modelFile }),
      nodes: trace.nodes,
      config: trace.config,
      properties: traceProperties(trace, protocol),
      stabilization: trace.stabilization ?? null,
      source,
    });
    session.rebuild(replayed.steps.slice(1).map((step) => step.event!));
    return session;
  }

  /** The current step: the world after this many events of the timeline. */
  get cursor(): number {
    return this.current;
  }

  /** Every step of the timeline, step 0 (boot) first; later ones than the cursor can be redone. */
  get timeline(): readonly StepRecord[] {
    return this.records;
  }

  get here(): StepRecord {
    return this.records[this.current];
  }

  /** The events enabled at the current step, every fault included, in the enumerator's order. */
  enabled(): WorldEvent[] {
    return enabledEvents(this.here.world, explorerPolicy(this.system.nodes));
  }

  /**
   * Each property's first violation on the path to the current step (null: it holds so far), as
   * replay would judge the path ending here (a stabilized world with nothing left to happen fails
   * liveness at the end).
   */
  verdicts(): (Violation | null)[] {
    const { world, state } = this.here;
    return this.monitor.violations(this.monitor.finish(state, world, this.current));
  }

  /**
   * Takes `event` at the current step. It must be one of the enabled events; the next event of the
   * timeline keeps the rest of it (a redo), any other event replaces the rest. A model error
   * leaves the session as it was and propagates (RunModelError).
   */
  step(event: WorldEvent): void {
    const key = canonicalJson(stripTime(event));
    // The enumerator's own event is applied, so nothing but the choice comes from the request.
    const chosen = this.enabled().find((e) => canonicalJson(e) === key);
    if (chosen === undefined) throw new InputError(`not enabled at step ${this.current}: ${JSON.stringify(event)}`);
    const next = this.records[this.current + 1];
    if (next !== undefined && canonicalJson(stripTime(next.event!)) === key) {
      this.current++;
      return;
    }
    const before = this.records.length;
    if (this.current < before - 1) {
      const kept = this.events(this.current);
      const previous = this.records.map((r) => r.event!).slice(1);
      this.rebuild(kept);
      try {
        this.append(chosen);
      } catch (error) {
        this.rebuild(previous, this.current);
        throw error;
      }
      return;
    }
    this.append(chosen);
  }

  undo(): boolean {
    if (this.current === 0) return false;
    this.current--;
    return true;
  }

  redo(): boolean {
    if (this.current >= this.records.length - 1) return false;
    this.current++;
    return true;
  }

  /** Moves the cursor to step `step` of the timeline (a loaded trace's step, say). */
  goto(step: number): void {
    if (!Number.isInteger(step) || step < 0 || step >= this.records.length) throw new InputError(`no step ${step}: the timeline has steps 0 to ${this.records.length - 1}`);
    this.current = step;
  }

  /** The events of the timeline up to step `upTo` (the path to it). */
  events(upTo = this.current): WorldEvent[] {
    return this.records.slice(1, upTo + 1).map((r) => r.event!);
  }

  /**
   * The path to the current step as a `leadercheck/trace@1` trace, its violation the one `replay`
   * observes on it (the first, in replay's order), so the saved file replays to what it records.
   */
  trace(): Trace {
    const { protocol, modelFile, properties } = this.setup;
    const stable = this.setup.stabilization;
    const base: Trace = {
      format: TRACE_FORMAT,
      model: protocol.name,
      ...(modelFile === undefined ? {} : { modelFile: resolve(modelFile) }),
      nodes: this.system.nodes,
      config: this.system.config,
      profile: EXPLORER_PROFILE,
      properties: [...properties],
      ...(stable !== null && stable !== undefined && stable.step <= this.current ? { stabilization: stable } : {}),
      events: this.events(),
    };
    return { ...base, violation: replay(base, protocol).violation };
  }

  /** Re-executes `events` from boot: the timeline becomes exactly them, the cursor `cursor` (default: the end). */
  private rebuild(events: readonly WorldEvent[], cursor = events.length): void {
    this.exec = Execution.boot(this.system, this.monitor, null, Infinity);
    this.stabilizeIfDue();
    this.records = [{ event: null, world: this.exec.world, outcome: null, state: this.exec.state }];
    for (const event of events) this.append(event);
    this.current = cursor;
  }

  /** Applies one event at the end of the timeline (where the execution cursor is). */
  private append(event: WorldEvent): void {
    const outcome = this.exec.apply(event);
    this.stabilizeIfDue();
    this.records.push({ event, world: this.exec.world, outcome, state: this.exec.state });
    this.current = this.records.length - 1;
  }

  private stabilizeIfDue(): void {
    const stable = this.setup.stabilization;
    if (stable !== null && stable !== undefined && stable.step === this.exec.steps) this.exec.stabilize(synchronousDelayTicks(this.setup.protocol));
  }
}

/** An event as the enumerator lists it: the time a loaded trace gave it aside. */
function stripTime(event: WorldEvent): WorldEvent {
  if (event.at === undefined && !(event.kind === 'timer' && event.after !== undefined)) return event;
  const { at: _at, ...rest } = event as WorldEvent & { after?: number };
  if (rest.kind === 'timer') delete (rest as { after?: number }).after;
  return rest as WorldEvent;
}
