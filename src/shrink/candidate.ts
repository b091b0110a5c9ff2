import type { Monitor, MonitorState, Stabilization, Violation } from '../judge/monitor.js';
import type { PropertyName } from '../shared/protocol.js';
import { NotEnabledError } from '../shared/errors.js';
import type { InFlight, System, World, WorldEvent } from '../shared/world.js';
import { findMessage } from '../world/world.js';
import { Execution } from '../kernel/execution.js';
import { RunModelError } from '../kernel/runModelError.js';
import { runEvents } from '../kernel/runEvents.js';
import { type LabeledEvent, type MessageRef, refKey } from './labels.js';
import { earliest, retime, stablePhaseProblem, synchronyProblem, type TimingPolicy } from './timing.js';

/** What the shrinker needs to judge a candidate: fixed for one shrink. */
export interface CandidateContext {
  system: System;
  monitor: Monitor;
  policy: TimingPolicy;
  /** The property the original trace violates; a candidate must violate the same one. */
  property: PropertyName;
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

/**
 * A lean replay over `apply` and the Monitor: message refs are resolved to the ids the candidate's
 * own world gave them, so removing an event never leaves a later delivery pointing at the wrong message.
 */
export function runCandidate(ctx: CandidateContext, candidate: readonly LabeledEvent[], times: 'kept' | 'earliest' = 'kept'): CandidateResult | null {
  return replayCandidate(ctx, candidate, times)?.result ?? null;
}

function replayCandidate(
  ctx: CandidateContext,
  candidate: readonly LabeledEvent[],
  times: 'kept' | 'earliest',
): { result: CandidateResult; recording: PrefixCache | null } | null {
  const { system, monitor } = ctx;
  const stableStep = ctx.stabilization === null ? -1 : candidate.filter((e) => e.index < ctx.stabilization!.step).length;
  // Checkpoints hold only while no stabilization has happened: before event k when k < stableStep.
  const checkpointable = (k: number) => stableStep === -1 || k < stableStep;
  const recording: PrefixCache | null = times === 'kept' && ctx.prefix !== null ? { candidate, checkpoints: [], ids: [], events: [] } : null;
  const ids = new Map<string, number>();
  const idLog: [string, number][] = recording?.ids ?? [];
  const noteId = (key: string, id: number) => {
    ids.set(key, id);
    if (recording !== null) idLog.push([key, id]);
  };
  const events: WorldEvent[] = recording?.events ?? [];
  let start = 0;
  const cache = times === 'kept' ? ctx.prefix : null;
  if (cache !== null && cache.checkpoints.length > 0 && stableStep !== 0) {
    const limit = Math.min(candidate.length, cache.checkpoints.length - 1);
    while (start < limit && candidate[start] === cache.candidate[start] && checkpointable(start + 1)) start++;
  }
  let exec: Execution;
  if (start > 0) {
    const resumed = cache!.checkpoints[start];
    for (let i = 0; i < resumed.idsLength; i++) noteId(cache!.ids[i][0], cache!.ids[i][1]);
    for (let i = 0; i < start; i++) {
      events.push(cache!.events[i]);
      recording?.checkpoints.push(cache!.checkpoints[i]);
    }
    exec = new Execution(system, monitor, resumed.world, resumed.state, start, events);
  } else {
    // No candidate is checked for plain data (it would cost a seventh of the shrinker's time): the trace shrunk is, once (shrinkTrace.ts).
    exec = Execution.boot(system, monitor, events, 0);
    exec.world.network.forEach((m, slot) => noteId(refKey(-1, slot), m.id));
  }
  // Messages with lower ids were sent before faults stopped (timing.ts stablePhaseProblem).
  let firstStableId: number | null = null;
  // randomRun opens the phase with its heal and restarts, at the very time faults stop and before
  // anything else; removing events before them must not leave a node down or the network split
  // while the liveness bound runs.
  let opening = false;
  const resolve = (item: LabeledEvent, _j: number, world: World): WorldEvent | null => {
    let event = item.event;
    if (item.ref !== undefined) {
      const m = resolveRef(world, ids, item.ref);
      if (m === undefined) return null;
      event = { ...event, id: m.id } as WorldEvent;
    }
    event = times === 'kept' ? retime(world, event, ctx.policy) : earliest(ctx.policy, world, event);
    if (synchronyProblem(ctx.policy, world, event) !== null) return null;
    if (ctx.stablePhase !== null && firstStableId !== null) {
      if (event.kind === 'heal' || event.kind === 'restart' || event.kind === 'resume') {
        if (!opening) return null;
        event = { ...event, at: world.now };
      } else {
        opening = false;
        if (world.partition !== null) return null;
      }
      if (stablePhaseProblem(ctx.policy, world, event, firstStableId) !== null) return null;
    }
    return event;
  };
  let valid: boolean;
  try {
    valid = runEvents(exec, candidate, start, {
      resolve,
      beforeEvent: (j) => {
        if (recording !== null && checkpointable(j)) recording.checkpoints.push({ world: exec.world, state: exec.state, idsLength: idLog.length });
      },
      afterEvent: (outcome, _event, j) => {
        outcome.sent.forEach((m, slot) => noteId(refKey(candidate[j].index, slot), m.id));
        ctx.replayed++;
      },
      stabilization: stableStep === -1 ? null : { step: stableStep, stableDelayTicks: ctx.policy.stableDelayTicks },
      onStabilize: () => {
        firstStableId = exec.world.nextMessageId;
        opening = true;
      },
      untilViolation: true,
    });
  } catch (error) {
    // Not a valid execution: an event the candidate's world does not enable, or one the model fails on.
    if (error instanceof NotEnabledError || error instanceof RunModelError) return null;
    throw error;
  }
  if (!valid) return null;
  const world = exec.world;
  if (ctx.stablePhase !== null && world.nodes.filter((slot) => !slot.up).length > ctx.stablePhase.downAtEndMax) return null;
  if (ctx.stablePhase !== null && firstStableId !== null && world.partition !== null) return null;
  const result = { violation: exec.state.violation, kept: candidate.slice(0, events.length), events: events.slice(), world };
  return { result, recording };
}

/** The in-flight message a ref names; a removed duplicate's copy falls back to the message it copied. */
function resolveRef(world: World, ids: ReadonlyMap<string, number>, ref: MessageRef): InFlight | undefined {
  const id = ids.get(refKey(ref.sender, ref.slot));
  if (id === undefined) return ref.copyOf === undefined ? undefined : resolveRef(world, ids, ref.copyOf);
  const m = findMessage(world, id);
  return m !== undefined && m.from === ref.from && m.to === ref.to && m.msg.type === ref.type ? m : undefined;
}

/** The candidate, cut at its violation, if it still violates the same property; else null. */
export function stillFails(ctx: CandidateContext, candidate: readonly LabeledEvent[]): CandidateResult | null {
  const kept = replayCandidate(ctx, candidate, 'kept');
  if (kept !== null && kept.result.violation?.property === ctx.property) {
    if (kept.recording !== null) ctx.prefix = kept.recording;
    return kept.result;
  }
  // Under a timed promise, removing an event can leave a deadline unmet at the times the original
  // run chose; moving every event to its earliest valid time (the schedule compressed) may not.
  const timed = ctx.policy.synchronous || ctx.stablePhase !== null;
  const compressed = timed ? runCandidate(ctx, candidate, 'earliest') : null;
  return compressed !== null && compressed.violation?.property === ctx.property ? compressed : null;
}
