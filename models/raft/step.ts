import type { Input, NodeId, Send, Step, TimerEffect } from '../../src/shared/protocol.js';
import { checkQuorum, checkQuorumOn, countPreVote, ignoresVoteRequest, keepsTerm, noteHeard, onPreVote, preVoteOn, quorumCheckTimer, startPreVote } from './preVote.js';
import { assertTransition, becomeCandidate, becomeFollower, type Ctx, electionTimer, heartbeatTimer } from './roles.js';
import type { RaftMessage, RaftState, RaftStored, RaftVariant } from './types.js';

type RaftStep = Step<RaftState, RaftMessage>;

/** First boot: a follower in term 0 waiting for its election timeout. */
export function initRaft(ctx: Ctx): RaftStep {
  const state: RaftState = { role: 'follower', currentTerm: 0, votedFor: null, leader: null, votes: [] };
  return { state, timers: [electionTimer(ctx)] };
}

/** Boot after a crash: Figure 2's persistent state comes back, everything else starts afresh. */
export function recoverRaft(stored: RaftStored | undefined, ctx: Ctx): RaftStep {
  const state: RaftState = {
    role: 'follower',
    currentTerm: stored?.currentTerm ?? 0,
    votedFor: stored?.votedFor ?? null,
    leader: null,
    votes: [],
  };
  return { state, timers: [electionTimer(ctx)] };
}

export function storedRaft(variant: RaftVariant) {
  return (s: RaftState): RaftStored =>
    variant.persistVote ? { currentTerm: s.currentTerm, votedFor: s.votedFor } : { currentTerm: s.currentTerm };
}

/**
 * One entry point per node, as in etcd's raft.Step: normalise the term first (Figure 2, "Rules for
 * Servers": a higher term makes the node a follower of that term), then dispatch on the input.
 */
export function stepRaft(variant: RaftVariant) {
  return (s: RaftState, input: Input<RaftMessage>, ctx: Ctx): RaftStep => {
    if (input.kind === 'timer') return input.name === 'election' ? onElectionTimeout(s, ctx) : onHeartbeat(s, ctx);
    const { from, msg } = input;
    const marks: string[] = [];
    let state = s;
    let stepDown: readonly TimerEffect[] = [];
    if (ignoresVoteRequest(state, msg, ctx)) return { state, marks: ['vote request ignored: leader lease'] };
    if (msg.term > state.currentTerm && !keepsTerm(msg)) {
      if (state.role !== 'follower') marks.push(`${state.role} steps down on higher term`);
      // A leader cancelled its election timer when it won; as a follower it must time out again
      // (Figure 2, Followers), whatever message brought the higher term, replies included.
      if (state.role === 'leader') stepDown = [{ name: 'heartbeat', cancel: true }, electionTimer(ctx)];
      state = becomeFollower(state, msg.term, null);
    } else if (msg.term < state.currentTerm) {
      return withMarks(rejectStale(state, from, msg), ['stale term rejected']);
    }
    const step = handleCurrentTerm(variant, state, from, msg, ctx);
    const stepMarks = step.marks === undefined ? marks : [...marks, ...step.marks];
    const timers = stepDown.length === 0 ? step.timers : [...stepDown, ...(step.timers ?? [])];
    // A higher term changes stable state, so the new state stands even if the handler did nothing.
    return withMarks(timers === step.timers ? step : { ...step, timers }, stepMarks);
  };
}

function withMarks(step: RaftStep, marks: readonly string[]): RaftStep {
  return marks.length === 0 ? step : { ...step, marks };
}

/** §5.1: a request with a stale term is rejected with the current term; a stale reply is ignored. */
function rejectStale(s: RaftState, from: NodeId, msg: RaftMessage): RaftStep {
  switch (msg.type) {
    case 'RequestVote':
      return { state: s, send: [{ to: from, msg: { type: 'RequestVoteReply', term: s.currentTerm, granted: false } }] };
    case 'AppendEntries':
      return { state: s, send: [{ to: from, msg: { type: 'AppendEntriesReply', term: s.currentTerm, success: false } }] };
    case 'PreVote':
      return { state: s, send: [{ to: from, msg: { type: 'PreVoteReply', term: s.currentTerm, granted: false } }] };
    default:
      return { state: s };
  }
}

function handleCurrentTerm(variant: RaftVariant, s: RaftState, from: NodeId, msg: RaftMessage, ctx: Ctx): RaftStep {
  switch (msg.type) {
    case 'RequestVote':
      return onRequestVote(variant, s, msg.candidate, ctx);
    case 'RequestVoteReply':
      return onRequestVoteReply(variant, s, from, msg.granted, ctx);
    case 'AppendEntries':
      return onAppendEntries(s, msg.leader, ctx);
    case 'AppendEntriesReply':
      return { state: noteHeard(s, from) };
    case 'PreVote':
      return onPreVote(s, from, msg.term);
    case 'PreVoteReply': {
      const { state, won } = countPreVote(s, from, msg, ctx.nodes);
      return won ? campaign(state, ctx) : { state };
    }
  }
}

