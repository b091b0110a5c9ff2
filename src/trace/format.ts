import type { Stabilization, Violation } from '../judge/monitor.js';
import type { ModelConfig, NodeId, PropertyName } from '../shared/protocol.js';
import type { WorldEvent } from '../shared/world.js';

export const TRACE_FORMAT = 'leadercheck/trace@1';

/**
 * A message event may name its message by id, or by selector (the oldest matching in-flight
 * message) so people can write scenarios by hand (docs/design.md section 6).
 */
export type MessageSelector = { from?: NodeId; to?: NodeId; type?: string };
export type TraceEvent =
  | WorldEvent
  | ({ kind: 'deliver' | 'drop' | 'duplicate'; at?: number } & MessageSelector);

export interface Trace {
  format: typeof TRACE_FORMAT;
  model: string;
  /** Path of the user's model module, for a model loaded with --model-file. */
  modelFile?: string;
  nodes: number;
  config?: ModelConfig;
  profile?: string;
  /** The flat options a run drew when its profile is drawn per run (swarm). */
  profileOptions?: Record<string, unknown>;
  /**
   * Each node's clock rate (index i is node i + 1), when its profile draws clock drift: a timer of
   * `after` ticks on a node at rate r fires round(after / r) ticks later (src/world/clock.ts).
   */
  clockRates?: number[];
  /** How the run ordered what the timing allowed, when not random draws: `{"name":"pct","depth":3}`. */
  strategy?: { name: string; depth?: number };
  seed?: string;
  /** Index of the run within the seed's sequence (`check --run N` reruns it alone). */
  run?: number;
  /** The properties the run checked; replay checks the same ones. */
  properties?: PropertyName[];
  /** When faults stopped, for judging liveness on replay. */
  stabilization?: Stabilization;
  events: TraceEvent[];
  violation?: Violation | null;
}

/**
 * The canonical encoding: fixed key order, one event per line, so equal traces are byte-identical
 * files and a diff of two traces reads event by event.
 */
export function encodeTrace(trace: Trace): string {
  const head: Record<string, unknown> = {};
  for (const key of ['format', 'model', 'modelFile', 'nodes', 'config', 'profile', 'profileOptions', 'clockRates', 'strategy', 'seed', 'run', 'properties', 'stabilization'] as const) {
    if (trace[key] !== undefined) head[key] = trace[key];
  }
  const lines = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const events = trace.events.map((e) => `    ${JSON.stringify(e)}`).join(',\n');
  lines.push(`  "events": [${trace.events.length === 0 ? '' : `\n${events}\n  `}]`);
  if (trace.violation !== undefined) lines.push(`  "violation": ${JSON.stringify(trace.violation)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}
