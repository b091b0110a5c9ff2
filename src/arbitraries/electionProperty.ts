import fc from 'fast-check';
import { propertiesNamed } from '../../properties/index.js';
import { Monitor } from '../judge/monitor.js';
import type { AnyProtocol, ModelConfig, PropertyName } from '../shared/protocol.js';
import { shrinkTrace } from '../shrink/shrinkTrace.js';
import { encodeTrace, TRACE_FORMAT, type Trace } from '../trace/format.js';
import { createSystem } from '../world/world.js';
import { runSchedule, type Schedule } from './runSchedule.js';
import { scheduleArbitrary, type ScheduleArbitraryOptions } from './scheduleArbitrary.js';

export interface ElectionPropertyOptions extends ScheduleArbitraryOptions {
  /** Cluster size (default 3). */
  nodes?: number;
  config?: ModelConfig;
  /**
   * Safety properties to check (default: the safety ones the model promises). Schedules are
   * asynchronous and have no stabilization phase, so liveness is not judged here.
   */
  properties?: readonly PropertyName[];
}

/**
 * A fast-check property: no schedule violates the model's safety promises. On failure fast-check
 * shrinks the choices and the fault budget; the error it reports carries the counterexample as a
 * `leadercheck/trace@1` trace, shrunk again on concrete events, ready for `leadercheck replay`.
 *
 * ```ts
 * fc.assert(electionProperty(myModel, { nodes: 3 }));
 * ```
 */
export function electionProperty(protocol: AnyProtocol, options: ElectionPropertyOptions = {}): fc.IPropertyWithHooks<[Schedule]> {
  const nodes = options.nodes ?? 3;
  const system = createSystem(protocol, nodes, options.config);
  const names = options.properties ?? protocol.promises;
  const properties = propertiesNamed(names).filter((p) => p.kind === 'safety');
  const monitor = new Monitor(properties);
  return fc.property(scheduleArbitrary(options), (schedule) => {
    const run = runSchedule(system, monitor, schedule);
    if (run.violation === null) return;
    const trace: Trace = {
      format: TRACE_FORMAT,
      model: protocol.name,
      nodes,
      config: system.config,
      properties: properties.map((p) => p.name),
      events: run.events,
      violation: run.violation,
    };
    const shrunk = shrinkTrace(trace, protocol).trace;
    const v = shrunk.violation!;
    throw new Error(`${v.property} violated at step ${v.step}: ${v.detail}\n${encodeTrace(shrunk)}`);
  });
}
