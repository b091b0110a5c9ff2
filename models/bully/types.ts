import type { NodeId } from '../../src/shared/protocol.js';

export type BullyRole = 'follower' | 'candidate' | 'leader';

/**
 * One node of the Bully algorithm (Garcia-Molina 1982, "Elections in a Distributed Computing
 * System", IEEE Trans. Computers C-31(1)), in the form engineers build it: Election / Answer /
 * Coordinator messages plus the leader's heartbeats as the failure detector.
 */
export interface BullyState {
  role: BullyRole;
  /**
   * The election round this node last took part in (the view's `term`). Garcia-Molina's "election
   * number": a fresh election is round + 1, a node that joins one adopts max(own, carried), so the
   * round never decreases, and it is stored so that it survives a crash too.
   */
  round: number;
  /** The coordinator this node believes in (itself when leader), or null while electing. */
  leader: NodeId | null;
  /** Candidate only: waiting for an Answer from a higher id, or (after one) for a Coordinator. */
  awaiting: 'answer' | 'coordinator' | null;
}

/** What survives a crash: only the round, so that terms stay monotonic across restarts. */
export interface BullyStored {
  round: number;
}

/** Every message carries the sender's round so receivers can adopt the highest they have seen. */
export type BullyMessage =
  | { type: 'Election'; round: number }
  | { type: 'Answer'; round: number }
  | { type: 'Coordinator'; round: number }
  | { type: 'Heartbeat'; round: number };

export interface BullyConfig {
  [key: string]: unknown;
  /** How long a candidate waits for an Answer before it declares itself; must exceed a round trip. */
  answerTimeout: number;
  /** How long a candidate that got an Answer waits for the Coordinator before it starts again. */
  coordinatorTimeout: number;
  /** Leader heartbeat interval. */
  heartbeat: number;
  /** A follower that hears nothing from its leader this long starts an election. */
  leaderTimeout: number;
}

/** The real algorithm, or the tutorial design that never re-elects (models/bully/index.ts). */
export interface BullyVariant {
  name: string;
  summary: string;
  /**
   * Garcia-Molina's timeouts: a candidate declares itself when no Answer comes, restarts when no
   * Coordinator comes, and followers time out a silent leader. Without them a node declares only
   * when no higher id exists and nobody notices a crashed leader.
   */
  detectsFailures: boolean;
}
