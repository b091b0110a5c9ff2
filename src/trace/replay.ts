import { propertiesNamed } from '../../properties/index.js';
import { Monitor, type Violation } from '../judge/monitor.js';
import { InputError } from '../shared/errors.js';
import type { AnyProtocol, PropertyName } from '../shared/protocol.js';
import { ModelError, NotEnabledError } from '../shared/errors.js';
import type { Outcome, System, World, WorldEvent } from '../shared/world.js';
import { canonicalJson } from '../world/canonicalJson.js';
import { apply, boot, createSystem } from '../world/world.js';
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
  let world: World;
  try {
    world = boot(system);
  } catch (error) {
    // A trace's config reaches the model at boot: a bad one is bad input, not a model bug. A model
    // that cannot boot with its own default config is a model error, and the empty trace shows it.
    if (error instanceof ModelError && canonicalJson(system.config) === canonicalJson(protocol.defaultConfig ?? {})) throw error;
    if (error instanceof ModelError || error instanceof TypeError) {
      throw new InputError(`trace: the model cannot boot with config ${JSON.stringify(system.config)} (${error.message.split('\n')[0]})`);
    }
    throw error;
  }
  let state = monitor.start(world);
  const steps: ReplayStep[] = [{ index: 0, event: null, world, outcome: null }];
  const stableStep = trace.stabilization?.step;
  const stableDelay = synchronousDelayTicks(protocol);
  if (stableStep === 0) state = monitor.stabilize(state, world, 0, stableDelay);
  trace.events.forEach((raw, i) => {
    const event = resolveEvent(world, raw, i);
    let outcome: Outcome;
    try {
      outcome = apply(system, world, event);
    } catch (error) {
      if (error instanceof NotEnabledError) throw new InputError(`events[${i}] (step ${i + 1}) is not enabled: ${error.message}`);
      if (error instanceof ModelError) throw error;
      throw error;
    }
    world = outcome.world;
    state = monitor.observe(state, world, i + 1);
    if (stableStep === i + 1) state = monitor.stabilize(state, world, i + 1, stableDelay);
    steps.push({ index: i + 1, event, world, outcome });
  });
  state = monitor.finish(state, world, trace.events.length);
  return { system, steps, violation: state.violation, properties };
}

/** Turns a selector into the id of the oldest matching in-flight message. */
function resolveEvent(world: World, event: TraceEvent, index: number): WorldEvent {
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
