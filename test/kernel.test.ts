import test from 'ava';
import { propertiesNamed } from '../properties/index.js';
import { raft } from '../models/raft/index.js';
import { runSchedule } from '../src/arbitraries/runSchedule.js';
import { NO_FAULTS } from '../src/arbitraries/faultsArbitrary.js';
import { explore } from '../src/explore/explore.js';
import { Monitor } from '../src/judge/monitor.js';
import { Execution } from '../src/kernel/execution.js';
import { runEvents } from '../src/kernel/runEvents.js';
import { RunModelError } from '../src/kernel/runModelError.js';
import { findProfile, profileFor, scriptedOnlyProfile } from '../src/schedule/profiles.js';
import { randomRun, RunModelError as RandomRunModelError } from '../src/schedule/randomRun.js';
import { runCandidate } from '../src/shrink/candidate.js';
import { labelTrace } from '../src/shrink/labels.js';
import { shrinkContext } from '../src/shrink/shrinkTrace.js';
import type { Protocol } from '../src/shared/protocol.js';
import type { WorldEvent } from '../src/shared/world.js';
import { TRACE_FORMAT, type Trace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';
import { apply, boot, createSystem } from '../src/world/world.js';

interface Ticks {
  fired: number;
}

/** Node 2 throws on its third tick, as test/fixtures/throwing.mjs does. */
const thrower: Protocol<Ticks> = {
  name: 'thrower',
  summary: 'node 2 fails on its third timer',
  defaultConfig: {},
  promises: ['election-safety'],
  init: () => ({ state: { fired: 0 }, timers: [{ name: 'tick', after: [5, 15] }] }),
  step: (s, input, ctx) => {
    if (input.kind !== 'timer') return { state: s };
    if (ctx.id === 2 && s.fired === 2) throw new Error('fired three times');
    return { state: { fired: s.fired + 1 }, timers: [{ name: 'tick', after: [5, 15] }] };
  },
  stored: () => null,
  recover: (_stored, ctx) => thrower.init(ctx),
  view: () => ({ role: 'follower', term: 1, leader: null }),
};

const throwerSystem = createSystem(thrower, 3);
const safetyMonitor = () => new Monitor(propertiesNamed(['election-safety']));
const node2Tick: WorldEvent = { kind: 'timer', node: 2, timer: 'tick' };
const threeTicks: WorldEvent[] = [node2Tick, node2Tick, node2Tick];

const traceOf = (events: WorldEvent[]): Trace => ({ format: TRACE_FORMAT, model: 'thrower', nodes: 3, config: {}, properties: ['election-safety'], events });

/** The events of a model error, checked: the last is the event the model failed on, the rest replay. */
function assertFailsOnLast(t: import('ava').ExecutionContext, error: unknown): readonly WorldEvent[] {
  t.true(error instanceof RunModelError, String(error));
  const events = (error as RunModelError).events;
  t.regex((error as Error).message, /model threw on node 2 handling tick: fired three times/);
  t.notThrows(() => replay(traceOf(events.slice(0, -1)), thrower));
  t.throws(() => replay(traceOf([...events]), thrower), { instanceOf: RunModelError });
  return events;
}

test('Execution.apply judges each event as apply and Monitor.observe do, and records it', (t) => {
  const system = createSystem(raft, 3);
  const monitor = new Monitor(propertiesNamed(raft.promises), 400);
  const run = randomRun({ system, profile: profileFor(findProfile('chaos')!, raft, '1'), monitor, seed: '1' });
  const exec = Execution.boot(system, monitor);
  let world = boot(system);
  let state = monitor.start(world);
  for (const [i, event] of run.events.slice(0, 200).entries()) {
    exec.apply(event);
    world = apply(system, world, event).world;
    state = monitor.observe(state, world, i + 1);
    t.deepEqual(exec.world, world);
    t.deepEqual(exec.state.violation, state.violation);
    t.deepEqual(exec.state.memos, state.memos);
  }
  t.is(exec.steps, Math.min(200, run.events.length));
  t.deepEqual(exec.events, run.events.slice(0, 200));
});

test('replay reports a model error as RunModelError with every event, the last the one the model failed on', (t) => {
  const error = t.throws(() => replay(traceOf(threeTicks), thrower));
  t.deepEqual(assertFailsOnLast(t, error), threeTicks);
});

test('randomRun reports a model error as the same type (re-exported where chunkTask imports it)', (t) => {
  t.is(RandomRunModelError, RunModelError);
  const profile = { ...scriptedOnlyProfile, name: 'quiet', delayTicks: [1, 1] as [number, number], faultPhaseTicks: 100 };
  const error = t.throws(() => randomRun({ system: throwerSystem, profile, monitor: safetyMonitor(), seed: '1' }));
  const events = assertFailsOnLast(t, error);
  t.like(events[events.length - 1], { kind: 'timer', node: 2 });
});

// runSchedule let the world's plain ModelError escape, without the events that led to it.
test('runSchedule reports a model error as the same type, with the schedule that led to it', (t) => {
  // Choice 12: a timer (12 % 8 is 4), the second of them (12 >> 3 is 1): node 2's tick.
  const error = t.throws(() => runSchedule(throwerSystem, safetyMonitor(), { faults: NO_FAULTS, choices: [12, 12, 12, 12] }));
  t.deepEqual(assertFailsOnLast(t, error), threeTicks);
});

test('explore records a model error with the events from boot that replay to it', (t) => {
  const bounds = { maxTerm: 2, maxMessages: 3, maxCrashes: 0, maxPartitions: 0, maxDrops: 0, maxDups: 0, maxDepth: Infinity };
  const result = explore({ protocol: thrower, nodes: 3, properties: ['election-safety'], bounds, symmetry: false });
  t.false(result.complete);
  t.regex(result.modelError!.detail, /fired three times/);
  const error = t.throws(() => replay(traceOf(result.modelError!.events), thrower));
  t.deepEqual(assertFailsOnLast(t, error), result.modelError!.events);
});

test('a shrink candidate the model fails on is rejected, not thrown', (t) => {
  const prefix = threeTicks.slice(0, 2);
  const trace: Trace = { ...traceOf(prefix), violation: { property: 'election-safety', step: 2, detail: 'made up' } };
  const ctx = shrinkContext(trace, thrower);
  const labeled = labelTrace(trace, thrower);
  t.not(runCandidate(ctx, labeled), null);
  t.is(runCandidate(ctx, [...labeled, { index: 2, event: node2Tick }]), null);
});

test('runEvents: resolve, checkpoints, stabilization and a stop at the violation', (t) => {
  const system = createSystem(raft, 3);
  const monitor = new Monitor(propertiesNamed(['election-safety', 'liveness']), 400);
  const items = ['a', 'b', 'c'];
  const calls: string[] = [];
  const exec = Execution.boot(system, monitor);
  const done = runEvents(exec, items, 0, {
    resolve: (item, index, world) => {
      calls.push(`resolve ${item} ${index} at step ${exec.steps}`);
      return { kind: 'timer', node: index + 1, timer: 'election', at: world.now };
    },
    beforeEvent: (index) => calls.push(`before ${index}`),
    afterEvent: (outcome, event, index) => calls.push(`after ${index} ${event.kind} node ${outcome.stepped}`),
    stabilization: { step: 2, stableDelayTicks: [1, 3] },
    onStabilize: () => calls.push(`stabilize at step ${exec.steps}`),
  });
  t.true(done);
  t.deepEqual(calls, [
    'before 0',
    'resolve a 0 at step 0',
    'after 0 timer node 1',
    'before 1',
    'resolve b 1 at step 1',
    'after 1 timer node 2',
    'stabilize at step 2',
    'before 2',
    'resolve c 2 at step 2',
    'after 2 timer node 3',
  ]);
  t.is(exec.state.stableSince, exec.world.now);
  t.is(exec.events!.length, 3);

  const atBoot: string[] = [];
  const rejected = Execution.boot(system, monitor);
  const valid = runEvents(rejected, items, 0, {
    resolve: (_item, index) => (index === 1 ? null : { kind: 'timer', node: 1, timer: 'election' }),
    stabilization: { step: 0, stableDelayTicks: [1, 3] },
    onStabilize: () => atBoot.push(`stabilize at step ${rejected.steps}`),
  });
  t.false(valid);
  t.deepEqual(atBoot, ['stabilize at step 0']);
  t.is(rejected.steps, 1);
});

test('runEvents stops at the first violation only when asked (the shrinker), never for replay', (t) => {
  const system = createSystem(raft, 3);
  const monitor = new Monitor(propertiesNamed(['election-safety']));
  // A monitor state that is already violated: every later observe keeps it.
  const violatedAt = (untilViolation: boolean) => {
    const world = boot(system);
    const exec = new Execution(system, monitor, world, { ...monitor.start(world), violation: { property: 'election-safety', step: 0, detail: 'x' } }, 0, []);
    runEvents(exec, [1, 2, 3], 0, { resolve: (node) => ({ kind: 'timer', node, timer: 'election' }), untilViolation });
    return exec.steps;
  };
  t.is(violatedAt(true), 0);
  t.is(violatedAt(false), 3);
});
