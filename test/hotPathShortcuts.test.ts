import test from 'ava';
import { raft } from '../models/raft/index.js';
import type { SafetyProperty } from '../properties/types.js';
import { Monitor } from '../src/judge/monitor.js';
import { PerPropertyMonitor, type PerPropertyState } from '../src/judge/perPropertyMonitor.js';
import { EachPropertyRun } from '../src/judge/eachPropertyRun.js';
import { propertiesNamed } from '../properties/index.js';
import { FaultClock } from '../src/schedule/faultClock.js';
import { DueFaults } from '../src/schedule/dueFaults.js';
import { findProfile, profileFor } from '../src/schedule/profiles.js';
import { createRng } from '../src/schedule/rng.js';
import type { World } from '../src/shared/world.js';
import { boot, createSystem } from '../src/world/world.js';

/**
 * The shortcuts of the random run's hot path are taken (a call counted), and answer what the call
 * would: a shortcut that silently stopped being taken would keep every result right and cost the
 * speed it was made for (the lesson of explore's unreachable fast loop).
 */

/** A property that counts its calls: a node-reading one, whose last answer the monitor may reuse. */
function counting(readsNodesOnly: boolean): { property: SafetyProperty<number>; calls: () => number } {
  let calls = 0;
  const property: SafetyProperty<number> = {
    name: 'single-leader',
    kind: 'safety',
    description: 'counts its observations',
    initial: () => 0,
    observe: (memo, world) => {
      calls++;
      // The memo changes only when the nodes do, as a history over node slots does.
      return memo + (world.nodes.some((s) => s.view?.role === 'leader') ? 1 : 0);
    },
    violation: () => null,
    readsNodesOnly,
  };
  return { property, calls: () => calls };
}

const world = boot(createSystem(raft, 3));
const later: World = { ...world, now: world.now + 5, network: [] };

test('the monitor asks a node-reading property once for the same memo and nodes array', (t) => {
  const { property, calls } = counting(true);
  const monitor = new Monitor([property]);
  const start = monitor.start(world);
  const first = monitor.observe(start, world, 1);
  const before = calls();
  // Another world sharing the node slots (a drop, say): the same memo, the same nodes.
  const second = monitor.observe(first, later, 2);
  t.is(calls(), before, 'the call was not made again');
  t.is(second.memos[0], first.memos[0], 'and the memo is what the call returns');
  // Other nodes: asked again.
  monitor.observe(second, { ...later, nodes: [...later.nodes] }, 3);
  t.is(calls(), before + 1);
});

test("a catalog cell's in-place judge asks a node-reading property once for the same memo and nodes array, and its violation only for a new memo", (t) => {
  const { property, calls } = counting(true);
  let judged = 0;
  const judge = new EachPropertyRun([{ ...property, violation: () => (judged++, null) }], null);
  const state = judge.start(world);
  judge.observe(state, world, 1);
  const before = calls();
  const judgedBefore = judged;
  judge.observe(state, later, 2);
  t.is(calls(), before, 'the call was not made again');
  t.is(judged, judgedBefore, 'nor its unchanged memo judged again');
  judge.observe(state, { ...later, nodes: [...later.nodes] }, 3);
  t.is(calls(), before + 1);
});

test('a property that reads more than the nodes is asked every time', (t) => {
  const { property, calls } = counting(false);
  const monitor = new Monitor([property]);
  const first = monitor.observe(monitor.start(world), world, 1);
  const before = calls();
  monitor.observe(first, later, 2);
  t.is(calls(), before + 1);
});

test("the fault clocks are asked anew only after a fault is taken, and DueFaults answers as the clock would", (t) => {
  const profile = profileFor(findProfile('chaos')!, raft, 'due');
  let asked = 0;
  class Counted extends FaultClock {
    override next(w: World) {
      asked++;
      return super.next(w);
    }
  }
  const due = new DueFaults(new Counted(createRng('due'), profile, 3), null);
  const fresh = new FaultClock(createRng('due'), profile, 3);
  for (const now of [0, 1, 2, 3]) t.deepEqual(due.next({ ...world, now }), fresh.next({ ...world, now }), `at ${now}`);
  t.is(asked, 1, 'one question for four events');
  // Past the fault's time, the answer is clamped to the present, as the clock clamps it.
  const at = due.next(world).at;
  t.deepEqual(due.next({ ...world, now: at + 7 }), fresh.next({ ...world, now: at + 7 }));
  const fault = due.next({ ...world, now: at });
  t.deepEqual(due.take(fault, { ...world, now: at }), fresh.take(fresh.next({ ...world, now: at }), { ...world, now: at }));
  t.deepEqual(due.next({ ...world, now: at }), fresh.next({ ...world, now: at }), 'after the take');
  t.is(asked, 2, 'asked anew once after the take');
});

test("a catalog cell's liveness parts share one lasso table, and the second visit of a world is answered without a look", (t) => {
  const monitor = new PerPropertyMonitor(propertiesNamed(['liveness', 'agreement', 'election-safety']), 400);
  const stable = monitor.stabilize(monitor.start(world), world, 0, [1, 3]) as PerPropertyState;
  const [liveness, agreement, safety] = stable.parts;
  t.truthy(liveness.cycle, 'liveness judges a lasso');
  t.is(agreement.cycle, liveness.cycle, 'the same table');
  t.falsy(safety.cycle, 'a safety part keeps none');
  // The second visit of the same world at the same step is the first one's answer, recorded once.
  let recorded = 0;
  const table = liveness.cycle!;
  const record = (table as unknown as { record: (w: World, s: number) => unknown }).record.bind(table);
  (table as unknown as { record: (w: World, s: number) => unknown }).record = (w, s) => {
    recorded++;
    return record(w, s);
  };
  const moved = { ...later, nodes: [...later.nodes] };
  const after = monitor.observe(stable, moved, 1) as PerPropertyState;
  t.is(recorded, 1, 'two parts, one world recorded');
  t.is(after.parts[0].violation, null);
  t.is(after.parts[1].violation, null);
});
