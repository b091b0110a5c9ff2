import test from 'ava';
import { agreement, disagreement } from '../properties/agreement.js';
import type { NodeView } from '../src/shared/protocol.js';
import type { World } from '../src/shared/world.js';

/** A world with just the views the property reads; null is a crashed node. */
function worldOf(views: (NodeView | null)[]): World {
  return {
    now: 0,
    nodes: views.map((view) => ({ up: view !== null, state: null, stored: null, timers: [], view })),
    network: [],
    nextMessageId: 1,
    nextTimerId: 1,
    partition: null,
  };
}

const follower = (leader: number | null): NodeView => ({ role: 'follower', term: 1, leader });
const leader = (id: number): NodeView => ({ role: 'leader', term: 1, leader: id });

test('satisfied when every live node names the highest id and it leads', (t) => {
  t.true(agreement.satisfied(worldOf([follower(3), follower(3), leader(3)])));
});

test('a crashed highest id hands agreement to the highest live one', (t) => {
  t.true(agreement.satisfied(worldOf([follower(2), leader(2), null])));
  t.false(agreement.satisfied(worldOf([follower(3), follower(3), null])));
});

test('a leader that is not the highest live id breaks agreement', (t) => {
  const world = worldOf([leader(1), follower(1), follower(1)]);
  t.false(agreement.satisfied(world));
  t.is(agreement.pending(world), 'highest live node 3 is not leader');
});

test('a node naming another leader, or nobody, breaks agreement and is named', (t) => {
  const world = worldOf([follower(2), follower(null), leader(3)]);
  t.false(agreement.satisfied(world));
  t.is(disagreement(world), 'node 1 names 2, node 2 names nobody, not the highest live id 3');
});

test('no live node: nothing to agree on is not agreement', (t) => {
  t.false(agreement.satisfied(worldOf([null, null])));
  t.is(agreement.pending(worldOf([null, null])), 'no live node');
});

test('agreement is judged like liveness, after faults stop', (t) => {
  t.is(agreement.kind, 'liveness');
});
