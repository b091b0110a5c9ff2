import type { AnyProtocol, PropertyName } from '../shared/protocol.js';
import type { TickRange } from '../shared/profile.js';

/**
 * What a model that leaves a field out gets, resolved here and nowhere else: every strategy,
 * replay and the shrinker read a model's timing through these functions.
 */

/** Longest time (ticks) a correct run may take to elect a leader once faults stop, when the model does not say. */
export const DEFAULT_LIVENESS_BOUND_TICKS = 400;
/** Largest message delay (ticks) under which the model's timeouts hold, when the model does not say. */
export const DEFAULT_SYNCHRONOUS_DELAY_TICKS_MAX = 3;
/** The event budget of one random run: a run still going past it is cut off as a model error (it may loop). */
export const EVENTS_MAX_PER_RUN = 200_000;
/** What a user model promises when it does not say. */
export const DEFAULT_PROMISES: readonly PropertyName[] = ['election-safety', 'term-monotonic', 'liveness'];

/** What a user's model (`--model-file`) gets for the optional fields it leaves out, so a ten-line model works. */
export function userModelDefaults(file: string): Pick<AnyProtocol, 'summary' | 'defaultConfig' | 'promises'> {
  return { summary: `user model from ${file}`, defaultConfig: {}, promises: DEFAULT_PROMISES };
}

/**
 * The liveness bound of a cluster of `nodes`: the model's fixed figure, plus its per-node figure
 * times the node count when it gives one (then the fixed figure defaults to 0, not 400).
 */
export function livenessBoundTicks(protocol: AnyProtocol, nodes: number): number {
  const perNode = protocol.livenessBoundTicksPerNode;
  if (perNode === undefined) return protocol.livenessBoundTicks ?? DEFAULT_LIVENESS_BOUND_TICKS;
  return (protocol.livenessBoundTicks ?? 0) + perNode * nodes;
}

export function synchronousDelayTicksMax(protocol: AnyProtocol): number {
  return protocol.synchronousDelayTicksMax ?? DEFAULT_SYNCHRONOUS_DELAY_TICKS_MAX;
}

/**
 * The delays the model's timeouts are built for, [1, synchronousDelayTicksMax]: the `synchronous`
 * profile's delays, and the stabilization phase's network (no loss, no duplicates, bounded delays).
 */
export function synchronousDelayTicks(protocol: AnyProtocol): TickRange {
  return [1, synchronousDelayTicksMax(protocol)];
}
