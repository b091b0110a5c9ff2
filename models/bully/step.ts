import type { Input, NodeContext, NodeId, Send, Step, TimerEffect } from '../../src/shared/protocol.js';
import type { BullyConfig, BullyMessage, BullyState, BullyStored, BullyVariant } from './types.js';

type Ctx = NodeContext<BullyConfig>;
type BullyStep = Step<BullyState, BullyMessage>;

const cancel = (name: string): TimerEffect => ({ name, cancel: true });

/** First boot: "when the system starts, nodes should attempt to elect a leader". */
export function initBully(variant: BullyVariant) {
  return (ctx: Ctx): BullyStep => startElection(variant, { role: 'follower', round: 0, leader: null, awaiting: null }, 1, ctx);
}

/**
 * Boot after a crash: Garcia-Molina's recovering node holds an election at once, so a restarted
 * higher id bullies a lower leader; the stored round keeps the term monotonic.
 */
export function recoverBully(variant: BullyVariant) {
  return (stored: BullyStored | undefined, ctx: Ctx): BullyStep => {
    const round = stored?.round ?? 0;
    return startElection(variant, { role: 'follower', round, leader: null, awaiting: null }, round + 1, ctx);
  };
}

export const storedBully = (s: BullyState): BullyStored => ({ round: s.round });

/** One entry point per node, dispatching on the input as etcd's raft.Step does. */
export function stepBully(variant: BullyVariant) {
  return (s: BullyState, input: Input<BullyMessage>, ctx: Ctx): BullyStep => {
    if (input.kind === 'timer') return onTimer(variant, s, input.name, ctx);
    const { from, msg } = input;
    switch (msg.type) {
      case 'Election':
        return onElection(variant, s, from, msg.round, ctx);
      case 'Answer':
        return onAnswer(variant, s, msg.round, ctx);
      case 'Coordinator':
        return onCoordinator(variant, s, from, msg.round, ctx);
      case 'Heartbeat':
        return variant.detectsFailures ? onHeartbeat(variant, s, from, msg.round, ctx) : { state: s };
    }
  };
}

/**
 * Garcia-Molina: a node that gets Election from a lower id answers it (it is alive and better) and
 * holds its own election unless it is already in one. A leader's own election would end in its
 * own Coordinator again, so it re-asserts at once rather than leave the cluster leaderless.
 */
function onElection(variant: BullyVariant, s: BullyState, from: NodeId, round: number, ctx: Ctx): BullyStep {
  if (from > ctx.id) return { state: s, marks: ['Election from a higher id ignored'] };
  const joined = Math.max(s.round, round);
  const answer: Send<BullyMessage> = { to: from, msg: { type: 'Answer', round: joined } };
  if (s.role === 'leader') {
    const reassert: Send<BullyMessage> = { to: from, msg: { type: 'Coordinator', round: s.round } };
    return { state: s, send: [answer, reassert], marks: ['leader answers and re-asserts'] };
  }
  if (s.role === 'candidate') {
    const state = joined === s.round ? s : { ...s, round: joined };
    return { state, send: [answer] };
  }
  return prepend(answer, startElection(variant, s, joined, ctx));
}

/** A higher id is alive and will take over: wait for its Coordinator (Garcia-Molina's second timeout). */
function onAnswer(variant: BullyVariant, s: BullyState, round: number, ctx: Ctx): BullyStep {
  if (s.role !== 'candidate' || s.awaiting !== 'answer') return { state: s };
  const state: BullyState = { ...s, round: Math.max(s.round, round), awaiting: 'coordinator' };
  const timers: TimerEffect[] = [cancel('answer')];
  if (variant.detectsFailures) timers.push({ name: 'coordinator', after: ctx.config.coordinatorTimeout });
  return { state, timers };
}

/** A Coordinator from a higher id is obeyed; one from a lower id is bullied. */
function onCoordinator(variant: BullyVariant, s: BullyState, from: NodeId, round: number, ctx: Ctx): BullyStep {
  if (from > ctx.id) {
    const marks = s.role === 'leader' ? ['leader steps down to a higher coordinator'] : [];
    return { ...becomeFollower(variant, s, from, Math.max(s.round, round), ctx), marks };
  }
  return bullyLowerLeader(variant, s, from, ctx);
}

