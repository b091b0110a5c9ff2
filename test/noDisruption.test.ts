import test from 'ava';
import { noDisruption } from '../properties/noDisruption.js';
import type { NodeId, NodeView } from '../src/shared/protocol.js';
import type { NodeSlot, World } from '../src/shared/world.js';

type Views = readonly (NodeView | null)[];

/** A world that only has views (all a property reads), and a partition if given. */
function worldOf(views: Views, partition: NodeId[][] | null = null): World {
  const nodes: NodeSlot[] = views.map((view) => ({ up: view !== null, state: null, stored: undefined, timers: [], view }));
  return { now: 0, nodes, network: [], nextMessageId: 1, nextTimerId: 1, partition };
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

test('a node cut off while it raised its term, back after faults stop, deposes the leader: violated', (t) => {
  const detail = judge(
    [worldOf([leader(3, 1), follower(3, 1), candidate(5)], [[1, 2], [3]])],
    [
      worldOf([leader(3, 1), follower(3, 1), candidate(5)], [[1, 2], [3]]),
      worldOf([leader(3, 1), follower(3, 1), candidate(5)]), // heal
      worldOf([follower(5), follower(3, 1), candidate(5)]),
    ],
  );
  t.is(detail, 'leader 1 of term 3, followed by a live quorum after faults stopped, deposed by term 5: node 3 rejoined with term 5, raised while it was cut off');
});

test('a node that followed the leader and then raises the term deposes it: violated', (t) => {
  const detail = judge(
    [],
    [
      worldOf([leader(2, 1), follower(2, 1), follower(2, 1)]),
      worldOf([leader(2, 1), follower(2, 1), candidate(3)]),
      worldOf([follower(3), follower(2, 1), candidate(3)]),
    ],
  );
  t.regex(detail ?? '', /deposed by term 3: node 3, which had followed it, raised term 3$/);
});

test('before faults stop nothing is judged, and a race that began before the leader led is no disruption', (t) => {
  // Faults on: the same deposition is no violation.
  t.is(judge([worldOf([leader(2, 1), follower(2, 1), follower(2, 1)]), worldOf([follower(3), follower(3), candidate(3)])], [worldOf([follower(3), follower(3), candidate(3)])]), null);
  // Node 3 is a candidate of term 3 (with nobody cut off) when node 1 gets its quorum in term 2: node 3 wins the race.
  const race = judge(
    [],
    [
      worldOf([leader(2, 1), follower(2, 1), candidate(3)]),
      worldOf([follower(3), follower(2, 1), candidate(3)]),
      worldOf([follower(3, 3), follower(3, 3), leader(3, 3)]),
    ],
  );
  t.is(race, null);
  // A leader that steps down in its own term (CheckQuorum) is no disruption either.
  t.is(judge([], [worldOf([leader(2, 1), follower(2, 1), follower(2)]), worldOf([follower(2), follower(2, 1), follower(2)])]), null);
});

test('a node that was down when faults stopped and restarts with a higher stored term deposes the leader: violated', (t) => {
  const detail = judge(
    [],
    [
      worldOf([leader(2, 1), follower(2, 1), null]),
      worldOf([leader(2, 1), follower(2, 1), follower(4)]), // restarted from storage
      worldOf([follower(4), follower(2, 1), follower(4)]),
    ],
  );
  t.regex(detail ?? '', /node 3 rejoined with term 4/);
});

test('no-disruption: renaming the memo is the memo of the renamed run', (t) => {
  const rotate = (id: number) => (id % 3) + 1;
  const views: Views[] = [
    [leader(3, 1), follower(3, 1), candidate(5)],
    [leader(3, 1), follower(3, 1), follower(3, 1)],
  ];
  const renamed = views.map((v) => {
    const out = new Array<NodeView | null>(3);
    v.forEach((view, i) => (out[rotate(i + 1) - 1] = view === null ? null : { ...view, leader: view.leader === null ? null : rotate(view.leader) }));
    return out;
  });
  const memoOf = (history: Views[], partition: NodeId[][]) => {
    let memo = noDisruption.stabilize!(noDisruption.initial(worldOf(history[0])), worldOf(history[0], partition));
    for (const v of history.slice(1)) memo = noDisruption.observe(memo, worldOf(v));
    return memo;
  };
  t.deepEqual(noDisruption.renameNodes!(memoOf(views, [[1, 2], [3]]), rotate), memoOf(renamed, [[2, 3], [1]]));
});
