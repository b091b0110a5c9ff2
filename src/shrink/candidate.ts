import { livenessFailure, type Violation } from '../judge/monitor.js';
import type { InFlight, World, WorldEvent } from '../shared/world.js';
import { findMessage } from '../world/world.js';
import { Execution } from '../kernel/execution.js';
import { RunModelError } from '../kernel/runModelError.js';
import { runEvents } from '../kernel/runEvents.js';
import { NotEnabledError } from '../shared/errors.js';
import type { CandidateContext, CandidateResult, PrefixCache } from './context.js';
import { faultPhaseLength, inPhase, type LabeledEvent, type MessageRef, refKey } from './labels.js';
import { repairCandidate } from './repair.js';
import { earliest, retime, stablePhaseProblem, synchronyProblem } from './timing.js';

export { type CandidateContext, type CandidateResult, emptyPrefixCache, type PrefixCache } from './context.js';

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
  const stableStep = ctx.stabilization === null ? -1 : faultPhaseLength(candidate);
  // Checkpoints hold only while no stabilization has happened: before event k when k < stableStep.
  const checkpointable = (k: number) => stableStep === -1 || k < stableStep;
  const recording: PrefixCache | null = times === 'kept' && ctx.prefix !== null ? { candidate, checkpoints: [], ids: [], events: [] } : null;
  const ids = new Map<string, number>();
  const idLog: [string, number][] = recording?.ids ?? [];
  const noteId = (key: string, id: number) => {
    ids.set(key, id);
    if (recording !== null) idLog.push([key, id]);
  };
  // By slot, and by what the message is (the first of its sender with that from, to and type),
  // for a smaller cluster whose broadcasts have fewer slots (refs.ts says the same).
  const noteSent = (sender: number, slot: number, m: InFlight) => {
    noteId(refKey(sender, slot), m.id);
    const key = matchKey(sender, m.from, m.to, m.msg.type);
    if (!ids.has(key)) noteId(key, m.id);
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
    exec.world.network.forEach((m, slot) => noteSent(-1, slot, m));
  }
  // Messages with lower ids were sent before faults stopped (timing.ts stablePhaseProblem).
  let firstStableId: number | null = null;
  let stableAt = 0;
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
      if (stablePhaseProblem(ctx.policy, world, event, firstStableId, stableAt) !== null) return null;
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
        outcome.sent.forEach((m, slot) => noteSent(candidate[j].index, slot, m));
        ctx.replayed++;
      },
      stabilization: stableStep === -1 ? null : { step: stableStep, stableDelayTicks: ctx.policy.stableDelayTicks },
      onStabilize: () => {
        firstStableId = exec.world.nextMessageId;
        stableAt = exec.world.now;
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
  const kept = candidate.slice(0, events.length);
  const result = { violation: exec.state.violation, kept: stableStep === -1 ? kept : kept.map((e, k) => inPhase(e, k >= stableStep)), events: events.slice(), world };
  return { result, recording };
}

/** The in-flight message a ref names; a removed duplicate's copy falls back to the message it copied. */
function resolveRef(world: World, ids: ReadonlyMap<string, number>, ref: MessageRef): InFlight | undefined {
  const id = ids.get(refKey(ref.sender, ref.slot));
  if (id === undefined) return ref.copyOf === undefined ? undefined : resolveRef(world, ids, ref.copyOf);
  const same = (m: InFlight | undefined): m is InFlight => m !== undefined && m.from === ref.from && m.to === ref.to && m.msg.type === ref.type;
  const m = findMessage(world, id);
  if (same(m)) return m;
  const other = ids.get(matchKey(ref.sender, ref.from, ref.to, ref.type));
  const stand = other === undefined || other === id ? undefined : findMessage(world, other);
  return same(stand) ? stand : undefined;
}

const matchKey = (sender: number, from: number, to: number, type: string): string => `${sender}:${from}>${to}:${type}`;

/**
 * The candidate still fails as the trace as found does: the same property, and for a liveness
 * trace that passed its bound, no other way to pass it. A lasso or a quiet world fails whatever
 * the timing; a run left leaderless past its bound may owe it to timing the promise allows but
 * no real run draws (every election timeout at its maximum, in step), so only a trace found that
 * way may shrink to one.
 */
function sameFailure(ctx: CandidateContext, violation: Violation | null): boolean {
  if (violation === null || violation.property !== ctx.property) return false;
  return ctx.failure !== 'cycle' && ctx.failure !== 'quiet' ? true : livenessFailure(violation) !== 'bound';
}

/** The candidate, cut at its violation, if it still violates the same property; else null. */
export function stillFails(ctx: CandidateContext, candidate: readonly LabeledEvent[]): CandidateResult | null {
  const kept = replayCandidate(ctx, candidate, 'kept');
  if (kept !== null && sameFailure(ctx, kept.result.violation)) {
    if (kept.recording !== null) ctx.prefix = kept.recording;
    return kept.result;
  }
  // Under a timed promise, removing an event can leave a deadline unmet at the times the original
  // run chose: repair inserts what the promise forces, first with the schedule compressed, then,
  // for a liveness trace, with time run on as far as the promise allows (repair.ts).
  const timed = ctx.policy.synchronous || ctx.stablePhase !== null;
  if (!timed) return null;
  const fails = (r: CandidateResult | null): r is CandidateResult => r !== null && sameFailure(ctx, r.violation);
  const compressed = repairCandidate(ctx, candidate, 'earliest');
  if (fails(compressed)) return compressed;
  // Stretching time helps a run pass its bound with fewer events; a lasso or a quiet world it does not.
  if (ctx.stablePhase === null || ctx.failure !== 'bound') return null;
  const stretched = repairCandidate(ctx, candidate, 'latest');
  return fails(stretched) ? stretched : null;
}

/**
 * A timed safety candidate that may end early: repair runs it on as the promise forces until it
 * fails or reaches `eventsMax` events (repair.ts forcedTail); kept only if it fails the same way.
 */
export function stillFailsWithTail(ctx: CandidateContext, candidate: readonly LabeledEvent[], eventsMax: number): CandidateResult | null {
  const result = repairCandidate(ctx, candidate, 'earliest', eventsMax);
  return result !== null && sameFailure(ctx, result.violation) ? result : null;
}
