import type { ProfileName } from '../src/shared/profile.js';
import type { ModelExpectations, NotChecked, ViolatedUnder } from './catalogTypes.js';

/**
 * The real etcd/raft 3.4 (models/bridged/etcd-raft, a Go RawNode per node through the step
 * bridge), 3 nodes. Measured with `check --all` at this row's budget share and at four times it
 * (seed 1), and argued below; the README ("etcd and the catalog") compares them with our Raft.
 */
const holds: readonly ViolatedUnder[] = [];
const violated = (profiles: readonly ProfileName[], reason: string): ViolatedUnder[] => [{ profiles, reason }];

/**
 * Every bridged event is a round trip to the Go process, so an etcd cell gets a small share of the
 * catalog's budget per cell (2000 runs, 1,000,000 events): 10 runs or 5,000 events. The holds
 * below are argued, not only measured at that budget.
 */
export const ETCD_BUDGET_SHARE = 0.005;

// Agreement (the highest live id leads) is left out for a practical reason, said plainly: etcd does
// not promise it (Raft elects whichever node times out first, as our `raft` row shows with a 7-event
// lasso in every profile), and a bridged etcd node has no canonical state, so the violation cannot
// close a lasso: it is found only once the 400-tick bound has passed after faults stop, by a run of
// 2,000 to 3,500 events (a leader heartbeats every tick) that shrinks no shorter than the bound.
// Issue 15 caps a catalog counterexample at 60 events. `check etcd-raft --property agreement` still
// checks it on demand.
const AGREEMENT: NotChecked = {
  notChecked:
    'left out for a practical reason: etcd does not promise it (Raft elects whichever node times out first, as the raft row shows), and without a canonical state a bridged node cannot close a lasso, so its counterexample is the whole 400-tick bound, 2,000+ events',
};

// fenced-writes and no-double-charge are judged at a 'resource' node; etcd has none, so no write is made.
const NO_RESOURCE = { 'fenced-writes': holds, 'no-double-charge': holds } as const;

// A partition or a pause leaves the old leader believing in itself until it hears a higher term
// (etcd promises one leader per term, not one at a time). A late or lost heartbeat does not: an
// etcd leader heartbeats every tick and a follower waits at least 10, so nine more heartbeats
// come first (our Raft heartbeats every 3 ticks, which is why `raft` loses it under lossy too).
const STALE_LEADER = 'a leader cut off by a partition keeps its role until it hears of the higher term the others elected in';
const PAUSED_LEADER = "a leader paused past the others' timeouts resumes believing it still leads while they have elected another";
const CUT_OFF_RAISES = 'a node cut off times out again and again, each time in a higher term, and deposes the leader when it is back (no PreVote)';

// At this row's budget (10 runs or 5,000 events a cell, seed 1) some cells read holds that a
// larger budget or another seed finds violated, as `raft/volatile-vote`'s rarer cells do: a change
// to the seed, the budget or how runs draw their choices can flip them, and the run then names
// them. Each such cell says so below; every other holds is argued.
const ETCD: ModelExpectations['expect'] = {
  // Raft §5.2 as etcd implements it: one vote per term, and the HardState (term, vote) saved before
  // the Ready's messages are sent (the documented loop, variant.go), so a restart never votes twice.
  'election-safety': holds,
  // Found under partition, pauses and swarm. Under chaos it holds at this budget only: its 10 runs
  // cut off no leader long enough (found there at four times the budget, and with the seeds of
  // before runs drew their own); drift, lossy and crash cannot make it (see STALE_LEADER's comment).
  'single-leader': [
    { profiles: ['partition', 'swarm'], reason: STALE_LEADER },
    { profiles: ['pauses'], reason: PAUSED_LEADER },
  ],
  // etcd's term only grows, and the HardState holding it reaches storage before any message leaves.
  'term-monotonic': holds,
  // Holds at this budget only, not argued: without PreVote, a live node whose log is behind (it
  // can never win) keeps campaigning, and every higher-term MsgVote it sends makes the one node
  // that can win a follower again, which restarts that node's election timer (raft.go: Step ->
  // becomeFollower -> reset -> resetRandomizedElectionTimeout) though it rejects the vote. With a
  // third node down for good, the up-to-date node wins only by timing out a message delay before
  // the other in some round, and a slow clock on it (drift lasts after faults stop) makes that
  // rarer still.
  // So etcd-raft does not promise liveness (adapter/variant.go: plain `check etcd-raft` leaves it
  // out; the catalog judges every property). `check etcd-raft --profile chaos --property liveness
  // --runs 500 --strategy random` finds it at run 443 (415 events, node 1 9.5% slow);
  // driven outside leadercheck from that state, etcd misses the 400-tick bound in 0.4-0.7% of
  // runs, 4.6-7.4% with node 1 10% slow and node 2 10% fast, 0.01-0.03% with no drift, never
  // with PreVote.
  liveness: holds,
  agreement: AGREEMENT,
  // Holds at this budget only, not argued: without PreVote a node cut off when faults stop raises
  // its term and deposes the leader when it is back (CUT_OFF_RAISES), which swarm found at run 1
  // (26 events) when every run drew the same etcd timeouts, and the seed loop's row finds under
  // partition (37 events). 5,000 events are five to ten runs, few of which end with a node cut off.
  'no-disruption': holds,
  ...NO_RESOURCE,
};

