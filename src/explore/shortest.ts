import { findProperty } from '../../properties/index.js';
import { InputError } from '../shared/errors.js';
import type { AnyProtocol } from '../shared/protocol.js';
import type { WorldEvent } from '../shared/world.js';
import type { Trace } from '../trace/format.js';
import { replay } from '../trace/replay.js';
import { FAULT_BUDGET_MAX, type ExploreBounds } from './bounds.js';
import { explore, type ExploreResult } from './explore.js';

/** States a shortest-counterexample search may store before it gives up (counted, so the answer is the same on every machine). */
export const SHORTEST_STATES_DEFAULT = 1_000_000;

export interface ShortestOutcome {
  /** The trace's own bounds: the search stays within what the counterexample itself used. */
  bounds: ExploreBounds;
  /** The breadth-first search within them. */
  result: ExploreResult;
  /**
   * The globally shortest counterexample within the bounds (its events, untimed), `proved` when
   * the search got to it; otherwise the search stopped first and the trace stands (`reason` says why).
   */
  shortest: { events: WorldEvent[]; step: number; detail: string } | null;
  reason: string | null;
}

/**
 * The bounds a counterexample lives in: its nodes (the trace's), the highest term any node reached,
 * the most messages in flight at once, and how many crashes, partitions, drops and duplicates it
 * took; its length bounds the depth. Every state on the trace's own path lies within them.
 */
export function traceBounds(protocol: AnyProtocol, trace: Trace): ExploreBounds {
  const steps = replay(trace, protocol).steps;
  let maxTerm = 0;
  let maxMessages = 0;
  const count = { crash: 0, partition: 0, drop: 0, duplicate: 0, pause: 0 };
  for (const step of steps) {
    maxMessages = Math.max(maxMessages, step.world.network.length);
    for (const slot of step.world.nodes) if (slot.view !== null) maxTerm = Math.max(maxTerm, slot.view.term);
    const kind = step.event?.kind;
    if (kind === 'crash' || kind === 'partition' || kind === 'drop' || kind === 'duplicate' || kind === 'pause') count[kind]++;
  }
  const budget = (n: number) => Math.min(n, FAULT_BUDGET_MAX);
  return {
    maxTerm,
    maxMessages,
    maxCrashes: budget(count.crash),
    maxPartitions: budget(count.partition),
    maxDrops: budget(count.drop),
    maxDups: budget(count.duplicate),
    ...(count.pause === 0 ? {} : { maxPauses: budget(count.pause) }),
    maxDepth: trace.violation?.step ?? steps.length - 1,
  };
}

/**
 * The globally shortest counterexample to a trace's safety violation within the trace's own bounds
 * (traceBounds), by breadth-first search, as SPIN's BFS gives: what random search found and the
 * shrinker made 1-minimal may still not be the shortest there is. The search checks only the
 * violated property and stops after `maxStates` states, saying so. For `check --shortest`, and
 * for the shrinker to call.
 */
export function shortestCounterexample(protocol: AnyProtocol, trace: Trace, maxStates = SHORTEST_STATES_DEFAULT): ShortestOutcome {
  const violated = trace.violation;
  if (violated === undefined || violated === null) throw new InputError('--shortest: the trace records no violation');
  if (findProperty(violated.property)?.kind !== 'safety') {
    throw new InputError(`--shortest: ${violated.property} is judged with a clock; breadth-first search checks safety properties only`);
  }
  const bounds = traceBounds(protocol, trace);
  const result = explore({ protocol, nodes: trace.nodes, config: trace.config, properties: [violated.property], bounds, symmetry: true, maxStates });
  const v = result.violation;
  if (v !== null) return { bounds, result, shortest: { events: v.events, step: v.step, detail: v.detail }, reason: null };
  const reason = result.modelError !== null
    ? `the search met a model error: ${result.modelError.detail.split('\n')[0]}`
    : result.complete
      ? 'no violation within the bounds: the trace depends on what breadth-first search does not model'
      : `the search stopped at ${result.states} states (--max-states) before it reached the violation`;
  return { bounds, result, shortest: null, reason };
}