/** The leader's heartbeats are the failure detector; they also settle who leads after a partition. */
function onHeartbeat(variant: BullyVariant, s: BullyState, from: NodeId, round: number, ctx: Ctx): BullyStep {
  if (from < ctx.id) return s.role === 'candidate' ? { state: s } : bullyLowerLeader(variant, s, from, ctx);
  if (s.role === 'follower' && s.leader !== null && from < s.leader) return { state: s };
  const marks = s.role === 'leader' ? ['leader steps down to a higher leader'] : s.leader !== from ? ['follows a higher leader it hears'] : [];
  return { ...becomeFollower(variant, s, from, Math.max(s.round, round), ctx), marks };
}

/** A lower id claims to lead: a leader tells it who is boss; a follower holds an election. */
function bullyLowerLeader(variant: BullyVariant, s: BullyState, lower: NodeId, ctx: Ctx): BullyStep {
  if (s.role === 'leader') {
    return { state: s, send: [{ to: lower, msg: { type: 'Coordinator', round: s.round } }], marks: ['bullies a lower leader'] };
  }
  if (s.role === 'candidate') return { state: s };
  return { ...startElection(variant, s, s.round + 1, ctx), marks: ['follower bullies a lower leader'] };
}

function onTimer(variant: BullyVariant, s: BullyState, name: string, ctx: Ctx): BullyStep {
  switch (name) {
    case 'answer':
      // Nobody higher answered within a round trip: they are all down (Garcia-Molina's first timeout).
      return s.role === 'candidate' && s.awaiting === 'answer' ? becomeLeader(s, s.round, ctx) : { state: s };
    case 'coordinator':
      if (s.role !== 'candidate' || s.awaiting !== 'coordinator') return { state: s };
      return { ...startElection(variant, s, s.round + 1, ctx), marks: ['no Coordinator after an Answer: election restarts'] };
    case 'leader-timeout':
      if (s.role !== 'follower') return { state: s };
      return { ...startElection(variant, s, s.round + 1, ctx), marks: ['leader silent: follower starts an election'] };
    case 'heartbeat':
      if (s.role !== 'leader') return { state: s };
      return { state: s, send: toAllOthers(ctx, { type: 'Heartbeat', round: s.round }), timers: [heartbeatTimer(ctx)] };
    default:
      return { state: s };
  }
}

// Role changes go through these three, as etcd's become* do.

/** Election to every higher id; the highest id has nobody to ask and declares itself at once. */
function startElection(variant: BullyVariant, s: BullyState, round: number, ctx: Ctx): BullyStep {
  const higher: Send<BullyMessage>[] = [];
  for (let peer = ctx.id + 1; peer <= ctx.nodes; peer++) higher.push({ to: peer, msg: { type: 'Election', round } });
  if (higher.length === 0) return becomeLeader(s, round, ctx);
  const state: BullyState = { role: 'candidate', round, leader: null, awaiting: 'answer' };
  const timers: TimerEffect[] = [cancel('coordinator'), cancel('leader-timeout'), cancel('heartbeat')];
  if (variant.detectsFailures) timers.push({ name: 'answer', after: ctx.config.answerTimeout });
  return { state, send: higher, timers };
}

function becomeLeader(s: BullyState, round: number, ctx: Ctx): BullyStep {
  if (s.role === 'leader') throw new Error('invalid transition leader -> leader');
  const state: BullyState = { role: 'leader', round, leader: ctx.id, awaiting: null };
  return {
    state,
    send: toAllOthers(ctx, { type: 'Coordinator', round }),
    timers: [cancel('answer'), cancel('coordinator'), cancel('leader-timeout'), heartbeatTimer(ctx)],
  };
}

function becomeFollower(variant: BullyVariant, s: BullyState, leader: NodeId, round: number, ctx: Ctx): BullyStep {
  if (round < s.round) throw new Error(`invalid transition: round ${s.round} -> ${round}`);
  const same = s.role === 'follower' && s.leader === leader && s.round === round;
  const state: BullyState = same ? s : { role: 'follower', round, leader, awaiting: null };
  const timers: TimerEffect[] = [cancel('answer'), cancel('coordinator'), cancel('heartbeat')];
  if (variant.detectsFailures) timers.push({ name: 'leader-timeout', after: ctx.config.leaderTimeout });
  return { state, timers };
}

const heartbeatTimer = (ctx: Ctx): TimerEffect => ({ name: 'heartbeat', after: ctx.config.heartbeat });

function toAllOthers(ctx: Ctx, msg: BullyMessage): Send<BullyMessage>[] {
  const send: Send<BullyMessage>[] = [];
  for (let peer = 1; peer <= ctx.nodes; peer++) if (peer !== ctx.id) send.push({ to: peer, msg });
  return send;
}

function prepend(first: Send<BullyMessage>, step: BullyStep): BullyStep {
  return { ...step, send: [first, ...(step.send ?? [])] };
}
