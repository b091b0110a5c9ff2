import type { NodeId, Send, Step, TimerEffect } from '../../src/shared/protocol.js';
import { becomeFollower, type Ctx, electionTimer } from './roles.js';
import type { RaftMessage, RaftState } from './types.js';

/**
 * etcd's PreVote and CheckQuorum (raft.go; Ongaro's thesis §9.6 and §6.2), both off unless the
 * config turns them on: with both off no line here runs, so plain Raft's runs are as they were.
 */

type RaftStep = Step<RaftState, RaftMessage>;

export const preVoteOn = (ctx: Ctx): boolean => ctx.config.preVote === true;
export const checkQuorumOn = (ctx: Ctx): boolean => ctx.config.checkQuorum === true;

/** How often a CheckQuorum leader checks it heard from a majority: etcd's (unrandomized) election timeout. */
export const quorumCheckTimer = (ctx: Ctx): TimerEffect => ({ name: 'election', after: ctx.config.electionTimeout[0] });

/**
 * etcd's `inLease`: with CheckQuorum, a leader, and a follower that has heard from a leader since
 * its election timer last fired, ignore a request for votes of a higher term outright (they do not
 * even adopt the term), so a node that comes back from a partition cannot depose a leader that
 * still has its quorum by asking.
 */
export function ignoresVoteRequest(s: RaftState, msg: RaftMessage, ctx: Ctx): boolean {
  if (!checkQuorumOn(ctx) || (msg.type !== 'RequestVote' && msg.type !== 'PreVote') || msg.term <= s.currentTerm) return false;
  return s.role === 'leader' || (s.role === 'follower' && s.leader !== null);
}

/** PreVotes and granted PreVote replies carry a term nobody holds yet: never adopt it (etcd: "Never change our term in response to a PreVote"). */
export function keepsTerm(msg: RaftMessage): boolean {
  return msg.type === 'PreVote' || (msg.type === 'PreVoteReply' && msg.granted);
}

/** On an election timeout: ask for pre-votes in the next term, keeping this term and vote. */
export function startPreVote(s: RaftState, ctx: Ctx): RaftStep {
  const state: RaftState = { ...becomeFollower(s, s.currentTerm, null), preVotes: [ctx.id] };
  const send: Send<RaftMessage>[] = [];
  for (let peer = 1; peer <= ctx.nodes; peer++) {
    if (peer !== ctx.id) send.push({ to: peer, msg: { type: 'PreVote', term: s.currentTerm + 1, candidate: ctx.id } });
  }
  return { state, send, timers: [electionTimer(ctx)] };
}

/**
 * etcd's rule: grant a pre-vote for a term above ours (no log here, so every candidate is up to
 * date), or for our own term if we voted for it or have neither voted nor a leader. Nothing changes.
 */
export function onPreVote(s: RaftState, from: NodeId, term: number): RaftStep {
  const granted = term > s.currentTerm || s.votedFor === from || (s.votedFor === null && s.leader === null);
  const reply: RaftMessage = { type: 'PreVoteReply', term: granted ? term : s.currentTerm, granted };
  return { state: s, send: [{ to: from, msg: reply }], marks: granted ? ['pre-vote granted'] : [] };
}

/** A pre-candidate counts a granted reply for the term it proposed; `won` once a majority said yes. */
export function countPreVote(s: RaftState, from: NodeId, msg: RaftMessage, nodes: number): { state: RaftState; won: boolean } {
  if (s.preVotes === undefined || msg.type !== 'PreVoteReply' || !msg.granted || msg.term !== s.currentTerm + 1 || s.preVotes.includes(from)) {
    return { state: s, won: false };
  }
  const preVotes = [...s.preVotes, from].sort((a, b) => a - b);
  return { state: { ...s, preVotes }, won: preVotes.length * 2 > nodes };
}

/** A CheckQuorum leader notes who answered its heartbeats. */
export function noteHeard(s: RaftState, from: NodeId): RaftState {
  if (s.role !== 'leader' || s.heard === undefined || s.heard.includes(from)) return s;
  return { ...s, heard: [...s.heard, from].sort((a, b) => a - b) };
}

/** Every election timeout a CheckQuorum leader checks a majority answered; if not, it steps down in its term. */
export function checkQuorum(s: RaftState, ctx: Ctx): RaftStep {
  if (((s.heard?.length ?? 0) + 1) * 2 > ctx.nodes) return { state: { ...s, heard: [] }, timers: [quorumCheckTimer(ctx)] };
  return {
    state: becomeFollower(s, s.currentTerm, null),
    timers: [{ name: 'heartbeat', cancel: true }, electionTimer(ctx)],
    marks: ['leader steps down: no quorum heard'],
  };
}
