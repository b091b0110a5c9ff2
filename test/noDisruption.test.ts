import test from 'ava';
import { raft } from '../models/raft/index.js';
import { noDisruption } from '../properties/noDisruption.js';
import { explore, type ExploreOptions } from '../src/explore/explore.js';
import type { NodeId, NodeView } from '../src/shared/protocol.js';
import type { InFlight, NodeSlot, World } from '../src/shared/world.js';

type Views = readonly (NodeView | null)[];

/** Messages in flight as [id, from, to]. */
type Flights = readonly (readonly [number, NodeId, NodeId])[];

interface Extras {
  partition?: NodeId[][] | null;
  network?: Flights;
  paused?: readonly NodeId[];
}

/** A world that only has views, messages and a partition (all the property reads). */
function worldOf(views: Views, { partition = null, network = [], paused = [] }: Extras = {}): World {
  const nodes: NodeSlot[] = views.map((view, i) => ({
    up: view !== null, state: null, stored: undefined, timers: [], view, ...(paused.includes(i + 1) ? { pausedAt: 0 } : {}),
  }));
  const inFlight: InFlight[] = network.map(([id, from, to]) => ({ id, from, to, msg: { type: 'M' }, sentAt: 0 }));
  const nextMessageId = Math.max(0, ...network.map(([id]) => id)) + 1;
  return { now: 0, nodes, network: inFlight, nextMessageId: Math.max(nextMessageId, 20), nextTimerId: 1, partition };
}

const follower = (term: number, leader: number | null = null): NodeView => ({ role: 'follower', term, leader });
const candidate = (term: number): NodeView => ({ role: 'candidate', term, leader: null });
const leader = (term: number, id: number): NodeView => ({ role: 'leader', term, leader: id });

/** The violation after a run: `before` while faults are on, `stable` once they have stopped (the first world is where they stop). */
function judge(before: readonly World[], stable: readonly World[]): string | null {
  let memo = noDisruption.initial(before[0] ?? stable[0]);
  for (const w of before) memo = noDisruption.observe(memo, w);
  memo = noDisruption.stabilize!(memo, stable[0]);
  for (const w of stable.slice(1)) memo = noDisruption.observe(memo, w);
  return noDisruption.violation(memo);
}

// Leader 1 heartbeats nodes 2 and 3 (messages 1 and 2), then both are delivered: a live quorum.
const HEARTBEATS: Flights = [[1, 1, 2], [2, 1, 3]];

test('a node cut off while it raised its term, back after faults stop, deposes a leader with a live quorum: violated', (t) => {
  const cut = { partition: [[1, 2], [3]] };
  const detail = judge(
    [
      worldOf([leader(3, 1), follower(3, 1), follower(3, 1)]),
      worldOf([leader(3, 1), follower(3, 1), follower(3, 1)], cut), // node 3 is cut off in term 3
      worldOf([leader(3, 1), follower(3, 1), candidate(4)], cut),
      worldOf([leader(3, 1), follower(3, 1), candidate(5)], cut), // and times out twice
    ],
    [
      worldOf([leader(3, 1), follower(3, 1), candidate(5)], { ...cut, network: [[1, 1, 2]] }),
      worldOf([leader(3, 1), follower(3, 1), candidate(5)], cut), // node 2 hears the heartbeat
      worldOf([leader(3, 1), follower(3, 1), candidate(5)]), // heal
      worldOf([follower(5), follower(3, 1), candidate(5)]),
    ],
  );
  t.is(detail, 'leader 1 of term 3, followed by a live quorum after faults stopped, deposed by term 5: node 3 lost touch (cut off, down or paused) in term 3 and came back in term 5');
});

/** Leader 2 of term 2 while node 3 is a candidate of term 3, cut off at `cutAt` (0: before it raised its term, 1: after). */
function raisedAroundTheCut(cutAt: 0 | 1): string | null {
  const cut = { partition: [[1, 2], [3]] };
  const views = [
    [follower(2, 2), leader(2, 2), follower(2, 2)],
    [follower(2, 2), leader(2, 2), candidate(3)],
  ];
  return judge(
    // One event a world, as in a run: the cut, then the timeout, or the other way round.
    [worldOf(views[0]), cutAt === 0 ? worldOf(views[0], cut) : worldOf(views[1]), worldOf(views[1], cut)],
    [
      worldOf(views[1], { ...cut, network: [[1, 2, 1]] }),
      worldOf(views[1], cut), // node 1 hears leader 2: a live quorum
      worldOf(views[1]), // heal
      worldOf([candidate(3), leader(2, 2), candidate(3)], { network: [[21, 1, 2]] }), // node 3's election reaches node 1
      worldOf([candidate(3), candidate(3), candidate(3)]),
    ],
  );
}

test('a term a node raised before it was cut off is not counted: the Ring starts an election in touch, then the partition cuts it (ring, swarm, run 50)', (t) => {
  t.is(raisedAroundTheCut(1), null);
  // The same worlds with node 3 cut off before it raised its term: a disruption.
  t.regex(raisedAroundTheCut(0) ?? '', /deposed by term 3: node 3 lost touch \(cut off, down or paused\) in term 2 and came back in term 3$/);
});

