import type { NodeContext, NodeView, Protocol } from '../../src/shared/protocol.js';
import { initCandidate, recoverCandidate, stepCandidate, storedCandidate } from './candidate.js';
import { describeCoordMessage } from './describe.js';
import { initResource, stepResource } from './resource.js';
import { initStore, leaderOf, recoverStore, stepStore } from './store.js';
import { STORE, resourceOf } from './types.js';
import type { CandidateStored, CoordConfig, CoordMessage, CoordState, CoordStored, CoordVariant, ResourceState, StoreState } from './types.js';

export type CoordProtocol = Protocol<CoordState, CoordMessage, CoordStored, CoordConfig>;

const MARKS = [
  'store expires a lease',
  'payments refuse a stale read',
  'payments refuse a stale charge',
  'payments charge a period twice',
  'wins the leader key',
  'lowest znode: leads',
  'predecessor gone: leads',
  'local lease timer expired: leader steps down',
  'local session timer expired',
  'local session timer ignored',
  'store says the lease is gone: steps down',
  'store says the lease is gone: ignored',
  'session expired: steps down',
  'fenced out by a newer token: steps down',
];

/** Builds a coordination-service recipe, or a mutant of it: node 1 the store, node N the payment service. */
export function createCoord(variant: CoordVariant): CoordProtocol {
  const candidateStep = stepCandidate(variant);
  const resourceStep = stepResource(variant);
  const isResource = (ctx: NodeContext<CoordConfig>) => ctx.id === resourceOf(ctx.nodes);
  return {
    name: variant.name,
    summary: variant.summary,
    // The TTL outlasts two round trips at the largest delay (8) plus the keep-alive interval: a
    // keep-alive resent while unanswered counts from its first send (candidate.ts request). A
    // follower retries every 10 to 20 ticks; a leader charges every 10.
    defaultConfig: { ttl: 40, renewEvery: 5, retry: [10, 40], billEvery: 10 },
    // What fencing buys: the payment service never takes an old leader's write. single-leader
    // is NOT promised: a paused leader or a slow clock still believes in a lease the store has
    // ended (Kleppmann, "How to do distributed locking", 2016).
    promises: ['election-safety', 'term-monotonic', 'fenced-writes', 'no-double-charge'],
    symmetric: false,
    messageTypes: ['Campaign', 'Elected', 'Taken', 'KeepAlive', 'KeptAlive', 'LeaseGone', 'Join', 'Joined', 'WatchFired', 'Read', 'Due', 'Charge', 'Charged', 'Refused'],
    timerNames: ['retry', 'renew', 'bill', 'lease-a', 'lease-b'],
    roles: ['store', 'resource', 'follower', 'candidate', 'leader'],
    marks: MARKS,
    // Keep-alives hold under any delay up to 8 (see defaultConfig). The bound is kept at 6, below
    // the `pauses` profile's 8, on purpose: a counterexample found there is then shrunk under the
    // asynchronous semantics, where a paused node and a slow one are the same, so the shrunk
    // double charge is 13 events a person can follow (under a timing promise every candidate's
    // due timer must fire on time and it stays near 20: see README, coordination recipes).
    synchronousDelayTicksMax: 6,
    livenessBoundTicks: 300,
    // The store (node 1), one candidate and the payment service (node N): on fewer, nobody runs for leader.
    minNodes: 3,
    init: (ctx) => (ctx.id === STORE ? initStore() : isResource(ctx) ? initResource() : initCandidate(ctx)),
    step: (s, input, ctx) => {
      if (s.kind === 'store') return stepStore(s, input, ctx);
      if (s.kind === 'resource') return resourceStep(s, input);
      return candidateStep(s, input, ctx);
    },
    // The store and the payment service keep everything (a WAL, a database); a candidate its term.
    stored: (s) => (s.kind === 'candidate' ? storedCandidate(s) : s),
    recover: (stored, ctx) => {
      if (ctx.id === STORE) return recoverStore(stored as StoreState | undefined, ctx);
      if (isResource(ctx)) return stored === undefined ? initResource() : { state: stored as ResourceState };
      return recoverCandidate(stored as CandidateStored | undefined, ctx);
    },
    view: coordView,
    describeMessage: describeCoordMessage,
  };
}

/**
 * The store's and the payment service's views never say leader: the store shows its revision and
 * whom its key names, the service the highest token it has seen, who sent it, and its last write
 * (what fenced-writes and no-double-charge watch).
 */
function coordView(s: CoordState): NodeView {
  if (s.kind === 'store') return { role: 'store', term: s.revision, leader: leaderOf(s) };
  if (s.kind === 'resource') return { role: 'resource', term: s.highest, leader: s.highestFrom, lastWrite: s.lastWrite } as NodeView;
  if (s.role !== 'leader') return { role: s.role, term: s.term, leader: s.leader };
  // The leader's fencing token under the recipe's own name, for the story and the state table.
  return { role: s.role, term: s.term, leader: s.leader, ...(s.znode === null ? { lease: s.token } : { znode: s.token }) } as NodeView;
}

const fencedLease = { recipe: 'lease', fenced: true, trustsOwnTimer: false, ignoresSessionTimer: false } as const;
const fencedZookeeper = { recipe: 'zookeeper', fenced: true, trustsOwnTimer: false, ignoresSessionTimer: false } as const;

export const lease = createCoord({
  ...fencedLease,
  name: 'lease',
  summary: 'etcd/Consul-style election: create the leader key with a lease, keep it alive, fence writes with its create revision',
});

export const zookeeper = createCoord({
  ...fencedZookeeper,
  name: 'zookeeper',
  summary: 'ZooKeeper recipe: ephemeral sequential znodes, watch the predecessor, fence writes with the sequence number',
});

export const leaseNoFencing = createCoord({
  ...fencedLease,
  name: 'lease/no-fencing',
  summary: 'mutant: the payment service checks no token, so a leader paused past its lease charges a period again',
  fenced: false,
});

export const leaseTrustLocalClock = createCoord({
  ...fencedLease,
  name: 'lease/trust-local-clock',
  summary: "mutant: the leader times its lease from the store's reply and ignores the store's word, so it leads past the store's expiry",
  trustsOwnTimer: true,
});

export const zookeeperIgnoreSessionExpiry = createCoord({
  ...fencedZookeeper,
  name: 'zookeeper/ignore-session-expiry',
  summary: 'mutant: ignores its own session timer, so a leader paused past its session timeout leads until the store says it expired',
  ignoresSessionTimer: true,
});
