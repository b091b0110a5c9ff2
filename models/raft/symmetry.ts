import type { NodeId, NodeRenaming } from '../../src/shared/protocol.js';
import type { RaftMessage, RaftState, RaftStored } from './types.js';

type Rename = (id: NodeId) => NodeId;

const renameSorted = (ids: readonly NodeId[], rename: Rename): NodeId[] => ids.map(rename).sort((a, b) => a - b);
const renameOrNull = (id: NodeId | null, rename: Rename): NodeId | null => (id === null ? null : rename(id));

/**
 * Raft never compares ids, so a permutation of ids maps runs to runs (the symmetry set TLC's
 * raft.tla declares over Server). Ids live in votedFor, leader, votes (and preVotes, heard) and three message fields.
 */
export const raftRenaming: NodeRenaming<RaftState, RaftMessage, RaftStored> = {
  state: (s, rename) => {
    const renamed: RaftState = {
      role: s.role,
      currentTerm: s.currentTerm,
      votedFor: renameOrNull(s.votedFor, rename),
      leader: renameOrNull(s.leader, rename),
      votes: renameSorted(s.votes, rename),
    };
    // PreVote's and CheckQuorum's fields exist only while in use: keep the shape as it is.
    if (s.preVotes !== undefined) renamed.preVotes = renameSorted(s.preVotes, rename);
    if (s.heard !== undefined) renamed.heard = renameSorted(s.heard, rename);
    return renamed;
  },
  // The volatile-vote mutant stores no votedFor at all: keep the shape it stores.
  stored: (s, rename) =>
    s.votedFor === undefined ? { currentTerm: s.currentTerm } : { currentTerm: s.currentTerm, votedFor: renameOrNull(s.votedFor, rename) },
  message: (m, rename) => {
    switch (m.type) {
      case 'RequestVote':
        return { type: m.type, term: m.term, candidate: rename(m.candidate) };
      case 'AppendEntries':
        return { type: m.type, term: m.term, leader: rename(m.leader) };
      case 'PreVote':
        return { type: m.type, term: m.term, candidate: rename(m.candidate) };
      default:
        return m;
    }
  },
};
