import type { NodeContext, NodeId, TimerEffect } from '../../src/shared/protocol.js';
import type { RaftConfig, RaftRole, RaftState } from './types.js';

export type Ctx = NodeContext<RaftConfig>;

export const electionTimer = (ctx: Ctx): TimerEffect => ({ name: 'election', after: ctx.config.electionTimeout });
export const heartbeatTimer = (ctx: Ctx): TimerEffect => ({ name: 'heartbeat', after: ctx.config.heartbeat });

// Role changes go through these, which refuse illegal moves loudly (as etcd's become* do).

export function becomeFollower(s: RaftState, term: number, leader: NodeId | null): RaftState {
  if (term < s.currentTerm) throw new Error(`invalid transition: term ${s.currentTerm} -> ${term}`);
  const votedFor = term === s.currentTerm ? s.votedFor : null;
  return { role: 'follower', currentTerm: term, votedFor, leader, votes: [] };
}

export function becomeCandidate(s: RaftState, self: NodeId): RaftState {
  assertTransition(s.role, 'candidate');
  return { role: 'candidate', currentTerm: s.currentTerm + 1, votedFor: self, leader: null, votes: [self] };
}

const legal: Record<RaftRole, readonly RaftRole[]> = {
  follower: ['candidate'],
  candidate: ['candidate', 'leader'],
  leader: [],
};

export function assertTransition(from: RaftRole, to: RaftRole): void {
  if (!legal[from].includes(to)) throw new Error(`invalid transition ${from} -> ${to}`);
}
