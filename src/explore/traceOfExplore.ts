import type { AnyProtocol, ModelConfig } from '../protocol.js';
import { TRACE_FORMAT, type Trace } from '../trace/format.js';
import type { ExploreResult } from './explore.js';

/** The counterexample as a `leadercheck/trace@1` trace: untimed events that `replay` re-executes. */
export function traceOfExplore(protocol: AnyProtocol, nodes: number, config: ModelConfig | undefined, result: ExploreResult, modelFile?: string): Trace {
  const v = result.violation;
  if (v === null) throw new Error('traceOfExplore: the search found no violation');
  const trace: Trace = {
    format: TRACE_FORMAT,
    model: protocol.name,
    ...(modelFile === undefined ? {} : { modelFile }),
    nodes,
    config: { ...protocol.defaultConfig, ...config },
    profile: 'explore',
    properties: result.properties,
    events: v.events,
    violation: { property: v.property, step: v.step, detail: v.detail },
  };
  return trace;
}
