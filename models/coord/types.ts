import type { NodeId } from '../../src/shared/protocol.js';

/**
 * Election through a coordination service (etcd/Consul leases, ZooKeeper ephemeral sequential
 * znodes), as most production systems elect a leader. The world runs one protocol for all N
 * nodes, so a node's role comes from its id: node 1 is the coordination store, node N the
 * protected resource (the seed article's payment service), nodes 2..N-1 the candidates.
 */
export const STORE: NodeId = 1;
export const resourceOf = (nodes: number): NodeId => nodes;

/** A client's request number: replies name it, so a late reply to an old request is ignored. */
export type Seq = number;

/** Messages to and from the store (S) and the resource (R). */
export type CoordMessage =
  // lease recipe: create the leader key with a fresh lease if absent (a one-op etcd txn)
  | { type: 'Campaign'; seq: Seq }
  | { type: 'Elected'; seq: Seq; token: number }
  | { type: 'Taken'; seq: Seq; holder: NodeId; revision: number }
  // both recipes: keep the lease (etcd) or session (ZooKeeper ping) alive
  | { type: 'KeepAlive'; seq: Seq }
  | { type: 'KeptAlive'; seq: Seq; leader: NodeId | null; predecessor: number | null; revision: number }
  | { type: 'LeaseGone'; seq: Seq }
  // zookeeper recipe: open a session and create an ephemeral sequential znode under /election
  | { type: 'Join'; seq: Seq }
  | { type: 'Joined'; seq: Seq; znode: number; predecessor: number | null; leader: NodeId | null }
  | { type: 'WatchFired'; znode: number; predecessor: number | null; leader: NodeId | null }
  // the payment service: read the next billing period due, then charge it; both carry the token
  | { type: 'Read'; token: number }
  | { type: 'Due'; token: number; period: number }
  | { type: 'Charge'; token: number; period: number }
  | { type: 'Charged'; token: number; period: number }
  | { type: 'Refused'; token: number; period: number | null; highest: number };

/** The coordination store: a linearizable KV with leases/sessions, CAS and a revision counter. */
export interface StoreState {
  kind: 'store';
  /** Bumped by every key write or delete (etcd's revision; ZooKeeper's zxid / sequence counter). */
  revision: number;
  /** One lease (session) per client node: its owner. Expiry is the store's timer `expire-<owner>`. */
  leases: readonly NodeId[];
  /** lease recipe: the leader key, with the revision that created it (the fencing token). */
  key: { holder: NodeId; createRevision: number } | null;
  /** zookeeper recipe: the ephemeral sequential znodes under /election, lowest first. */
  /** `join`: the request number of the Join that created it, so a duplicated Join is answered, not obeyed twice. */
  znodes: readonly { seq: number; owner: NodeId; join: Seq }[];
}

/** The payment service: charges billing periods for whoever leads. */
export interface ResourceState {
  kind: 'resource';
  /** Highest fencing token any request carried (reads too: see resource.ts). */
  highest: number;
  /** The node whose request carried it: who the resource believes is leading. */
  highestFrom: NodeId | null;
  /** The lowest billing period not charged yet. */
  due: number;
  /** Every charge accepted: period, token, node. Two tokens for one period are a double charge. */
  charges: readonly { period: number; token: number; node: NodeId }[];
  /** The last write it handled, accepted or refused: what the properties watch (see view). */
  lastWrite: Write | null;
  writes: number;
}

export interface Write {
  /** Count of writes so far: a property sees each write once, by its number. */
  n: number;
  node: NodeId;
  token: number;
  period: number;
  accepted: boolean;
}

export type CandidateRole = 'follower' | 'candidate' | 'leader';

/** A candidate of either recipe. */
export interface CandidateState {
  kind: 'candidate';
  role: CandidateRole;
  /** Highest revision / sequence number seen: the view's term, stored so that it never goes back. */
  term: number;
  leader: NodeId | null;
  /** The fencing token while leader (the key's create revision, or the znode's sequence number). */
  token: number | null;
  /** zookeeper: this node's znode, while its session lives. */
  znode: number | null;
  /** Whether this node holds a lease/session the store granted. */
  leased: boolean;
  /** The last billing period this node charged: a second Due for it (two reads in flight) is not charged again. */
  charged: number;
  /** Next request number. */
  seq: Seq;
  /**
   * The local lease timer that counts: `lease-a` or `lease-b`. A request (campaign, keep-alive,
   * join) starts the other one when it is SENT, and the reply makes it the one that counts: the
   * local lease is measured from before the store saw the request, so it ends before the store's.
   */
  leaseTimer: 'lease-a' | 'lease-b';
  pending: { seq: Seq; timer: 'lease-a' | 'lease-b' } | null;
}

export type CoordState = StoreState | ResourceState | CandidateState;

export interface CandidateStored {
  term: number;
}
export type CoordStored = StoreState | ResourceState | CandidateStored;

export interface CoordConfig {
  [key: string]: unknown;
  /** Lease / session TTL, in ticks of the store's clock. */
  ttl: number;
  /** Keep-alive interval (etcd's clients use TTL / 3). */
  renewEvery: number;
  /** A follower's retry: campaign again (lease) or rejoin (zookeeper). */
  retry: readonly [number, number];
  /** A leader charges the next billing period this often. */
  billEvery: number;
}

export interface CoordVariant {
  name: string;
  summary: string;
  recipe: 'lease' | 'zookeeper';
  /** The payment service refuses a token lower than the highest it has seen. */
  fenced: boolean;
  /**
   * The leader trusts its own timer alone: it starts the lease when the store's reply ARRIVES
   * (so its lease outlives the store's by the reply's delay) and ignores the store's word that
   * the lease is gone (lease/trust-local-clock); or it keeps leading until the store tells it its
   * session expired, whatever its own timer says (zookeeper/ignore-session-expiry).
   */
  trustsOwnTimer: boolean;
  ignoresSessionTimer: boolean;
}