/** §5.2 and §5.4: grant at most one vote per term (no log, so every candidate is up to date). */
function onRequestVote(variant: RaftVariant, s: RaftState, candidate: NodeId, ctx: Ctx): RaftStep {
  const mayVote = s.votedFor === null || s.votedFor === candidate || !variant.voteOncePerTerm;
  const granted = mayVote && s.role === 'follower';
  const reply: Send<RaftMessage> = { to: candidate, msg: { type: 'RequestVoteReply', term: s.currentTerm, granted } };
  if (!granted) {
    const marks = s.role === 'follower' ? ['vote refused: already voted this term'] : [];
    return { state: s, send: [reply], marks };
  }
  const marks = s.votedFor !== null && s.votedFor !== candidate ? ['second vote granted in one term'] : [];
  // Granting a vote resets the election timer (Figure 2, Followers).
  return { state: { ...s, votedFor: candidate }, send: [reply], timers: [electionTimer(ctx)], marks };
}

function onRequestVoteReply(variant: RaftVariant, s: RaftState, from: NodeId, granted: boolean, ctx: Ctx): RaftStep {
  if (s.role !== 'candidate' || !granted || s.votes.includes(from)) return { state: s };
  const votes = [...s.votes, from].sort((a, b) => a - b);
  if (variant.hasQuorum(votes.length, ctx.nodes)) return becomeLeader({ ...s, votes }, ctx);
  return { state: { ...s, votes } };
}

/** §5.2: a candidate that hears from a leader of its own term recognises it and steps down. */
function onAppendEntries(s: RaftState, leader: NodeId, ctx: Ctx): RaftStep {
  const ok: Send<RaftMessage> = { to: leader, msg: { type: 'AppendEntriesReply', term: s.currentTerm, success: true } };
  if (s.role === 'leader') {
    // Two leaders in one term: election safety is already broken; refuse rather than hide it.
    const refuse: Send<RaftMessage> = { to: leader, msg: { type: 'AppendEntriesReply', term: s.currentTerm, success: false } };
    return { state: s, send: [refuse], marks: ['leader hears another leader of its term'] };
  }
  const marks = s.role === 'candidate' ? ['candidate steps down to leader of its term'] : [];
  const state = s.role === 'candidate' || s.leader !== leader ? becomeFollower(s, s.currentTerm, leader) : s;
  return { state, send: [ok], timers: [electionTimer(ctx)], marks };
}

/** §5.2: a follower or candidate that hears nothing starts an election in the next term (after a pre-vote, with PreVote). */
function onElectionTimeout(s: RaftState, ctx: Ctx): RaftStep {
  if (s.role === 'leader') return checkQuorumOn(ctx) ? checkQuorum(s, ctx) : { state: s };
  const retry = s.role === 'candidate' ? ['split vote: candidate times out and retries'] : [];
  if (preVoteOn(ctx) && ctx.nodes > 1) return withMarks(startPreVote(s, ctx), [...retry, 'pre-vote: asks before raising its term']);
  return campaign(s, ctx, retry);
}

/** Becomes a candidate of the next term and asks every peer for its vote. */
function campaign(s: RaftState, ctx: Ctx, marks: readonly string[] = []): RaftStep {
  const state = becomeCandidate(s, ctx.id);
  const send: Send<RaftMessage>[] = [];
  for (let peer = 1; peer <= ctx.nodes; peer++) {
    if (peer !== ctx.id) send.push({ to: peer, msg: { type: 'RequestVote', term: state.currentTerm, candidate: ctx.id } });
  }
  const step: RaftStep = { state, send, timers: [electionTimer(ctx)], marks };
  // A cluster of one has its majority already.
  return ctx.nodes === 1 ? merge(step, becomeLeader(state, ctx)) : step;
}

function onHeartbeat(s: RaftState, ctx: Ctx): RaftStep {
  if (s.role !== 'leader') return { state: s };
  return { state: s, send: heartbeats(s, ctx), timers: [heartbeatTimer(ctx)] };
}

function heartbeats(s: RaftState, ctx: Ctx): Send<RaftMessage>[] {
  const send: Send<RaftMessage>[] = [];
  for (let peer = 1; peer <= ctx.nodes; peer++) {
    if (peer !== ctx.id) send.push({ to: peer, msg: { type: 'AppendEntries', term: s.currentTerm, leader: ctx.id } });
  }
  return send;
}

function merge(a: RaftStep, b: RaftStep): RaftStep {
  return {
    state: b.state,
    send: [...(a.send ?? []), ...(b.send ?? [])],
    timers: [...(a.timers ?? []), ...(b.timers ?? [])],
    marks: [...(a.marks ?? []), ...(b.marks ?? [])],
  };
}

function becomeLeader(s: RaftState, ctx: Ctx): RaftStep {
  assertTransition(s.role, 'leader');
  // §5.2: a new leader sends heartbeats at once to establish its authority. Under CheckQuorum its
  // election timer goes on as the clock of its quorum checks.
  if (checkQuorumOn(ctx)) {
    const state: RaftState = { ...s, role: 'leader', leader: ctx.id, heard: [] };
    return { state, send: heartbeats(state, ctx), timers: [quorumCheckTimer(ctx), heartbeatTimer(ctx)] };
  }
  const state: RaftState = { ...s, role: 'leader', leader: ctx.id };
  return {
    state,
    send: heartbeats(state, ctx),
    timers: [{ name: 'election', cancel: true }, heartbeatTimer(ctx)],
  };
}
