import test from 'ava';
import { ring, ringNoSkip } from '../models/ring/index.js';
import { settledLeader } from '../properties/liveness.js';
import { checkModel } from '../src/run/check.js';
import { propertiesNamed } from '../properties/index.js';
import { Monitor } from '../src/judge/monitor.js';
import type { AnyProtocol } from '../src/shared/protocol.js';
import { TRACE_FORMAT, type TraceEvent } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';
import { findProfile, profileFor } from '../src/schedule/profiles.js';
import { randomRun } from '../src/schedule/randomRun.js';
import { progressEvents } from '../src/world/enabled.js';
import type { World } from '../src/shared/world.js';
import { apply, createSystem } from '../src/world/world.js';

// The rules of ring election (Le Lann 1977; Chang and Roberts 1979), as small hand-written traces.

function after(events: TraceEvent[], protocol: AnyProtocol = ring, nodes = 3): World {
  const result = replay({ format: TRACE_FORMAT, model: protocol.name, nodes, events }, protocol);
  return result.steps[result.steps.length - 1].world;
}

const inFlight = (world: World) => world.network.map((m) => `${m.from}->${m.to} ${ring.describeMessage!(m.msg as never)}`);

/** Delivers the oldest message (or fires the first timer) until one leader is named by every live node. */
function settle(world: World, protocol: AnyProtocol = ring, stepsMax = 500): World {
  const system = createSystem(protocol, world.nodes.length);
  let w = world;
  for (let i = 0; i < stepsMax && settledLeader(w) === null; i++) {
    const [next] = progressEvents(w);
    if (next === undefined) break;
    w = apply(system, w, next).world;
  }
  return w;
}

test('at boot every node sends an Election carrying its own id to its successor', (t) => {
  t.deepEqual(inFlight(after([])), ['1->2 Election r1 from 1 [1]', '2->3 Election r1 from 2 [2]', '3->1 Election r1 from 3 [3]']);
});

test('a weaker election is acknowledged and swallowed', (t) => {
  const world = after([{ kind: 'deliver', from: 1, to: 2, type: 'Election' }]);
  t.deepEqual(inFlight(world), ['2->3 Election r1 from 2 [2]', '3->1 Election r1 from 3 [3]', '2->1 Ack #1']);
});

test('a stronger election is joined and forwarded with the id added, once the link is free', (t) => {
  const joined = after([{ kind: 'deliver', from: 3, to: 1, type: 'Election' }]);
  t.is(joined.nodes[0].view!.role, 'candidate');
  // Node 1's own Election to 2 is not yet acknowledged: the link is stop-and-wait.
  t.false(inFlight(joined).some((m) => m.startsWith('1->2 Election r1 from 3')));
  const forwarded = after([
    { kind: 'deliver', from: 3, to: 1, type: 'Election' },
    { kind: 'deliver', from: 1, to: 2, type: 'Election' },
    { kind: 'deliver', from: 2, to: 1, type: 'Ack' },
  ]);
  t.true(inFlight(forwarded).includes('1->2 Election r1 from 3 [3,1]'));
});

test('the election goes round the ring and the highest id is announced and named by all', (t) => {
  const world = settle(after([]));
  t.is(settledLeader(world), 3);
  t.deepEqual(
    world.nodes.map((s) => s.view),
    [
      { role: 'follower', term: 1, leader: 3 },
      { role: 'follower', term: 1, leader: 3 },
      { role: 'leader', term: 1, leader: 3 },
    ],
  );
});

test('a successor that does not acknowledge is skipped', (t) => {
  const world = after([
    { kind: 'crash', node: 2 },
    { kind: 'timer', node: 1, timer: 'ack' },
  ]);
  t.true(inFlight(world).includes('1->3 Election r1 from 1 [1]'));
});

test('the no-skip mutant sets no ack timeout, so it waits for a dead successor forever', (t) => {
  const world = after([{ kind: 'crash', node: 2 }], ringNoSkip);
  t.false(world.nodes[0].timers.some((x) => x.name === 'ack'));
  t.true(after([], ring).nodes[0].timers.some((x) => x.name === 'ack'));
});

test('with the highest id down the next one leads; when it restarts it takes over in a later round', (t) => {
  let before: World | null = null;
  const result = randomRun({
    system: createSystem(ring, 3),
    profile: { ...profileFor(findProfile('reliable')!, ring, ''), faultPhaseTicks: 0 },
    monitor: new Monitor(propertiesNamed(['single-leader', 'term-monotonic']), null),
    seed: 'ring-restart',
    scripted: [
      { at: 10, make: () => ({ kind: 'crash', node: 3 }) },
      {
        at: 400,
        make: (world) => {
          before = world;
          return { kind: 'restart', node: 3 };
        },
      },
    ],
    horizonTicks: 2000,
    until: (world) => world.now >= 400 && settledLeader(world) === 3,
  });
  t.is(result.violation, null);
  t.is(settledLeader(before!), 2);
  t.is(settledLeader(result.world), 3);
  t.true(result.world.nodes[2].view!.term > before!.nodes[1].view!.term);
});

test('the checker shows ring/no-skip is not live under crashes, and the same budget finds nothing in ring', (t) => {
  const check = (protocol: AnyProtocol) =>
    checkModel({ protocol, nodes: 3, profile: findProfile('crash')!, properties: ['liveness'], seed: '7', runs: 300 });
  const found = check(ringNoSkip).found;
  t.is(found?.trace.violation?.property, 'liveness');
  t.is(replay(found!.trace, ringNoSkip).violation?.property, 'liveness');
  t.is(check(ring).found, null);
});

test('a node skipped by an election challenges the lower leader it was told about (agreement under loss)', (t) => {
  // Found by the catalog: under `lossy`, a lost Ack made node 2 skip node 3, node 3 then obeyed the
  // Coordinator naming 2 and followed it for good. Seed 1 hit it at run 31 before the fix.
  const result = checkModel({ protocol: ring, nodes: 3, profile: findProfile('lossy')!, properties: ['agreement', 'liveness'], seed: '1', runs: 100 });
  t.is(result.found?.trace.violation ?? null, null);
});
