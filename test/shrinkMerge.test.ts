import test from 'ava';
import { findBuiltinModel } from '../models/index.js';
import { checkModel } from '../src/run/check.js';
import type { AnyProtocol, PropertyName } from '../src/shared/protocol.js';
import type { WorldEvent } from '../src/shared/world.js';
import { type FaultProfile, findProfile, profileFor } from '../src/schedule/profiles.js';
import { labelTrace, type LabeledEvent } from '../src/shrink/labels.js';
import { withoutNode, withoutRate } from '../src/shrink/nodes.js';
import { repairCandidate } from '../src/shrink/repair.js';
import { shrinkContext, shrinkTrace } from '../src/shrink/shrinkTrace.js';
import { synchronyProblem, timingPolicy } from '../src/shrink/timing.js';
import type { Trace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';
import { rateOf, worldTicks } from '../src/world/clock.js';

// What the merge of the shrink and faults branches fixed (src/shrink/nodes.ts, repair.ts), pinned.

const model = (name: string): AnyProtocol => findBuiltinModel(name)!;

function found(name: string, profile: string, property: PropertyName, nodes = 3): { trace: Trace; profile: FaultProfile } {
  const protocol = model(name);
  const spec = findProfile(profile)!;
  const result = checkModel({ protocol, nodes, profile: spec, properties: [property], seed: '1', runs: 2000 }).found;
  if (result === null) throw new Error(`no ${property} violation of ${name} under ${profile}`);
  return { trace: result.trace, profile: profileFor(spec, protocol, '') };
}

test('without a node, the other nodes keep their pauses and resumes, renamed; the removed node loses its own', (t) => {
  const events: LabeledEvent[] = [
    { index: 0, event: { kind: 'pause', node: 3, at: 1 } },
    { index: 1, event: { kind: 'pause', node: 2, at: 2 } },
    { index: 2, event: { kind: 'resume', node: 3, at: 5 } },
    { index: 3, event: { kind: 'resume', node: 2, at: 6 } },
    { index: 4, event: { kind: 'pause', node: 1, at: 7 } },
    { index: 5, event: { kind: 'resume', node: 1, at: 9 } },
  ];
  const out = withoutNode(events, 2);
  t.deepEqual(
    out.map((e) => [e.index, e.event]),
    [
      [0, { kind: 'pause', node: 2, at: 1 }],
      [2, { kind: 'resume', node: 2, at: 5 }],
      [4, { kind: 'pause', node: 1, at: 7 }],
      [5, { kind: 'resume', node: 1, at: 9 }],
    ],
  );
});

test('without a node, its clock rate goes and the higher nodes keep their own, moved down with their ids', (t) => {
  const policy = { synchronous: true, faultDelayTicks: [1, 3] as [number, number], stableDelayTicks: [1, 3] as [number, number], clockRates: [1.05, 0.95, 1.02, 0.9] };
  t.deepEqual(withoutRate(policy, 2).clockRates, [1.05, 1.02, 0.9]);
  t.deepEqual(withoutRate(policy, 4).clockRates, [1.05, 0.95, 1.02]);
  const exact = { ...policy, clockRates: null };
  t.is(withoutRate(exact, 1), exact, 'exact clocks stay exact');
});

test('a counterexample shrunk to fewer nodes under drift records one clock rate per node, each one a rate the trace as found had', (t) => {
  const protocol = model('raft/majority-off-by-one');
  const { trace, profile } = found('raft/majority-off-by-one', 'drift', 'agreement', 4);
  t.is(trace.clockRates?.length, 4);
  const result = shrinkTrace(trace, protocol, { profile });
  t.true(result.trace.nodes < 4, `${result.trace.nodes} nodes`);
  // Drift the counterexample does not need is dropped altogether (faultShrink.ts withoutNeedlessDrift).
  const rates = result.trace.clockRates ?? [];
  t.true(rates.length === 0 || rates.length === result.trace.nodes, `${rates.length} rates`);
  for (const rate of rates) t.true(trace.clockRates!.includes(rate), `${rate} is one of ${trace.clockRates!.join(', ')}`);
  t.deepEqual(replay(result.trace, protocol).violation, result.trace.violation);
});

test('repair reads deadlines on each node clock: the repaired run keeps the promise on drifting clocks, every timer at its drifted time', (t) => {
  const protocol = model('bully');
  const { trace, profile } = found('bully', 'crash', 'single-leader');
  const rates = [0.8, 0.9, 1.25];
  const ctx = shrinkContext({ ...trace, clockRates: rates }, protocol, { profile });
  t.deepEqual(ctx.policy.clockRates, rates);
  const labels = labelTrace(trace, protocol);
  // Without the first timer firing, the events after it leave timers overdue: repair fires them, on each node's clock.
  const first = labels.findIndex((e) => e.event.kind === 'timer');
  const repaired = repairCandidate(ctx, labels.filter((_, i) => i !== first), 'earliest');
  t.not(repaired, null);
  const { stabilization: _none, ...rest } = trace;
  const run: Trace = { ...rest, clockRates: rates, events: repaired!.events, violation: repaired!.violation };
  const steps = replay(run, protocol).steps;
  const policy = timingPolicy(profile, protocol, rates);
  let drifted = 0;
  for (let i = 1; i < steps.length; i++) {
    const [world, event] = [steps[i - 1].world, steps[i].event!];
    t.is(synchronyProblem(policy, world, event), null, `step ${i} keeps the promise on the drifting clocks`);
    if (event.kind !== 'timer') continue;
    const timer = world.nodes[event.node - 1].timers.find((x) => x.name === event.timer)!;
    const rate = rateOf(rates, event.node);
    t.is(event.at! - timer.setAt, worldTicks(event.after!, rate), `timer of node ${event.node} at step ${i}`);
    if (rate !== 1) drifted++;
  }
  t.true(drifted > 0, 'some timer ran on a drifting clock');
});

test('repair forces no delivery and no timer on a paused node: what comes due waits for its resume', (t) => {
  const protocol = model('bully');
  const { trace, profile } = found('bully', 'crash', 'single-leader');
  const ctx = shrinkContext(trace, protocol, { profile });
  const labels = labelTrace(trace, protocol);
  const first = labels.findIndex((e) => e.event.kind === 'timer');
  const at = labels[first].event.at!;
  // Node 3 pauses before its first timer and resumes 30 ticks on; the rest is repair's to fill in.
  const pause: LabeledEvent = { index: 10_000, event: { kind: 'pause', node: 3, at } };
  const resume: LabeledEvent = { index: 10_001, event: { kind: 'resume', node: 3, at: at + 30 } };
  const repaired = repairCandidate(ctx, [...labels.slice(0, first), pause, resume], 'kept');
  t.not(repaired, null);
  const events = repaired!.events;
  const paused = events.findIndex((e) => e.kind === 'pause');
  const resumed = events.findIndex((e) => e.kind === 'resume');
  t.true(paused >= 0 && resumed > paused, 'the pause and the resume are kept, in order');
  t.is(events[resumed].at, at + 30, 'the resume stays at the time given');
  const { stabilization: _none, ...rest } = trace;
  const steps = replay({ ...rest, events, violation: repaired!.violation }, protocol).steps;
  const touches = (e: WorldEvent, i: number): boolean => {
    if (e.kind === 'timer') return e.node === 3;
    if (e.kind === 'deliver' || e.kind === 'drop') return steps[i].world.network.find((m) => m.id === e.id)?.to === 3;
    return false;
  };
  const during = events.slice(paused + 1, resumed).filter((e, j) => touches(e, paused + 1 + j));
  t.deepEqual(during, [], 'nothing happens to node 3 while it is paused');
  t.true(events.slice(paused + 1, resumed).length > 0, 'the other nodes went on meanwhile');
});

test('a no-disruption counterexample shrinks: repair runs on past faults stopping only for the liveness bound, as a random run does', (t) => {
  const protocol = model('raft/majority-off-by-one');
  const { trace, profile } = found('raft/majority-off-by-one', 'partition', 'no-disruption', 4);
  t.true(trace.events.length > 100, `${trace.events.length} events as found`);
  const result = shrinkTrace(trace, protocol, { profile });
  t.false(result.exhausted, 'the budget is not used up');
  t.true(result.lengthAfter <= 60, `${result.lengthBefore} -> ${result.lengthAfter}`);
  t.is(result.trace.violation?.property, 'no-disruption');
  t.deepEqual(replay(result.trace, protocol).violation, result.trace.violation);
});
