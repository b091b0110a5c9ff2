import test from 'ava';
import { raft } from '../models/raft/index.js';
import { allProperties } from '../properties/index.js';
import { electionSafety } from '../properties/electionSafety.js';
import { singleLeader } from '../properties/singleLeader.js';
import { termMonotonic } from '../properties/termMonotonic.js';
import type { SafetyProperty } from '../properties/types.js';
import { chooseSymmetry } from '../src/explore/symmetryHooks.js';
import type { NodeView } from '../src/shared/protocol.js';
import type { NodeSlot, World } from '../src/shared/world.js';

type Views = readonly (NodeView | null)[];

/** A world that only has views: all the properties read. */
function worldOf(views: Views): World {
  const nodes: NodeSlot[] = views.map((view) => ({ up: view !== null, state: null, stored: undefined, timers: [], view }));
  return { now: 0, nodes, network: [], nextMessageId: 1, nextTimerId: 1, partition: null };
}

/** The same views with node i + 1 moved to rename(i + 1), and the leaders they name renamed too. */
function renamedViews(views: Views, rename: (id: number) => number): Views {
  const out = new Array<NodeView | null>(views.length);
  views.forEach((view, i) => {
    out[rename(i + 1) - 1] = view === null ? null : { ...view, leader: view.leader === null ? null : rename(view.leader) };
  });
  return out;
}

function memoAfter<M>(property: SafetyProperty<M>, history: readonly Views[]): M {
  let memo = property.initial(worldOf(history[0]));
  for (const views of history.slice(1)) memo = property.observe(memo, worldOf(views));
  return memo;
}

const follower = (term: number, leader: number | null = null): NodeView => ({ role: 'follower', term, leader });
const leader = (term: number, id: number): NodeView => ({ role: 'leader', term, leader: id });

// Node 1 leads term 1 and crashes; node 3 leads term 2; node 1 restarts and follows it. No
// violation: its text names nodes as they were, and a search stops at the first one anyway.
const history: Views[] = [
  [follower(0), follower(0), follower(0)],
  [leader(1, 1), follower(1, 1), follower(1, 1)],
  [null, follower(2), leader(2, 3)],
  [follower(2, 3), follower(2, 3), leader(2, 3)],
];
const rotate = (id: number) => (id % 3) + 1;

for (const property of [electionSafety, termMonotonic, singleLeader] as SafetyProperty[]) {
  test(`${property.name}: renaming the memo is the memo of the renamed run`, (t) => {
    const renamedHistory = history.map((views) => renamedViews(views, rotate));
    t.deepEqual(property.renameNodes!(memoAfter(property, history), rotate), memoAfter(property, renamedHistory));
  });
}

test('election-safety renames the winner of each term and who holds the role', (t) => {
  const memo = memoAfter(electionSafety, history.slice(0, 3));
  t.deepEqual(memo.elected, { 1: 1, 2: 3 });
  const renamed = electionSafety.renameNodes!(memo, rotate);
  t.deepEqual(renamed.elected, { 1: 2, 2: 1 });
  t.deepEqual(renamed.holding, [2, null, null]);
});

test('every built-in safety property renames its memo, so Raft is reduced whatever is checked', (t) => {
  const safety = allProperties.filter((p): p is SafetyProperty => p.kind === 'safety');
  t.true(safety.length >= 3);
  const choice = chooseSymmetry(raft, safety, true, 3);
  t.is(choice.reason, null);
  t.is(choice.hooks?.memos.length, safety.length);
});

test('symmetry reduction refuses a property that cannot rename its memo', (t) => {
  const { renameNodes: _dropped, ...withoutRenaming } = termMonotonic;
  const choice = chooseSymmetry(raft, [electionSafety, withoutRenaming as SafetyProperty], true, 3);
  t.is(choice.hooks, null);
  t.is(choice.reason, 'property term-monotonic has no memo renaming');
});