test('a leader quiet through the fault phase has no live quorum: its followers timing out as faults stop is no disruption (raft/prevote, pauses, run 1497)', (t) => {
  // Both followers still name leader 1 when faults stop, but no message of its has reached them
  // since: node 3's timer runs out, node 2 grants its pre-vote, and node 3 wins term 3.
  const quiet = judge(
    [],
    [
      worldOf([leader(2, 1), follower(2, 1), follower(2, 1)]),
      worldOf([leader(2, 1), follower(2, 1), candidate(3)], { network: [[20, 3, 2]] }),
      worldOf([leader(2, 1), follower(3), candidate(3)], { network: [[21, 2, 3]] }),
      worldOf([leader(2, 1), follower(3), leader(3, 3)], { network: [[22, 3, 1]] }),
      worldOf([follower(3, 3), follower(3), leader(3, 3)]),
    ],
  );
  t.is(quiet, null);
});

test('a follower that heard the leader after faults stopped and then raises the term is a race or lost heartbeats, not a rejoiner', (t) => {
  const detail = judge(
    [],
    [
      worldOf([leader(2, 1), follower(2, 1), follower(2, 1)], { network: HEARTBEATS }),
      worldOf([leader(2, 1), follower(2, 1), follower(2, 1)]),
      worldOf([leader(2, 1), follower(2, 1), candidate(3)], { network: [[20, 3, 1]] }),
      worldOf([follower(3), follower(2, 1), candidate(3)]),
    ],
  );
  t.is(detail, null);
});

test('a node paused when faults stop that raises the term before the leader reaches it deposes the leader: violated', (t) => {
  const detail = judge(
    [],
    [
      worldOf([leader(2, 1), follower(2, 1), follower(2, 1)], { network: HEARTBEATS, paused: [3] }),
      worldOf([leader(2, 1), follower(2, 1), follower(2, 1)], { network: [[2, 1, 3]], paused: [3] }), // node 2 hears it
      worldOf([leader(2, 1), follower(2, 1), candidate(3)], { network: [[2, 1, 3], [20, 3, 1]] }), // node 3 resumes and times out first
      worldOf([follower(3), follower(2, 1), candidate(3)], { network: [[2, 1, 3]] }),
    ],
  );
  t.regex(detail ?? '', /deposed by term 3: node 3, back from being cut off, down or paused, raised term 3 before the leader reached it$/);
});

test('before faults stop nothing is judged, and a race that began before the leader led is no disruption', (t) => {
  // Faults on: the same deposition is no violation.
  t.is(judge([worldOf([leader(2, 1), follower(2, 1), follower(2, 1)]), worldOf([follower(3), follower(3), candidate(3)])], [worldOf([follower(3), follower(3), candidate(3)])]), null);
  // Node 3 is a candidate of term 3 when node 1 gets its quorum in term 2: node 3 wins the race.
  const race = judge(
    [],
    [
      worldOf([leader(2, 1), follower(2, 1), candidate(3)], { network: HEARTBEATS }),
      worldOf([leader(2, 1), follower(2, 1), candidate(3)]),
      worldOf([follower(3), follower(2, 1), candidate(3)]),
      worldOf([follower(3, 3), follower(3, 3), leader(3, 3)]),
    ],
  );
  t.is(race, null);
  // A leader that steps down in its own term (CheckQuorum) is no disruption either.
  t.is(judge([], [worldOf([leader(2, 1), follower(2, 1), follower(2)], { network: HEARTBEATS }), worldOf([leader(2, 1), follower(2, 1), follower(2)]), worldOf([follower(2), follower(2, 1), follower(2)])]), null);
});

/** Node 3 down when faults stop, after `before`; it restarts from storage in term 4 and deposes leader 1 of term 2. */
function restartsInTerm4(before: readonly World[]): string | null {
  return judge(before, [
    worldOf([leader(2, 1), follower(2, 1), null], { network: [[1, 1, 2]] }),
    worldOf([leader(2, 1), follower(2, 1), null]),
    worldOf([leader(2, 1), follower(2, 1), follower(4)]), // restarted from storage
    worldOf([follower(4), follower(2, 1), follower(4)]),
  ]);
}

test('a node cut off that raised its term, then went down, restarts after faults stop with it and deposes the leader: violated', (t) => {
  const cut = { partition: [[1, 2], [3]] };
  const detail = restartsInTerm4([
    worldOf([leader(2, 1), follower(2, 1), follower(2, 1)]),
    worldOf([leader(2, 1), follower(2, 1), follower(2, 1)], cut),
    worldOf([leader(2, 1), follower(2, 1), candidate(4)], cut),
    worldOf([leader(2, 1), follower(2, 1), null], cut),
  ]);
  t.regex(detail ?? '', /node 3 lost touch \(cut off, down or paused\) in term 2 and came back in term 4$/);
});

test('a node that held its term before it went down and restarts with it raised nothing out of touch, nor once back: no disruption', (t) => {
  // Node 3 was in term 4 in touch (its election's messages lost), then crashed.
  t.is(restartsInTerm4([worldOf([leader(2, 1), follower(2, 1), candidate(4)]), worldOf([leader(2, 1), follower(2, 1), null])]), null);
});

