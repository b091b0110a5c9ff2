import test from 'ava';
import fc from 'fast-check';
import { budgetPolicy, faultsArbitrary, NO_FAULTS } from '../src/arbitraries/faultsArbitrary.js';
import { runSchedule } from '../src/arbitraries/runSchedule.js';
import { electionProperty } from '../src/arbitraries/electionProperty.js';
import { propertiesNamed } from '../properties/index.js';
import { findBuiltinModel } from '../models/index.js';
import { raft } from '../models/raft/index.js';
import { Monitor } from '../src/judge/monitor.js';
import { drawSwarmProfile } from '../src/schedule/swarm.js';
import { findProfile, profileFor } from '../src/schedule/profiles.js';
import { randomRun } from '../src/schedule/randomRun.js';
import { runSeed } from '../src/schedule/rng.js';
import { NotEnabledError } from '../src/shared/errors.js';
import type { WorldEvent } from '../src/shared/world.js';
import { decodeTrace } from '../src/trace/decode.js';
import { encodeTrace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';
import { traceOfRun } from '../src/run/traceOfRun.js';
import { localTicksFor, worldTicks } from '../src/world/clock.js';
import { enabledEvents, NO_FAULT_EVENTS } from '../src/world/enabled.js';
import { apply, boot, createSystem } from '../src/world/world.js';

const system = createSystem(raft, 3);
const kinds = (events: readonly WorldEvent[]) => events.map((e) => `${e.kind}${'node' in e ? e.node : 'id' in e ? `#${e.id}` : ''}`);

test('a paused node takes no steps: its timers and the messages sent to it wait, and time goes on', (t) => {
  let world = apply(system, boot(system), { kind: 'timer', node: 2, timer: 'election', at: 10 }).world;
  world = apply(system, world, { kind: 'pause', node: 1, at: 11 }).world;
  t.is(world.nodes[0].pausedAt, 11);
  const enabled = kinds(enabledEvents(world, NO_FAULT_EVENTS));
  // Message #1 (2 -> 1) waits; #2 (2 -> 3) may go; node 1's election timer is not offered.
  t.deepEqual(enabled, ['deliver#2', 'timer2', 'timer3']);
  t.throws(() => apply(system, world, { kind: 'deliver', id: 1 }), { instanceOf: NotEnabledError, message: /node 1 is paused/ });
  t.throws(() => apply(system, world, { kind: 'timer', node: 1, timer: 'election' }), { instanceOf: NotEnabledError, message: /paused/ });
  t.throws(() => apply(system, world, { kind: 'crash', node: 1 }), { instanceOf: NotEnabledError, message: /paused/ });
  t.throws(() => apply(system, world, { kind: 'pause', node: 1 }), { instanceOf: NotEnabledError, message: /already paused/ });
  world = apply(system, world, { kind: 'deliver', id: 2, at: 30 }).world;
  t.is(world.network.length, 2, 'the message to the paused node is still in flight, not lost');
  world = apply(system, world, { kind: 'resume', node: 1, at: 51 }).world;
  t.is(world.nodes[0].pausedAt, undefined);
  t.deepEqual(world.nodes[0].lastPause, [11, 51]);
  t.deepEqual(world.nodes[0].timers.map((x) => x.name), ['election'], 'its timer survived the pause');
  const after = apply(system, world, { kind: 'deliver', id: 1, at: 51 }).world;
  t.is(after.nodes[0].view?.term, 1, 'resumed, it handles what piled up');
  t.deepEqual(after.nodes[0].lastPause, [11, 51], 'the pause it resumed from stays known after it steps');
});

test('pause and resume are refused where they make no sense', (t) => {
  const down = apply(system, boot(system), { kind: 'crash', node: 3 }).world;
  t.throws(() => apply(system, down, { kind: 'pause', node: 3 }), { instanceOf: NotEnabledError, message: /down/ });
  t.throws(() => apply(system, down, { kind: 'resume', node: 2 }), { instanceOf: NotEnabledError, message: /not paused/ });
  t.throws(() => apply(system, down, { kind: 'pause', node: 4 }), { instanceOf: NotEnabledError, message: /does not exist/ });
});

test('the enumerator offers a pause per running node and a resume per paused one, after crashes, only under a policy that asks', (t) => {
  const world = apply(system, boot(system), { kind: 'pause', node: 2 }).world;
  const policy = { ...NO_FAULT_EVENTS, crashes: true, pauses: true, resumes: true };
  t.deepEqual(kinds(enabledEvents(world, policy)), ['timer1', 'timer3', 'crash1', 'crash3', 'pause1', 'resume2', 'pause3']);
  t.deepEqual(kinds(enabledEvents(world, NO_FAULT_EVENTS)), ['timer1', 'timer3']);
});

test('a drifting timer fires after round(after / rate) world ticks, halves up, in exact arithmetic', (t) => {
  t.is(worldTicks(20, 1), 20);
  t.is(worldTicks(10, 1.1), 9); // 9.09
  t.is(worldTicks(10, 0.8), 13); // 12.5 rounds up
  t.is(worldTicks(3, 1.2), 3); // 2.5 rounds up
  t.is(worldTicks(20, 0.9), 22); // 22.2
  t.is(worldTicks(0, 0.9), 0);
  t.is(localTicksFor(9, 1.1, [10, 20]), 10);
  t.is(localTicksFor(22, 0.9, [10, 20]), 20);
  t.is(localTicksFor(9, 1, [10, 20]), null);
  // Several local delays can land on one world tick on a fast clock: the recorded one is kept.
  t.is(worldTicks(11, 1.2), 9);
  t.is(localTicksFor(9, 1.2, [10, 20], 11), 11);
});

function run(model: string, profileName: string, seed: string, properties = ['election-safety'] as const) {
  const protocol = findBuiltinModel(model)!;
  const sys = createSystem(protocol, 3);
  const profile = profileFor(findProfile(profileName)!, protocol, seed);
  const monitor = new Monitor(propertiesNamed([...properties]), 400);
  return { protocol, sys, result: randomRun({ system: sys, profile, monitor, seed }) };
}

test('under pauses, a paused node does nothing until it resumes, nothing sent to it is lost, and every pause ends before faults stop', (t) => {
  let pausesSeen = 0;
  for (const seed of ['1', '2', '3', '4']) {
    const { result } = run('raft', 'pauses', seed);
    const paused = new Map<number, number>();
    result.events.forEach((e, i) => {
      if (e.kind === 'pause') {
        pausesSeen++;
        paused.set(e.node, i);
      } else if (e.kind === 'resume') {
        t.true(paused.delete(e.node), `seed ${seed}: a resume follows its pause`);
      } else if (e.kind === 'timer') {
        t.false(paused.has(e.node), `seed ${seed}: step ${i + 1}: a paused node's timer fired`);
      } else if (e.kind === 'drop') {
        t.fail(`seed ${seed}: step ${i + 1}: the pauses profile loses no message`);
      }
      if (result.stabilization !== null && i >= result.stabilization.step) t.not(e.kind, 'pause');
    });
    t.is(paused.size, 0, `seed ${seed}: no node is left paused`);
    for (let i = 1; i < result.events.length; i++) t.true(result.events[i].at! >= result.events[i - 1].at!);
  }
  t.true(pausesSeen > 10, `pauses happen (${pausesSeen})`);
});

test('under drift, the rates are drawn from the seed within the bound, recorded in the trace, and every on-time timer fires after round(after / rate)', (t) => {
  const { protocol, result } = run('raft', 'drift', '5');
  const spec = findProfile('drift')!;
  const trace = traceOfRun({ protocol, nodes: 3, profile: spec, properties: ['election-safety'], seed: 'base' }, 0, { ...run('raft', 'drift', runSeed('base', 0)).result });
  t.is(trace.clockRates?.length, 3);
  for (const rate of trace.clockRates!) t.true(rate >= 0.9 && rate <= 1.1 && Math.round(rate * 1000) === rate * 1000);
  t.true(trace.clockRates!.some((r) => r !== 1));
  const rates = result.clockRates!;
  const steps = replay({ ...trace, events: result.events, violation: null, clockRates: rates }, protocol).steps;
  let timers = 0;
  result.events.forEach((e, i) => {
    if (e.kind !== 'timer') return;
    const pending = steps[i].world.nodes[e.node - 1].timers.find((x) => x.name === e.timer)!;
    t.is(e.at! - pending.setAt, worldTicks(e.after!, rates[e.node - 1]), `step ${i + 1}`);
    timers++;
  });
  t.true(timers > 20);
  t.is(run('raft', 'reliable', '5').result.clockRates, null, 'a profile without drift keeps exact clocks');
});

test('pause and drift traces replay byte for byte: same seed, same events; decoded and encoded again, the same text', (t) => {
  for (const profile of ['pauses', 'drift', 'chaos']) {
    const protocol = findBuiltinModel('raft')!;
    const options = { protocol, nodes: 3, profile: findProfile(profile)!, properties: ['election-safety' as const], seed: '9' };
    const once = () => encodeTrace(traceOfRun(options, 2, run('raft', profile, runSeed('9', 2)).result));
    const text = once();
    t.is(once(), text, profile);
    t.is(encodeTrace(decodeTrace(text, 't.json')), text, profile);
    const replayed = replay(decodeTrace(text, 't.json'), protocol);
    t.is(replayed.steps.length, decodeTrace(text, 't.json').events.length + 1, profile);
  }
});

test('swarm draws pauses and drift last: a run that draws neither records the options it did before they existed', (t) => {
  const protocol = findBuiltinModel('raft')!;
  let without = 0;
  let withPauses = 0;
  for (let run = 0; run < 40; run++) {
    const drawn = drawSwarmProfile(protocol, runSeed('1', run));
    if (drawn.pauseEveryTicks === undefined && drawn.driftMax === undefined) without++;
    if (drawn.pauseEveryTicks !== undefined) {
      withPauses++;
      t.truthy(drawn.pauseTicks);
    }
    t.false('pauseTicks' in drawn && drawn.pauseEveryTicks === undefined);
  }
  t.true(without > 3 && withPauses > 3, `${without} runs without, ${withPauses} with pauses`);
});

test('the fast-check arbitraries pause when the budget asks: schedules with pauses stay valid executions, and Raft keeps election safety', (t) => {
  const protocol = findBuiltinModel('raft')!;
  const sys = createSystem(protocol, 3);
  const monitor = new Monitor(propertiesNamed(['election-safety']));
  const budget = { ...NO_FAULTS, pauses: true };
  let pauses = 0;
  fc.assert(
    fc.property(fc.array(fc.nat(), { maxLength: 60 }), (choices) => {
      const result = runSchedule(sys, monitor, { faults: budget, choices });
      pauses += result.events.filter((e) => e.kind === 'pause').length;
      // Every schedule is an execution of the bare world: it replays.
      replay({ format: 'leadercheck/trace@1', model: 'raft', nodes: 3, events: result.events }, protocol);
    }),
    { numRuns: 100, seed: 7 },
  );
  t.true(pauses > 10, `${pauses} pauses`);
  t.notThrows(() => fc.assert(electionProperty(protocol, { nodes: 3, faults: faultsArbitrary(1, { pauses: true }) }), { numRuns: 100, seed: 7 }));
  t.false(enabledEvents(boot(sys), budgetPolicy(NO_FAULTS, 0, 3)).some((e) => e.kind === 'pause'), 'no pause unless asked');
});
