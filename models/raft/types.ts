import type { NodeId } from '../../src/shared/protocol.js';

export type RaftRole = 'follower' | 'candidate' | 'leader';

/** Raft §5.2, Figure 2: the state of one server, election part only (no log). */
export interface RaftState {
  role: RaftRole;
  /** Persistent: latest term this server has seen. */
  currentTerm: number;
  /** Persistent: candidate that received this server's vote in currentTerm, or null. */
  votedFor: NodeId | null;
  /** Volatile: the leader this server believes in for currentTerm. */
  leader: NodeId | null;
  /** Volatile, candidate only: servers that granted their vote in currentTerm (sorted). */
  votes: readonly NodeId[];
  /**
   * Volatile, PreVote only (thesis §9.6): present while this follower asks whether it could win
   * term currentTerm + 1 before it raises its term; the servers that said yes, itself first (sorted).
   */
  preVotes?: readonly NodeId[];
  /** Volatile, CheckQuorum leaders only: the followers heard from since the last quorum check (sorted). */
  heard?: readonly NodeId[];
}

/** What Figure 2 says must survive a crash: currentTerm and votedFor. */
export interface RaftStored {
  currentTerm: number;
  votedFor?: NodeId | null;
}

export type RaftMessage =
  | { type: 'RequestVote'; term: number; candidate: NodeId }
  | { type: 'RequestVoteReply'; term: number; granted: boolean }
  | { type: 'AppendEntries'; term: number; leader: NodeId }
  | { type: 'AppendEntriesReply'; term: number; success: boolean }
  /** PreVote: `term` is the term the sender would campaign in (its currentTerm + 1); nobody adopts it. */
  | { type: 'PreVote'; term: number; candidate: NodeId }
  /** A granted reply carries the proposed term; a refusal carries the refuser's own term. */
  | { type: 'PreVoteReply'; term: number; granted: boolean };

export interface RaftConfig {
  [key: string]: unknown;
  /** Election timeout range in ticks; each election timer draws from it (Raft §5.2). */
  electionTimeout: readonly [number, number];
  /** Leader heartbeat interval in ticks; must be well below the election timeout. */
  heartbeat: number;
  /**
   * etcd's PreVote (off when absent): on an election timeout a node first asks its peers whether
   * they would vote for it in the next term, and raises its term only once a majority says yes.
   */
  preVote?: boolean;
  /**
   * etcd's CheckQuorum (off when absent): a leader steps down when it has not heard from a majority
   * within an election timeout, and a node that has heard from a leader within its election timeout
   * (its lease) ignores requests for votes of a higher term.
   */
  checkQuorum?: boolean;
}

/** One plausible mistake, or none: the real Raft and its mutants share every other line. */
export interface RaftVariant {
  name: string;
  summary: string;
  /** Figure 2 keeps votedFor on stable storage; a mutant forgets it. */
  persistVote: boolean;
  /** §5.2: at most one vote per term; a mutant grants to whoever asks. */
  voteOncePerTerm: boolean;
  /** §5.2: a candidate needs votes from a strict majority. */
  hasQuorum(votes: number, nodes: number): boolean;
}