test('a node that goes down in touch and opens a new term as it restarts (as a Ring node recovers) deposes the leader: violated', (t) => {
  const detail = judge(
    [worldOf([leader(1, 1), follower(1, 1), follower(1, 1)]), worldOf([leader(1, 1), follower(1, 1), null])],
    [
      worldOf([leader(1, 1), follower(1, 1), null], { network: [[1, 1, 2]] }),
      worldOf([leader(1, 1), follower(1, 1), null]),
      worldOf([leader(1, 1), follower(1, 1), candidate(2)]), // restarts in a round above the one it crashed in
      worldOf([follower(2), follower(1, 1), candidate(2)]),
    ],
  );
  t.regex(detail ?? '', /deposed by term 2: node 3 lost touch \(cut off, down or paused\) in term 1 and came back in term 2$/);
});

test('no-disruption: renaming the memo is the memo of the renamed run', (t) => {
  const rotate = (id: number) => (id % 3) + 1;
  const views: Views[] = [
    [leader(3, 1), follower(3, 1), candidate(5)],
    [leader(3, 1), follower(3, 1), follower(3, 1)],
  ];
  const flights: Flights[] = [[[1, 1, 2], [2, 3, 1]], [[2, 3, 1]]];
  const renameView = (v: Views) => {
    const out = new Array<NodeView | null>(3);
    v.forEach((view, i) => (out[rotate(i + 1) - 1] = view === null ? null : { ...view, leader: view.leader === null ? null : rotate(view.leader) }));
    return out;
  };
  const renameFlights = (f: Flights) => f.map(([id, from, to]) => [id, rotate(from), rotate(to)] as const);
  const memoOf = (history: Views[], network: Flights[], partition: NodeId[][]) => {
    let memo = noDisruption.stabilize!(noDisruption.initial(worldOf(history[0])), worldOf(history[0], { partition, network: network[0] }));
    for (let i = 1; i < history.length; i++) memo = noDisruption.observe(memo, worldOf(history[i], { network: network[i] }));
    return memo;
  };
  const renamed = memoOf(views.map(renameView), flights.map(renameFlights), [[2, 3], [1]]);
  t.deepEqual(noDisruption.renameNodes!(memoOf(views, flights, [[1, 2], [3]]), rotate), renamed);
  t.not((renamed as { leader: number | null }).leader, null);
});

test('no-disruption tracks the fault phase in a run: a memo of terms held as nodes lost touch, which does not commute', (t) => {
  t.false(noDisruption.memoCommutes);
  const cut = { partition: [[1, 2], [3]] };
  const inTouch = worldOf([leader(2, 1), follower(2, 1), follower(2, 1)]);
  // The cut, then node 3's timeout; the other order leaves the same world and another memo.
  const cutFirst = noDisruption.observe(noDisruption.observe(noDisruption.initial(inTouch), worldOf(inTouch.nodes.map((n) => n.view), cut)), worldOf([leader(2, 1), follower(2, 1), candidate(3)], cut));
  const raisedFirst = noDisruption.observe(noDisruption.observe(noDisruption.initial(inTouch), worldOf([leader(2, 1), follower(2, 1), candidate(3)])), worldOf([leader(2, 1), follower(2, 1), candidate(3)], cut));
  t.notDeepEqual(cutFirst, raisedFirst);
  // Renaming a fault-phase memo is the memo of the renamed run.
  const rotate = (id: number) => (id % 3) + 1;
  const rotated = noDisruption.observe(noDisruption.observe(noDisruption.initial(inTouch), worldOf([leader(2, 2), follower(2, 2), follower(2, 2)], { partition: [[2, 3], [1]] })), worldOf([candidate(3), leader(2, 2), follower(2, 2)], { partition: [[2, 3], [1]] }));
  t.deepEqual(noDisruption.renameNodes!(cutFirst, rotate), rotated);
});

test('explore checks no-disruption as it is judged there, never: nothing tracked, so the same states, POR allowed and the step cache on', (t) => {
  const searched = noDisruption.inSearch!;
  t.true(searched.memoCommutes);
  t.true(searched.readsNodesOnly);
  const options = (properties: ExploreOptions['properties']): ExploreOptions => ({
    protocol: raft, nodes: 3, properties, symmetry: true,
    bounds: { maxTerm: 2, maxMessages: 6, maxCrashes: 1, maxPartitions: 1, maxDrops: 0, maxDups: 0, maxDepth: 9 },
  });
  const without = explore(options(['election-safety', 'term-monotonic']));
  const withIt = explore(options(['election-safety', 'term-monotonic', 'no-disruption']));
  t.is(withIt.states, without.states);
  t.is(withIt.transitions, without.transitions);
  t.true(withIt.cachedSteps > 0, 'the step cache is taken');
  t.is(withIt.violation, null);
  const por = explore({ ...options(['election-safety', 'term-monotonic', 'no-disruption']), por: true });
  t.true(por.por);
  t.is(por.states, without.states);
});
