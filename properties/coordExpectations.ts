import type { ProfileName } from '../src/shared/profile.js';
import type { ModelExpectations, NotChecked, ViolatedUnder } from './catalogTypes.js';

/**
 * The coordination-service recipes (models/coord): node 1 the store, node 4 the payment service,
 * nodes 2 and 3 the candidates. Measured with `leadercheck check MODEL --nodes 4 --property P` and
 * argued below; the catalog checks them with 4 nodes.
 */
const holds: readonly ViolatedUnder[] = [];
const PAUSED = ['pauses', 'chaos', 'swarm'] as const;

// Kleppmann's GC pause: the leader stops past its lease, the store expires it and elects another,
// and the paused leader resumes still believing it leads until its own timer fires.
const PAUSED_LEADER = violated(PAUSED, 'a leader paused past its lease resumes believing it still leads while the store has elected another');
// Crash profiles leave one node down for good when faults stop; when that is the store, nobody can be elected.
const STORE_DOWN = violated(['crash', 'chaos', 'swarm'], 'the store stays down for good: without the coordination service nobody is elected');
// Agreement is "the highest live id leads" (Bully's and the ring's promise). Here ids are roles: the
// highest is the payment service, which never runs for leader, and the store elects whichever
// candidate asks first. The property's premise does not exist, so every run violates it, and only
// once the 300-tick bound has passed: its counterexample is some 300 events of renewals and
// charges that show nothing but the premise missing. `check lease --property agreement` still
// checks it on demand.
const NOT_HIGHEST: NotChecked = { notChecked: 'the highest id is the payment service, which never runs for leader, and the store elects whichever candidate asks first: "the highest live id leads" does not apply' };

// No-disruption holds here as measured (every profile, seed 1, the catalog's budget), and by
// design: terms are the store's revisions, so no candidate raises one by timing out, and a leader
// loses the key only when its lease or session expires at the store, which is the recipe working.
const NO_DISRUPTION = holds;

/**
 * What holds for every recipe here. Election safety: a leader's term is its fencing token, a
 * revision (or sequence number) the store hands out once, so no two leaderships share a term.
 * Terms: the store's revision only grows and is stored; a candidate's term is the highest
 * revision or znode it was given, stored too; the payment service's is the highest token seen.
 */
const SHARED = { 'election-safety': holds, 'term-monotonic': holds, liveness: STORE_DOWN, agreement: NOT_HIGHEST, 'no-disruption': NO_DISRUPTION } as const;

// Fenced: the payment service refuses a token below the highest it has seen, reads included,
// so once a newer leader has read period p no older leader's charge of p lands (models/coord/resource.ts).
const FENCED = { 'fenced-writes': holds, 'no-double-charge': holds } as const;

export const coordinationRows: readonly ModelExpectations[] = [
  {
    model: 'lease',
    nodes: 4,
    expect: {
      ...SHARED,
      ...FENCED,
      // Holds without pauses: the local lease is timed from before the store saw the request, so it
      // ends first; under `drift` (+-10%) keep-alives every 5 ticks never let a 40-tick lease lapse,
      // so no second leader is elected at all (drift bites only with loss or pauses: chaos, swarm).
      'single-leader': PAUSED_LEADER,
    },
  },
  {
    model: 'zookeeper',
    nodes: 4,
    expect: {
      ...SHARED,
      ...FENCED,
      'single-leader': PAUSED_LEADER,
    },
  },
  {
    model: 'lease/no-fencing',
    nodes: 4,
    expect: {
      ...SHARED,
      'single-leader': PAUSED_LEADER,
      // Found under `pauses` and `swarm` (fenced-writes there at run 508 of the default budget);
      // under `chaos` the pause must fall between a leader's read and its charge while nothing
      // else ends its leadership first, which the default budget does not find.
      'fenced-writes': violated(['pauses', 'swarm'], "the payment service takes the paused leader's charge, token below the new leader's"),
      'no-double-charge': violated(['pauses', 'swarm'], 'the paused leader read period p before its pause and charges it after the new leader did'),
    },
  },
  {
    model: 'lease/trust-local-clock',
    nodes: 4,
    expect: {
      ...SHARED,
      ...FENCED,
      // Under `lossy` the window (a reply's delay) needs every keep-alive of a lease lost: not found
      // within the default budget.
      'single-leader': violated(['partition', 'pauses', 'chaos', 'swarm'], "a leader whose keep-alives are lost or cut off times its lease from the store's reply, so it still leads after the store expired it"),
    },
  },
  {
    model: 'zookeeper/ignore-session-expiry',
    nodes: 4,
    expect: {
      ...SHARED,
      ...FENCED,
      // Under `lossy` it takes every ping of a session lost (run 317 of the default budget).
      'single-leader': violated(['lossy', 'partition', 'pauses', 'chaos', 'swarm'], 'a leader cut off from the store or paused past its session timeout keeps leading until the store tells it the session expired'),
    },
  },
];

function violated(profiles: readonly ProfileName[], reason: string): ViolatedUnder[] {
  return [{ profiles, reason }];
}
