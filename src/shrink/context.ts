import type { Monitor, MonitorState, Stabilization, Violation } from '../judge/monitor.js';
import type { PropertyName } from '../shared/protocol.js';
import type { System, World, WorldEvent } from '../shared/world.js';
import type { LabeledEvent } from './labels.js';
import type { TimingPolicy } from './timing.js';

/** What the shrinker needs to judge a candidate: fixed for one shrink. */
export interface CandidateContext {
  system: System;
  monitor: Monitor;
  policy: TimingPolicy;
  /** The property the original trace violates; a candidate must violate the same one. */
  property: PropertyName;
  /** How the trace as found failed liveness (monitor.ts livenessFailure), which bounds how a candidate may (candidate.ts sameFailure). */
  failure: 'cycle' | 'quiet' | 'bound' | null;
  /** The original stabilization (original step numbering), if the run reached it. */
  stabilization: Stabilization | null;
  /**
   * For a liveness violation: events after the stabilization step must keep that phase's promise
   * (timing.ts stablePhaseProblem), and no more nodes may be down at the end than in the trace
   * as found (the profile's minority that stays down for good).
   */
  stablePhase: { downAtEndMax: number } | null;
  /** Events replayed so far by every candidate of this shrink: the measure of its work. */
  replayed: number;
  /** The label index the next event repair inserts gets: past every index the trace as found used. */
  nextIndex: number;
  /** The replay of the last candidate that still failed, to resume from (see PrefixCache); null turns reuse off. */
  prefix: PrefixCache | null;
}

/**
 * Candidates mostly share a prefix with the best trace so far (ddmin cuts a chunk out of it, a
 * group or a single event goes), and replaying that prefix again is most of a candidate's cost.
 * The replay of the last candidate that still failed keeps a checkpoint before each of its
 * events up to the stabilization step: the world, the monitor state and how many message ids
 * it had resolved. Worlds and pre-stabilization monitor states are immutable, so a candidate
 * whose first k events are the same objects resumes at checkpoint k with the same result as a
 * replay from boot. After stabilization the monitor's lasso table is mutable: no checkpoints.
 * Only untimed-as-kept replays are cached; the compressed (`earliest`) schedule moves every time.
 */
export interface PrefixCache {
  candidate: readonly LabeledEvent[];
  checkpoints: Checkpoint[];
  /** Message ids resolved, in the order they were: (ref key, id). */
  ids: [string, number][];
  events: WorldEvent[];
}

interface Checkpoint {
  world: World;
  state: MonitorState;
  /** How much of `ids` existed before this event. */
  idsLength: number;
}

export function emptyPrefixCache(): PrefixCache {
  return { candidate: [], checkpoints: [], ids: [], events: [] };
}

export interface CandidateResult {
  /** Null when the candidate is not a valid execution (an event not enabled, a broken promise). */
  violation: Violation | null;
  /** The events up to the violation (a candidate that fails early is cut there). */
  kept: LabeledEvent[];
  /** The same events with message ids resolved in the candidate's own world. */
  events: WorldEvent[];
  world: World;
}

