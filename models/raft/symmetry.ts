import type { NodeId, NodeRenaming } from '../../src/shared/protocol.js';
import type { RaftMessage, RaftState, RaftStored } from './types.js';

type Rename = (id: NodeId) => NodeId;

const renameOrNull = (id: NodeId | null, rename: Rename): NodeId | null => (id === null ? null : rename(id));

/**
 * Raft never compares ids, so a permutation of ids maps runs to runs (the symmetry set TLC's
 * raft.tla declares over Server). Ids live in votedFor, leader, votes and two message fields.
 */
export const raftRenaming: NodeRenaming<RaftState, RaftMessage, RaftStored> = {
  state: (s, rename) => ({
    role: s.role,
    currentTerm: s.currentTerm,
    votedFor: renameOrNull(s.votedFor, rename),
    leader: renameOrNull(s.leader, rename),
    votes: s.votes.map(rename).sort((a, b) => a - b),
  }),
  // The volatile-vote mutant stores no votedFor at all: keep the shape it stores.
  stored: (s, rename) =>
    s.votedFor === undefined ? { currentTerm: s.currentTerm } : { currentTerm: s.currentTerm, votedFor: renameOrNull(s.votedFor, rename) },
  message: (m, rename) => {
    switch (m.type) {
      case 'RequestVote':
        return { type: m.type, term: m.term, candidate: rename(m.candidate) };
      case 'AppendEntries':
        return { type: m.type, term: m.term, leader: rename(m.leader) };
      default:
        return m;
    }
  },
};
