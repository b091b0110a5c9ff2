import test from 'ava';
import { findBuiltinModel } from '../models/index.js';
import { livenessFailure } from '../src/judge/monitor.js';
import { checkModel } from '../src/run/check.js';
import type { AnyProtocol, PropertyName } from '../src/shared/protocol.js';
import { type FaultProfile, findProfile, profileFor } from '../src/schedule/profiles.js';
import { stillFails } from '../src/shrink/candidate.js';
import { labelTrace, type LabeledEvent } from '../src/shrink/labels.js';
import { withoutNode } from '../src/shrink/nodes.js';
import { endSooner, faultSpan } from '../src/shrink/faults.js';
import { repairCandidate } from '../src/shrink/repair.js';
import { shrinkContext, shrinkTrace } from '../src/shrink/shrinkTrace.js';
import { stablePhaseProblem, synchronyProblem, timingPolicy } from '../src/shrink/timing.js';
import { encodeTrace, type Trace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';

const model = (name: string): AnyProtocol => findBuiltinModel(name)!;

function found(name: string, profile: string, property: PropertyName, nodes = 3, seed = '1'): { trace: Trace; profile: FaultProfile } {
  const protocol = model(name);
  const spec = findProfile(profile)!;
  const result = checkModel({ protocol, nodes, profile: spec, properties: [property], seed, runs: 2000 }).found;
  if (result === null) throw new Error(`no ${property} violation of ${name} under ${profile}`);
  return { trace: result.trace, profile: profileFor(spec, protocol, '') };
}

/** Every event of the shrunk trace keeps the synchronous promise, and every one after faults stopped that phase's. */
function promisesKept(t: import('ava').ExecutionContext, trace: Trace, protocol: AnyProtocol, profile: FaultProfile): void {
  const policy = timingPolicy(profile, protocol);
  const { steps, violation } = replay(trace, protocol);
  t.deepEqual(violation, trace.violation, 'the shrunk trace replays to its violation');
  const stable = trace.stabilization?.step ?? Infinity;
  const firstStableId = Number.isFinite(stable) ? steps[stable].world.nextMessageId : 0;
  const stableAt = Number.isFinite(stable) ? steps[stable].world.now : 0;
  for (let i = 1; i < steps.length; i++) {
    const [world, event] = [steps[i - 1].world, steps[i].event!];
    t.is(synchronyProblem(policy, world, event), null, `step ${i}`);
    if (i > stable) t.is(stablePhaseProblem(policy, world, event, firstStableId, stableAt), null, `step ${i} after faults stopped`);
  }
}

test('Bully under crash (a synchronous promise) shrinks by at least 5x, and the shrunk trace keeps the promise', (t) => {
  const protocol = model('bully');
  const { trace, profile } = found('bully', 'crash', 'single-leader');
  t.true(timingPolicy(profile, protocol).synchronous, 'crash delays lie within Bully bound');
  const result = shrinkTrace(trace, protocol, { profile });
  t.true(result.lengthAfter * 5 <= result.lengthBefore, `${result.lengthBefore} -> ${result.lengthAfter}`);
  promisesKept(t, result.trace, protocol, profile);
});

test('ring/no-skip under partition: its liveness trace shrinks by at least 5x and keeps both promises', (t) => {
  const protocol = model('ring/no-skip');
  const { trace, profile } = found('ring/no-skip', 'partition', 'liveness');
  const result = shrinkTrace(trace, protocol, { profile });
  t.true(result.lengthAfter * 5 <= result.lengthBefore, `${result.lengthBefore} -> ${result.lengthAfter}`);
  t.is(result.trace.violation?.property, 'liveness');
  promisesKept(t, result.trace, protocol, profile);
});

test('a lasso shrinks to a lasso: a run left leaderless by timing the promise allows does not stand in for it', (t) => {
  const protocol = model('raft/majority-off-by-one');
  const { trace, profile } = found('raft/majority-off-by-one', 'synchronous', 'liveness', 4);
  t.is(livenessFailure(trace.violation!), 'cycle');
  const result = shrinkTrace(trace, protocol, { profile });
  t.is(livenessFailure(result.trace.violation!), 'cycle', result.trace.violation!.detail);
  t.true(result.lengthAfter <= 60, `${result.lengthBefore} -> ${result.lengthAfter}`);
  promisesKept(t, result.trace, protocol, profile);
});

test('repair inserts the timer firing and the deliveries a removed event leaves overdue, at their deadlines', (t) => {
  const protocol = model('bully');
  const { trace, profile } = found('bully', 'crash', 'single-leader');
  const ctx = shrinkContext(trace, protocol, { profile });
  const labels = labelTrace(trace, protocol);
  // Bully's heartbeat is a fixed period: without its first firing, the next events leave it overdue.
  const first = labels.findIndex((e) => e.event.kind === 'timer');
  const repaired = repairCandidate(ctx, labels.filter((_, i) => i !== first), 'earliest');
  t.not(repaired, null);
  const inserted = repaired!.kept.filter((e) => e.index >= trace.events.length);
  t.true(inserted.length > 0, 'something the promise forces was inserted');
  t.true(inserted.every((e) => e.event.kind === 'deliver' || e.event.kind === 'timer' || e.event.kind === 'drop'));
  // The repaired run is a valid synchronous run, event by event.
  const policy = timingPolicy(profile, protocol);
  const { stabilization: _none, ...rest } = trace;
  const steps = replay({ ...rest, events: repaired!.events, violation: repaired!.violation }, protocol).steps;
  for (let i = 1; i < steps.length; i++) t.is(synchronyProblem(policy, steps[i - 1].world, steps[i].event!), null, `step ${i}`);
});

test('without a node, its events go, higher ids move down, and a partition it alone split goes with its heal', (t) => {
  const ref = (from: number, to: number) => ({ sender: 0, slot: 0, from, to, type: 'M' });
  const events: LabeledEvent[] = [
    { index: 0, event: { kind: 'timer', node: 3, timer: 't' } },
    { index: 1, event: { kind: 'deliver', id: 1 }, ref: ref(3, 1) },
    { index: 2, event: { kind: 'deliver', id: 2 }, ref: ref(2, 3) },
    { index: 3, event: { kind: 'partition', groups: [[1, 3], [2]] } },
    { index: 4, event: { kind: 'heal' } },
    { index: 5, event: { kind: 'partition', groups: [[1, 2], [3]] } },
    { index: 6, event: { kind: 'heal' } },
    { index: 7, event: { kind: 'crash', node: 2 } },
  ];
  const out = withoutNode(events, 2);
  t.deepEqual(
    out.map((e) => e.index),
    [0, 1, 5, 6],
  );
  t.deepEqual(out[0].event, { kind: 'timer', node: 2, timer: 't' });
  t.deepEqual(out[1].ref, ref(2, 1));
  t.deepEqual(out[2].event, { kind: 'partition', groups: [[1], [2]] });
});

test('a counterexample that needs fewer nodes is shown with fewer; one that needs four keeps four', (t) => {
  const bully = found('bully', 'partition', 'election-safety');
  const small = shrinkTrace(bully.trace, model('bully'), { profile: bully.profile });
  t.true(small.trace.nodes < 3, `${small.trace.nodes} nodes`);
  t.deepEqual(replay(small.trace, model('bully')).violation, small.trace.violation);
  // The off-by-one majority is 2 of 4, which two disjoint pairs reach; 3 nodes have no such split.
  const four = found('raft/majority-off-by-one', 'reliable', 'election-safety', 4);
  const kept = shrinkTrace(four.trace, model('raft/majority-off-by-one'), { profile: four.profile });
  t.is(kept.trace.nodes, 4);
  t.is(kept.lengthAfter, 6);
});

test('beyond 1-minimal: a safety counterexample found under chaos shrinks to the shortest path explore knows (6 events)', (t) => {
  const protocol = model('raft/volatile-vote');
  const { trace, profile } = found('raft/volatile-vote', 'chaos', 'single-leader');
  const result = shrinkTrace(trace, protocol, { profile });
  t.is(result.lengthAfter, 6, `${result.lengthBefore} -> ${result.lengthAfter}`);
  t.deepEqual(replay(result.trace, protocol).violation, result.trace.violation);
  t.true(result.trace.events.every((e) => e.at !== undefined), 'the path explore found is timed like any shrunk trace');
});

test('repaired and explored shrinking stays deterministic: the same trace, byte-identical output', (t) => {
  const { trace, profile } = found('ring/no-skip', 'crash', 'liveness');
  const a = encodeTrace(shrinkTrace(trace, model('ring/no-skip'), { profile }).trace);
  const b = encodeTrace(shrinkTrace(JSON.parse(JSON.stringify(trace)) as Trace, model('ring/no-skip'), { profile }).trace);
  t.is(a, b);
});

test('a stable-phase candidate still may not keep the network split: repair heals it when faults stop', (t) => {
  const { trace, profile } = found('ring/no-skip', 'partition', 'liveness');
  const protocol = model('ring/no-skip');
  const ctx = shrinkContext(trace, protocol, { profile });
  const labels = labelTrace(trace, protocol);
  const result = stillFails(ctx, labels.filter((e) => e.event.kind !== 'heal'));
  if (result === null) return t.pass();
  const steps = replay({ ...trace, events: result.events, violation: result.violation, stabilization: { step: result.kept.filter((e) => e.stable !== true).length, boundTicks: trace.stabilization!.boundTicks } }, protocol).steps;
  const stable = result.kept.filter((e) => e.stable !== true).length;
  t.true(steps.slice(stable + 1).every((s) => s.world.partition === null));
});

test('faults end sooner: each restart and heal is offered halfway towards what it ends, and the span counts it', (t) => {
  const events: LabeledEvent[] = [
    { index: 0, event: { kind: 'crash', node: 1 } },
    { index: 1, event: { kind: 'timer', node: 2, timer: 'election' } },
    { index: 2, event: { kind: 'timer', node: 3, timer: 'election' } },
    { index: 3, event: { kind: 'timer', node: 2, timer: 'election' } },
    { index: 4, event: { kind: 'restart', node: 1 } },
    { index: 5, event: { kind: 'partition', groups: [[1], [2, 3]] } },
  ];
  t.is(faultSpan(events), 4 + 1, 'down for four events, split from the last to the end');
  const [sooner] = endSooner(events);
  t.deepEqual(sooner.map((e) => e.index), [0, 1, 4, 2, 3, 5]);
  t.is(faultSpan(sooner), 2 + 1);
});