export const etcdRows: readonly ModelExpectations[] = [
  { model: 'etcd-raft', nodes: 3, budgetShare: ETCD_BUDGET_SHARE, expect: ETCD },
  {
    model: 'etcd-raft/prevote',
    nodes: 3,
    budgetShare: ETCD_BUDGET_SHARE,
    expect: {
      ...ETCD,
      // A paused leader resumes believing it leads (found, 11 events). A leader cut off by a
      // partition does too until CheckQuorum steps it down after an election timeout without a
      // quorum, a window this budget's partition, chaos and swarm runs did not hit (the seeds of
      // before found it under partition): holds at this budget only.
      'single-leader': violated(['pauses'], PAUSED_LEADER),
      // Argued: PreVote: a node cut off never wins a pre-vote, so it comes back in the term it
      // left; CheckQuorum: a follower that heard the leader within an election timeout ignores a
      // higher term's vote request (etcd's leader lease), so a rejoiner deposes nobody.
      'no-disruption': holds,
      // etcd-raft's liveness gap is closed: a node whose log is behind loses its pre-vote, which
      // changes no term, so it never restarts the up-to-date node's election timer (from run
      // 443's state, driven outside leadercheck: a leader within 33 ticks in every run).
      liveness: holds,
    },
  },
  {
    model: 'etcd-raft/seed-loop',
    nodes: 3,
    budgetShare: ETCD_BUDGET_SHARE,
    expect: {
      ...ETCD,
      // The seed articles' loop never saves the HardState: a node that voted, crashed and restarted
      // is back at term 0 with no vote, campaigns in the same term again and a voter that never
      // voted in it grants it (reports/regressions/etcd-raft-seed-loop.crash.election-safety.txt).
      // Under swarm it holds at this budget only: its 5 runs drew no crash of a voter at the
      // right time (pauses, drift and the calm profiles crash nothing: holds, argued).
      'election-safety': violated(['crash', 'chaos'], 'the HardState (term, vote) is never saved, so a restarted node votes or campaigns a second time in a term it already voted in'),
      'single-leader': [
        { profiles: ['partition', 'swarm'], reason: STALE_LEADER },
        { profiles: ['pauses'], reason: PAUSED_LEADER },
        // Its crashes add what etcd's loop cannot: two leaders of one term (election-safety's bug).
        { profiles: ['chaos'], reason: 'a restarted node that forgot its vote wins a term another leader already holds' },
      ],
      'term-monotonic': violated(['crash', 'chaos', 'swarm'], 'the HardState is never saved, so a restarted node is back at term 0'),
      // Found under partition (37 events); chaos and swarm as for etcd-raft: holds at this budget only.
      'no-disruption': violated(['partition'], CUT_OFF_RAISES),
    },
  },
];
