import test from 'ava';
import { bully, bullyNoReelection } from '../models/bully/index.js';
import { checkModel } from '../src/run/check.js';
import type { AnyProtocol } from '../src/shared/protocol.js';
import { findProfile } from '../src/schedule/profiles.js';
import { TRACE_FORMAT, type TraceEvent } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';
import type { World } from '../src/shared/world.js';

// The rules of Garcia-Molina's Bully algorithm (1982), each as a small hand-written trace.

function after(events: TraceEvent[], nodes = 3): World {
  const result = replay({ format: TRACE_FORMAT, model: 'bully', nodes, events }, bully);
  return result.steps[result.steps.length - 1].world;
}

const inFlight = (world: World) => world.network.map((m) => `${m.from}->${m.to} ${m.msg.type}`);
const view = (world: World, node: number) => world.nodes[node - 1].view;

test('at boot the highest id has nobody to ask and declares itself at once', (t) => {
  const world = after([]);
  t.deepEqual(view(world, 3), { role: 'leader', term: 1, leader: 3 });
  t.deepEqual(view(world, 1), { role: 'candidate', term: 1, leader: null });
  t.deepEqual(inFlight(world), ['1->2 Election', '1->3 Election', '2->3 Election', '3->1 Coordinator', '3->2 Coordinator']);
});

test('a follower answers an Election from a lower id and holds its own election', (t) => {
  const world = after([
    { kind: 'deliver', from: 3, to: 2, type: 'Coordinator' },
    { kind: 'deliver', from: 1, to: 2, type: 'Election' },
  ]);
  t.is(view(world, 2)!.role, 'candidate');
  const sentBy2 = world.network.filter((m) => m.from === 2).map((m) => `${m.to} ${m.msg.type}`);
  t.deepEqual(sentBy2, ['3 Election', '1 Answer', '3 Election']);
});

test('a leader answers an Election and re-asserts itself instead of stepping down', (t) => {
  const world = after([{ kind: 'deliver', from: 1, to: 3, type: 'Election' }]);
  t.is(view(world, 3)!.role, 'leader');
  t.deepEqual(
    world.network.filter((m) => m.from === 3 && m.to === 1).map((m) => m.msg.type),
    ['Coordinator', 'Answer', 'Coordinator'],
  );
});

test('a candidate nobody higher answers declares itself when its answer timeout fires', (t) => {
  const world = after([
    { kind: 'crash', node: 3 },
    { kind: 'timer', node: 2, timer: 'answer' },
  ]);
  t.deepEqual(view(world, 2), { role: 'leader', term: 1, leader: 2 });
  t.true(inFlight(world).includes('2->1 Coordinator'));
});

test('an answer timeout before the round trip ends is not enabled (timeouts exceed a round trip)', (t) => {
  t.throws(() => after([{ kind: 'timer', node: 2, timer: 'answer', after: 2 * bully.synchronousDelayTicksMax! }]), {
    message: /outside its delay/,
  });
});

test('a candidate that got an Answer but no Coordinator starts a new round', (t) => {
  const world = after([
    { kind: 'deliver', from: 2, to: 3, type: 'Election' },
    { kind: 'deliver', from: 3, to: 2, type: 'Answer' },
    { kind: 'crash', node: 3 },
    { kind: 'timer', node: 2, timer: 'coordinator' },
  ]);
  t.deepEqual(view(world, 2), { role: 'candidate', term: 2, leader: null });
});

test('a follower whose leader falls silent starts an election in the next round', (t) => {
  const world = after([
    { kind: 'deliver', from: 3, to: 2, type: 'Coordinator' },
    { kind: 'crash', node: 3 },
    { kind: 'timer', node: 2, timer: 'leader-timeout' },
  ]);
  t.deepEqual(view(world, 2), { role: 'candidate', term: 2, leader: null });
});

test('a restarted higher id bullies the lower leader, and the round survives the crash', (t) => {
  const world = after([
    { kind: 'drop', from: 3, to: 2, type: 'Coordinator' },
    { kind: 'crash', node: 3 },
    { kind: 'timer', node: 2, timer: 'answer' },
    { kind: 'restart', node: 3 },
    { kind: 'deliver', from: 3, to: 2, type: 'Coordinator' },
  ]);
  t.deepEqual(view(world, 3), { role: 'leader', term: 2, leader: 3 });
  t.deepEqual(view(world, 2), { role: 'follower', term: 2, leader: 3 });
});

test('a leader that hears a lower leader tells it who is boss', (t) => {
  const world = after([
    { kind: 'partition', groups: [[1, 2], [3]] },
    { kind: 'drop', from: 3, to: 2, type: 'Coordinator' },
    { kind: 'drop', from: 2, to: 3, type: 'Election' },
    { kind: 'timer', node: 2, timer: 'answer' },
    { kind: 'heal' },
    { kind: 'timer', node: 2, timer: 'heartbeat' },
    { kind: 'deliver', from: 2, to: 3, type: 'Heartbeat' },
    { kind: 'deliver', from: 3, to: 2, type: 'Coordinator' },
  ]);
  t.deepEqual(view(world, 2), { role: 'follower', term: 1, leader: 3 });
  t.is(view(world, 3)!.role, 'leader');
});

function checkLiveness(protocol: AnyProtocol, profile: string) {
  return checkModel({ protocol, nodes: 3, profile: findProfile(profile)!, properties: ['liveness'], seed: '7', runs: 300 });
}

test('the checker shows bully/no-reelection is not live, and the same budget finds nothing in bully', (t) => {
  const found = checkLiveness(bullyNoReelection, 'lossy').found;
  t.is(found?.trace.violation?.property, 'liveness');
  // The counterexample replays to the same verdict.
  t.is(replay(found!.trace, bullyNoReelection).violation?.property, 'liveness');
  t.is(checkLiveness(bully, 'lossy').found, null);
});

test('bully/no-reelection: once the leader crashes for good, nobody ever starts an election', (t) => {
  const events: TraceEvent[] = [
    { kind: 'deliver', from: 3, to: 1, type: 'Coordinator' },
    { kind: 'deliver', from: 3, to: 2, type: 'Coordinator' },
    { kind: 'crash', node: 3 },
    { kind: 'drop', from: 1, to: 3, type: 'Election' },
    { kind: 'drop', from: 2, to: 3, type: 'Election' },
    { kind: 'deliver', from: 1, to: 2, type: 'Election' },
    { kind: 'deliver', from: 2, to: 1, type: 'Answer' },
    { kind: 'drop', from: 2, to: 3, type: 'Election' },
  ];
  const stabilization = { step: events.length, boundTicks: bullyNoReelection.livenessBoundTicks! };
  const trace = { format: TRACE_FORMAT, model: bullyNoReelection.name, nodes: 3, events, stabilization } as const;
  t.regex(replay(trace, bullyNoReelection).violation?.detail ?? '', /nothing left to happen/);
  // The real model keeps a timeout running on every survivor, so an election will follow.
  const real = replay({ ...trace, model: 'bully' }, bully);
  t.is(real.violation, null);
  const last = real.steps[real.steps.length - 1].world;
  t.deepEqual(
    last.nodes.slice(0, 2).map((slot) => slot.timers.map((x) => x.name)),
    [['leader-timeout'], ['answer']],
  );
});
