import { propertiesNamed } from '../../properties/index.js';
import { Monitor, type Violation } from '../judge/monitor.js';
import { InputError } from '../shared/errors.js';
import type { AnyProtocol, PropertyName } from '../shared/protocol.js';
import { NotEnabledError } from '../shared/errors.js';
import type { Outcome, System, World, WorldEvent } from '../shared/world.js';
import { canonicalJson } from '../world/canonicalJson.js';
import { createSystem } from '../world/world.js';
import { Execution } from '../kernel/execution.js';
import { runEvents } from '../kernel/runEvents.js';
import { RunModelError } from '../kernel/runModelError.js';
import { synchronousDelayTicks } from '../model/defaults.js';
import type { Trace, TraceEvent } from './format.js';

export interface ReplayStep {
  /** 0 is the world after boot; N the world after the N-th event. */
  index: number;
  /** The event with any selector resolved to a message id (null for step 0). */
  event: WorldEvent | null;
  world: World;
  outcome: Outcome | null;
}

export interface ReplayResult {
  system: System;
  steps: ReplayStep[];
  violation: Violation | null;
  properties: PropertyName[];
}

/** The properties a trace is judged by: those it names (or the model's promises) plus its violation's. */
export function traceProperties(trace: Trace, protocol: AnyProtocol): PropertyName[] {
  const names = new Set<PropertyName>(trace.properties ?? protocol.promises);
  if (trace.violation) names.add(trace.violation.property);
  return [...names];
}

/**
 * Re-executes a trace on the bare world: same events, same worlds, same verdict, every time.
 * An event that is not enabled is an InputError naming its index.
 */
export function replay(trace: Trace, protocol: AnyProtocol): ReplayResult {
  let system: System;
  try {
    system = createSystem(protocol, trace.nodes, trace.config);
  } catch (error) {
    throw new InputError(`trace: ${(error as Error).message}`);
  }
  const properties = traceProperties(trace, protocol);
  let monitor: Monitor;
  try {
    monitor = new Monitor(propertiesNamed(properties), trace.stabilization?.boundTicks ?? null);
  } catch (error) {
    throw new InputError(`trace: ${(error as Error).message}`);
  }
  let exec: Execution;
  try {
    // Every event is checked for plain data: a trace is replayed before it is reported.
    exec = Execution.boot(system, monitor, [], Infinity);
  } catch (error) {
    // A trace's config reaches the model at boot: a bad one is bad input, not a model bug. A model
    // that cannot boot with its own default config is a model error, and the empty trace shows it.
    if (!(error instanceof RunModelError)) throw error;
    if (canonicalJson(system.config) === canonicalJson(protocol.defaultConfig ?? {})) throw error;
    throw new InputError(`trace: the model cannot boot with config ${JSON.stringify(system.config)} (${error.message.split('\n')[0]})`);
  }
  const steps: ReplayStep[] = [{ index: 0, event: null, world: exec.world, outcome: null }];
  const stable = trace.stabilization;
  const stabilization = stable ? { step: stable.step, stableDelayTicks: synchronousDelayTicks(protocol) } : null;
  try {
    runEvents(exec, trace.events, 0, {
      resolve: resolveEvent,
      afterEvent: (outcome, event, i) => steps.push({ index: i + 1, event, world: outcome.world, outcome }),
      stabilization,
    });
  } catch (error) {
    // A model error propagates as it is (RunModelError, with the events that led to it).
    if (error instanceof NotEnabledError) throw new InputError(`events[${exec.steps}] (step ${exec.steps + 1}) is not enabled: ${error.message}`);
    throw error;
  }
  return { system, steps, violation: exec.state.violation, properties };
}

/**
 * The model error replaying `trace` meets, every event checked for plain data, or null when it
 * replays: how a trace made with fewer checks (a run, a shrink) is checked before it is reported.
 */
export function modelErrorOnReplay(trace: Trace, protocol: AnyProtocol): RunModelError | null {
  try {
    replay(trace, protocol);
    return null;
  } catch (error) {
    if (error instanceof RunModelError) return error;
    throw error;
  }
}

/** Turns a selector into the id of the oldest matching in-flight message. */
export function resolveEvent(event: TraceEvent, index: number, world: World): WorldEvent {
  if (event.kind !== 'deliver' && event.kind !== 'drop' && event.kind !== 'duplicate') return event as WorldEvent;
  if ('id' in event && event.id !== undefined) return event as WorldEvent;
  const sel = event as { from?: number; to?: number; type?: string; at?: number };
  const match = world.network.find(
    (m) =>
      (sel.from === undefined || m.from === sel.from) &&
      (sel.to === undefined || m.to === sel.to) &&
      (sel.type === undefined || m.msg.type === sel.type),
  );
  if (match === undefined) {
    const parts = [sel.type ?? 'message', sel.from !== undefined ? `from ${sel.from}` : '', sel.to !== undefined ? `to ${sel.to}` : '']
      .filter(Boolean)
      .join(' ');
    throw new InputError(`events[${index}] (step ${index + 1}) is not enabled: ${event.kind}: no ${parts} is in flight`);
  }
  return sel.at === undefined ? { kind: event.kind, id: match.id } : { kind: event.kind, id: match.id, at: sel.at };
}
