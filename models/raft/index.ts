import type { Protocol } from '../../src/shared/protocol.js';
import { describeRaftMessage } from './describe.js';
import { initRaft, recoverRaft, stepRaft, storedRaft } from './step.js';
import { raftRenaming } from './symmetry.js';
import type { RaftConfig, RaftMessage, RaftState, RaftStored, RaftVariant } from './types.js';

export type RaftProtocol = Protocol<RaftState, RaftMessage, RaftStored, RaftConfig>;

const strictMajority = (votes: number, nodes: number): boolean => votes * 2 > nodes;

/** Builds Raft, or one of its mutants, from a variant: every other line is shared. */
export function createRaft(variant: RaftVariant): RaftProtocol {
  return {
    name: variant.name,
    summary: variant.summary,
    defaultConfig: { electionTimeout: [10, 20], heartbeat: 3 },
    // etcd's options (preVote.ts), off unless `--config` turns them on.
    optionalConfig: { preVote: false, checkQuorum: false },
    // Raft does not promise single-leader: a leader cut off by a partition believes in itself
    // until it hears a higher term (§5.2); election safety is per term.
    promises: ['election-safety', 'term-monotonic', 'liveness'],
    symmetric: true,
    renameNodes: raftRenaming,
    messageTypes: ['RequestVote', 'RequestVoteReply', 'AppendEntries', 'AppendEntriesReply', 'PreVote', 'PreVoteReply'],
    timerNames: ['election', 'heartbeat'],
    roles: ['follower', 'candidate', 'leader'],
    // The marks step.ts returns, one a line; a test checks every mark a run hits is listed here.
    marks: [
      'candidate steps down on higher term',
      'leader steps down on higher term',
      'stale term rejected',
      'vote refused: already voted this term',
      'second vote granted in one term',
      'leader hears another leader of its term',
      'candidate steps down to leader of its term',
      'split vote: candidate times out and retries',
      // PreVote and CheckQuorum (preVote.ts), hit only when the config turns them on.
      'pre-vote: asks before raising its term',
      'pre-vote granted',
      'vote request ignored: leader lease',
      'leader steps down: no quorum heard',
    ],
    synchronousDelayTicksMax: 3,
    livenessBoundTicks: 400,
    init: initRaft,
    step: stepRaft(variant),
    stored: storedRaft(variant),
    recover: recoverRaft,
    view: (s) => ({ role: s.role, term: s.currentTerm, leader: s.leader }),
    describeMessage: describeRaftMessage,
  };
}

export const raft = createRaft({
  name: 'raft',
  summary: 'Raft leader election (Figure 2 rules, no log)',
  persistVote: true,
  voteOncePerTerm: true,
  hasQuorum: strictMajority,
});

export const raftVolatileVote = createRaft({
  name: 'raft/volatile-vote',
  summary: 'mutant: votedFor is not stored, so a restarted node can vote twice in one term',
  persistVote: false,
  voteOncePerTerm: true,
  hasQuorum: strictMajority,
});

export const raftDoubleVote = createRaft({
  name: 'raft/double-vote',
  summary: 'mutant: grants a vote even after voting for another candidate in the same term',
  persistVote: true,
  voteOncePerTerm: false,
  hasQuorum: strictMajority,
});

export const raftMajorityOffByOne = createRaft({
  name: 'raft/majority-off-by-one',
  summary: 'mutant: becomes leader with half the votes, not a strict majority (breaks with even N)',
  persistVote: true,
  voteOncePerTerm: true,
  hasQuorum: (votes, nodes) => votes * 2 >= nodes,
});

/**
 * Raft with etcd's PreVote and CheckQuorum turned on: the same model as `raft --config
 * '{"preVote":true,"checkQuorum":true}'`, as a row of its own so the catalog judges the options
 * beside plain Raft, and it promises that a node coming back from a partition does not depose a
 * leader that has its quorum.
 */
export const raftPreVote: RaftProtocol = {
  ...raft,
  name: 'raft/prevote',
  summary: 'Raft with PreVote and CheckQuorum on (etcd\'s options): a node back from a partition does not depose the leader',
  defaultConfig: { ...raft.defaultConfig, preVote: true, checkQuorum: true },
  promises: [...raft.promises, 'no-disruption'],
};
