import test from 'ava';
import { raft } from '../models/raft/index.js';
import { NotEnabledError } from '../src/shared/errors.js';
import { apply, boot, createSystem } from '../src/world/world.js';

const system = createSystem(raft, 3);

test('boot gives every node an election timer and no messages', (t) => {
  const world = boot(system);
  t.is(world.network.length, 0);
  t.deepEqual(
    world.nodes.map((n) => n.timers.map((x) => x.name)),
    [['election'], ['election'], ['election']],
  );
});

test('message ids follow send order', (t) => {
  const world = apply(system, boot(system), { kind: 'timer', node: 2, timer: 'election' }).world;
  t.deepEqual(
    world.network.map((m) => [m.id, m.from, m.to]),
    [
      [1, 2, 1],
      [2, 2, 3],
    ],
  );
});

test('a crash keeps stable storage and in-flight messages, loses timers', (t) => {
  let world = apply(system, boot(system), { kind: 'timer', node: 2, timer: 'election' }).world;
  world = apply(system, world, { kind: 'crash', node: 2 }).world;
  t.false(world.nodes[1].up);
  t.deepEqual(world.nodes[1].timers, []);
  t.deepEqual(world.nodes[1].stored, { currentTerm: 1, votedFor: 2 });
  t.is(world.network.length, 2);
  world = apply(system, world, { kind: 'restart', node: 2 }).world;
  t.deepEqual(world.nodes[1].view, { role: 'follower', term: 1, leader: null });
});

test('an event that is not enabled throws, never passes silently', (t) => {
  const world = boot(system);
  t.throws(() => apply(system, world, { kind: 'deliver', id: 1 }), { instanceOf: NotEnabledError });
  t.throws(() => apply(system, world, { kind: 'restart', node: 1 }), { instanceOf: NotEnabledError });
  t.throws(() => apply(system, world, { kind: 'heal' }), { instanceOf: NotEnabledError });
  t.throws(() => apply(system, world, { kind: 'timer', node: 1, timer: 'heartbeat' }), { instanceOf: NotEnabledError });
  t.throws(() => apply(system, world, { kind: 'crash', node: 4 }), { instanceOf: NotEnabledError });
});

test('a partition makes cross-group delivery not enabled; drop stays enabled', (t) => {
  let world = apply(system, boot(system), { kind: 'timer', node: 1, timer: 'election' }).world;
  world = apply(system, world, { kind: 'partition', groups: [[1], [2, 3]] }).world;
  t.throws(() => apply(system, world, { kind: 'deliver', id: 1 }), { instanceOf: NotEnabledError });
  world = apply(system, world, { kind: 'drop', id: 1 }).world;
  world = apply(system, world, { kind: 'heal' }).world;
  t.notThrows(() => apply(system, world, { kind: 'deliver', id: 2 }));
});

test('duplicate puts a copy with the next id in flight', (t) => {
  let world = apply(system, boot(system), { kind: 'timer', node: 1, timer: 'election' }).world;
  world = apply(system, world, { kind: 'duplicate', id: 1 }).world;
  t.deepEqual(
    world.network.map((m) => m.id),
    [1, 2, 3],
  );
  t.deepEqual(world.network[2].msg, world.network[0].msg);
});

test('time never goes back', (t) => {
  const world = apply(system, boot(system), { kind: 'timer', node: 1, timer: 'election', at: 15 }).world;
  t.is(world.now, 15);
  t.throws(() => apply(system, world, { kind: 'deliver', id: 1, at: 10 }), { instanceOf: NotEnabledError });
});

test('a timer fired outside its range is not enabled', (t) => {
  t.throws(() => apply(system, boot(system), { kind: 'timer', node: 1, timer: 'election', after: 25 }), {
    message: /outside its delay \[10, 20\]/,
  });
});
