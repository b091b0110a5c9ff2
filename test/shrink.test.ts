import test from 'ava';
import fc from 'fast-check';
import { findBuiltinModel } from '../models/index.js';
import { checkModel } from '../src/run/check.js';
import type { AnyProtocol } from '../src/shared/protocol.js';
import { type FaultProfile, findProfile, profileFor, type ProfileSpec } from '../src/schedule/profiles.js';
import { stillFails } from '../src/shrink/candidate.js';
import { labelTrace } from '../src/shrink/labels.js';
import { shrinkContext, shrinkTrace } from '../src/shrink/shrinkTrace.js';
import { stablePhaseProblem, synchronyProblem, timingPolicy } from '../src/shrink/timing.js';
import { encodeTrace, type Trace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';
import { apply, boot, createSystem } from '../src/world/world.js';
import type { WorldEvent } from '../src/shared/world.js';

interface Mutant {
  model: string;
  nodes: number;
  profile: string;
  /** Acceptance bound of issue 4 (the shortest known counterexample is one or two shorter). */
  lengthMax: number;
}

const mutants: Mutant[] = [
  { model: 'raft/volatile-vote', nodes: 3, profile: 'crash', lengthMax: 9 },
  { model: 'raft/double-vote', nodes: 3, profile: 'reliable', lengthMax: 7 },
  { model: 'raft/majority-off-by-one', nodes: 4, profile: 'reliable', lengthMax: 7 },
];

function model(name: string): AnyProtocol {
  return findBuiltinModel(name)!;
}

function violatingTrace(m: Mutant, seed: string, profile: ProfileSpec | FaultProfile = findProfile(m.profile)!): Trace {
  const found = checkModel({ protocol: model(m.model), nodes: m.nodes, profile, properties: ['election-safety'], seed, runs: 5000 }).found;
  if (found === null) throw new Error(`no violation of ${m.model} with seed ${seed}`);
  return found.trace;
}

for (const m of mutants) {
  test(`${m.model} (${m.nodes} nodes) shrinks to the same length for 20 seeds, within ${m.lengthMax} events`, (t) => {
    const lengths = new Set<number>();
    for (let seed = 1; seed <= 20; seed++) {
      const trace = violatingTrace(m, String(seed));
      const shrunk = shrinkTrace(trace, model(m.model), { profile: profileFor(findProfile(m.profile)!, model(m.model), '') });
      t.is(shrunk.skipped, null);
      lengths.add(shrunk.lengthAfter);
    }
    t.is(lengths.size, 1, `lengths ${[...lengths].join(', ')}`);
    t.true([...lengths][0] <= m.lengthMax);
  });

  test(`replayRoundTrips: ${m.model}'s shrunk trace replays to its recorded violation`, (t) => {
    const shrunk = shrinkTrace(violatingTrace(m, '7'), model(m.model)).trace;
    const replayed = replay(JSON.parse(JSON.stringify(shrunk)) as Trace, model(m.model));
    t.deepEqual(replayed.violation, shrunk.violation);
  });

  test(`${m.model}'s shrunk trace is 1-minimal: no single event can go`, (t) => {
    const protocol = model(m.model);
    const shrunk = shrinkTrace(violatingTrace(m, '3'), protocol).trace;
    const labeled = labelTrace(shrunk, protocol);
    const ctx = shrinkContext(shrunk, protocol);
    t.not(stillFails(ctx, labeled), null);
    for (let i = 0; i < labeled.length; i++) {
      t.is(stillFails(ctx, [...labeled.slice(0, i), ...labeled.slice(i + 1)]), null, `event ${i} could go`);
    }
  });
}

test('shrinkNeverGrows: shrinking never lengthens a trace nor changes the violated property', (t) => {
  fc.assert(
    fc.property(fc.constantFrom(...mutants), fc.integer({ min: 0, max: 1_000_000 }), (m, seed) => {
      const trace = violatingTrace(m, `prop-${seed}`);
      const shrunk = shrinkTrace(trace, model(m.model), { profile: profileFor(findProfile(m.profile)!, model(m.model), '') });
      return shrunk.lengthAfter <= trace.events.length && shrunk.trace.violation?.property === trace.violation?.property;
    }),
    { numRuns: 30, seed: 4 },
  );
  t.pass();
});

test('a trace found under a synchronous profile stays within its timing promise after shrinking', (t) => {
  const protocol = model('raft/double-vote');
  const synchronous: FaultProfile = { ...profileFor(findProfile('reliable')!, model('raft'), ''), name: 'synchronous-test', delayTicks: [1, 3] };
  const policy = timingPolicy(synchronous, protocol);
  t.true(policy.synchronous);
  for (const seed of ['1', '2', '3']) {
    const trace = violatingTrace(mutants[1], seed, synchronous);
    const shrunk = shrinkTrace(trace, protocol, { profile: synchronous });
    t.true(shrunk.lengthAfter <= trace.events.length);
    const { steps, violation } = replay(shrunk.trace, protocol);
    t.is(violation?.property, 'election-safety');
    for (let i = 1; i < steps.length; i++) {
      t.is(synchronyProblem(policy, steps[i - 1].world, steps[i].event!), null, `seed ${seed}, step ${i}`);
    }
  }
});

function livenessTrace(name: string, profile: string): Trace {
  const protocol = model(name);
  const found = checkModel({ protocol, nodes: 3, profile: findProfile(profile)!, properties: ['liveness'], seed: '1', runs: 300 }).found;
  if (found === null) throw new Error(`no liveness violation of ${name} under ${profile}`);
  return found.trace;
}

for (const [name, profile] of [
  ['bully/no-reelection', 'lossy'],
  ['raft/double-vote', 'crash'],
] as const) {
  test(`${name}'s liveness trace (${profile}) shrinks, and what follows its stabilization keeps that phase's promise`, (t) => {
    const protocol = model(name);
    const trace = livenessTrace(name, profile);
    const faultProfile = profileFor(findProfile(profile)!, protocol, '');
    const result = shrinkTrace(trace, protocol, { profile: faultProfile });
    const shrunk = result.trace;
    t.is(result.skipped, null);
    t.true(result.lengthAfter < result.lengthBefore / 3, `${result.lengthBefore} -> ${result.lengthAfter}`);
    t.is(shrunk.violation?.property, 'liveness');
    t.deepEqual(replay(shrunk, protocol).violation, shrunk.violation);
    // Every event after faults stopped is one the stabilization phase allows, at its time.
    const steps = replay(shrunk, protocol).steps;
    const stable = shrunk.stabilization!.step;
    const { nextMessageId: firstStableId, now: stableAt } = steps[stable].world;
    const policy = timingPolicy(faultProfile, protocol);
    for (let i = stable; i < shrunk.events.length; i++) {
      t.is(stablePhaseProblem(policy, steps[i].world, steps[i + 1].event!, firstStableId, stableAt), null, `event ${i}`);
    }
  });
}

/** Raft on 3 nodes under lossy's timing, node 1's election timer fired at t=12: its policy, world and first message's id. */
function lossyElectionStart() {
  const protocol = model('raft');
  const system = createSystem(protocol, 3);
  const policy = timingPolicy(profileFor(findProfile('lossy')!, protocol, ''), protocol);
  const world = apply(system, boot(system), { kind: 'timer', node: 1, timer: 'election', at: 12 }).world;
  return { policy, world, id: world.network[0].id };
}

test('the stabilization phase allows no new fault, loss, duplicate or late delivery', (t) => {
  const { policy, world, id } = lossyElectionStart();
  const firstStableId = 1; // every message in flight was sent after faults stopped
  const problem = (event: WorldEvent) => stablePhaseProblem(policy, world, event, firstStableId, world.now);
  t.regex(problem({ kind: 'crash', node: 2, at: 12 }) ?? '', /crash/);
  t.regex(problem({ kind: 'partition', groups: [[1], [2, 3]], at: 12 }) ?? '', /partition/);
  t.regex(problem({ kind: 'duplicate', id, at: 13 }) ?? '', /duplicate/);
  t.regex(problem({ kind: 'drop', id, at: 13 }) ?? '', /lost/);
  t.regex(problem({ kind: 'deliver', id, at: 12 + policy.stableDelayTicks[1] + 1 }) ?? '', /overdue/);
  t.is(problem({ kind: 'deliver', id, at: 13 }), null);
  t.is(problem({ kind: 'restart', node: 2, at: 13 }), null, 'restarts are how the phase begins');
  // Sent before faults stopped, a message keeps the fault phase's (longer) delay: late for the
  // stable range, in time for lossy's.
  t.is(stablePhaseProblem(policy, world, { kind: 'deliver', id, at: 12 + policy.stableDelayTicks[1] + 1 }, world.nextMessageId, world.now), null);
});

test('what the asynchronous fault phase left overdue is due as faults stop, and not later', (t) => {
  const { policy, world, id } = lossyElectionStart();
  const [late] = world.nodes[1].timers.filter((timer) => timer.name === 'election');
  const stableAt = late.setAt + (typeof late.after === 'number' ? late.after : late.after[1]) + 50;
  // Faults stop long after node 2's election timer and node 1's message came due: both happen then.
  t.is(stablePhaseProblem(policy, world, { kind: 'timer', node: 2, timer: 'election', at: stableAt }, world.nextMessageId, stableAt), null);
  t.is(stablePhaseProblem(policy, world, { kind: 'deliver', id, at: stableAt }, world.nextMessageId, stableAt), null);
  t.regex(stablePhaseProblem(policy, world, { kind: 'deliver', id, at: stableAt + 1 }, world.nextMessageId, stableAt) ?? '', /overdue/);
  t.regex(stablePhaseProblem(policy, world, { kind: 'timer', node: 2, timer: 'election', at: stableAt + 1 }, world.nextMessageId, stableAt) ?? '', /overdue/);
});

test('shrinking stops at its budget of replayed events, with a trace that still fails', (t) => {
  const protocol = model('raft/majority-off-by-one');
  const trace = violatingTrace(mutants[2], '3');
  const full = shrinkTrace(trace, protocol);
  const cut = shrinkTrace(trace, protocol, { eventsBudget: trace.events.length * 2 });
  t.false(full.exhausted);
  t.true(cut.exhausted);
  t.true(cut.lengthAfter <= cut.lengthBefore);
  t.true(cut.lengthAfter >= full.lengthAfter);
  t.deepEqual(replay(cut.trace, protocol).violation, cut.trace.violation);
  t.deepEqual(encodeTrace(shrinkTrace(trace, protocol, { eventsBudget: trace.events.length * 2 }).trace), encodeTrace(cut.trace), 'the cut falls at the same place every time');
});

test('message ids are renumbered after shrinking, so the shrunk trace names messages the way a run would', (t) => {
  const shrunk = shrinkTrace(violatingTrace(mutants[0], '2'), model('raft/volatile-vote')).trace;
  const ids = shrunk.events.flatMap((e) => ('id' in e && e.id !== undefined ? [e.id] : []));
  // The first timer sends messages 1 and 2: a shrunk trace cannot refer to ids from removed sends.
  t.true(ids.every((id) => id <= 2 * shrunk.events.length));
  t.not(replay(shrunk, model('raft/volatile-vote')).violation, null);
});

test('shrinking is deterministic: the same trace shrinks to byte-identical output', (t) => {
  const trace = violatingTrace(mutants[0], '11');
  const a = encodeTrace(shrinkTrace(trace, model(mutants[0].model)).trace);
  const b = encodeTrace(shrinkTrace(JSON.parse(JSON.stringify(trace)) as Trace, model(mutants[0].model)).trace);
  t.is(a, b);
});

test('under a timed promise the schedule may be compressed: a Bully partition counterexample shrinks and keeps the promise', (t) => {
  // Partition's delays (1..5) lie within Bully's bound (8) and it loses nothing deliverable, so its
  // counterexamples must stay timed executions. Fixed heartbeat and leader timeouts pin every event
  // to the original times, so only moving events earlier lets removal succeed.
  const protocol = model('bully');
  const spec = findProfile('partition')!;
  const profile = profileFor(spec, protocol, '');
  const policy = timingPolicy(profile, protocol);
  t.true(policy.synchronous);
  const found = checkModel({ protocol, nodes: 3, profile: spec, properties: ['single-leader'], seed: '2', runs: 1000 }).found!;
  const shrunk = shrinkTrace(found.trace, protocol, { profile });
  t.true(shrunk.lengthAfter <= found.trace.events.length * 0.75, `${found.trace.events.length} -> ${shrunk.lengthAfter}`);
  const { steps, violation } = replay(shrunk.trace, protocol);
  t.is(violation?.property, 'single-leader');
  for (let i = 1; i < steps.length; i++) t.is(synchronyProblem(policy, steps[i - 1].world, steps[i].event!), null, `step ${i}`);
});

// Resuming a candidate from a checkpoint of the last failing one must change nothing but the work.
test('resuming candidates from the last failing replay gives the same shrunk trace as replaying each from boot', (t) => {
  for (const [trace, name] of [
    [violatingTrace(mutants[0], '5'), mutants[0].model],
    [livenessTrace('raft/double-vote', 'crash'), 'raft/double-vote'],
  ] as const) {
    const protocol = model(name);
    const fromBoot = shrinkTrace(trace, protocol, { eventsBudget: Infinity, reusePrefixes: false });
    const resumed = shrinkTrace(trace, protocol, { eventsBudget: Infinity });
    t.is(encodeTrace(resumed.trace), encodeTrace(fromBoot.trace), name);
    t.is(resumed.candidates, fromBoot.candidates, name);
  }
});
