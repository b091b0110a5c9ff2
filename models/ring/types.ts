import type { NodeId } from '../../src/shared/protocol.js';

export type RingRole = 'follower' | 'candidate' | 'leader';

/** A ring message waiting for its Ack from the node it was last sent to. */
export interface Outgoing {
  seq: number;
  to: NodeId;
  msg: ElectionMessage | CoordinatorMessage;
}

/**
 * One node of ring election, in the collect-all-ids form the article describes (Le Lann 1977,
 * with Chang and Roberts' 1979 extinction of weaker elections): an Election travels the ring
 * gathering the ids of the live nodes, and its initiator announces the highest with a Coordinator
 * that travels the ring too.
 */
export interface RingState {
  role: RingRole;
  /** The election round this node last took part in (the view's `term`); stored, never decreases. */
  round: number;
  /**
   * Initiator of the election of `round` this node joined: 0 if none, SETTLED once a Coordinator
   * or leader of the round is known. Elections are ordered by (round, initiator) and a node
   * forwards only an election stronger than the one it is in (Chang-Roberts extinction).
   */
  initiator: number;
  leader: NodeId | null;
  /**
   * Ring messages to forward, oldest first. Only the head is on the wire: a link is stop-and-wait,
   * so the next message goes out once the head is acknowledged (or its receiver is skipped).
   */
  outbox: readonly Outgoing[];
  nextSeq: number;
}

/** Marks a round whose outcome is known: no election of that round is forwarded any more. */
export const SETTLED = Number.MAX_SAFE_INTEGER;

export interface RingStored {
  round: number;
}

export interface ElectionMessage {
  type: 'Election';
  round: number;
  initiator: NodeId;
  /** Ids of the nodes the election has passed, in ring order from the initiator. */
  ids: readonly NodeId[];
  seq: number;
}

export interface CoordinatorMessage {
  type: 'Coordinator';
  round: number;
  leader: NodeId;
  /** Nodes the announcement has passed; it stops at the first node already in the list. */
  seen: readonly NodeId[];
  seq: number;
}

export type RingMessage =
  | ElectionMessage
  | CoordinatorMessage
  | { type: 'Ack'; seq: number }
  | { type: 'Heartbeat'; round: number };

export interface RingConfig {
  [key: string]: unknown;
  /** How long a sender waits for its successor's Ack before it skips to the next one (> a round trip). */
  ackTimeout: number;
  /** Budget per node for an election and its announcement to go round the ring. */
  ringTicksPerNode: number;
  /** Leader heartbeat interval (heartbeats go to every node directly). */
  heartbeat: number;
  /** A follower that hears nothing from its leader this long starts an election. */
  leaderTimeout: number;
}

export interface RingVariant {
  name: string;
  summary: string;
  /** A node whose successor does not acknowledge skips to the next one; the mutant waits forever. */
  skipsDeadSuccessor: boolean;
}
