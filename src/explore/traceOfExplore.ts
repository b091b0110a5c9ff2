import type { AnyProtocol, ModelConfig } from '../shared/protocol.js';
import { TRACE_FORMAT, type Trace } from '../trace/format.js';
import type { ExploreResult } from './explore.js';

/**
 * The counterexample as a `leadercheck/trace@1` trace: untimed events that `replay` re-executes.
 * For a model error, the events up to the one the model threw on, with no violation.
 */
export function traceOfExplore(protocol: AnyProtocol, nodes: number, config: ModelConfig | undefined, result: ExploreResult, modelFile?: string): Trace {
  const v = result.violation;
  const events = v?.events ?? result.modelError?.events;
  if (events === undefined) throw new Error('traceOfExplore: the search found no violation and no model error');
  const trace: Trace = {
    format: TRACE_FORMAT,
    model: protocol.name,
    ...(modelFile === undefined ? {} : { modelFile }),
    nodes,
    config: { ...protocol.defaultConfig, ...config },
    profile: 'explore',
    properties: result.properties,
    events,
    ...(v === null ? {} : { violation: { property: v.property, step: v.step, detail: v.detail } }),
  };
  return trace;
}
