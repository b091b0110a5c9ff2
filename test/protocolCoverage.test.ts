import test from 'ava';
import { bully } from '../models/bully/index.js';
import { raft } from '../models/raft/index.js';
import { ring } from '../models/ring/index.js';
import { checkModel } from '../src/run/check.js';
import { CoverageCollector, coverageUniverse, neverHit } from '../src/coverage/protocolCoverage.js';
import { findProfile } from '../src/schedule/profiles.js';
import type { Outcome, WorldEvent } from '../src/shared/world.js';
import { apply, boot, createSystem } from '../src/world/world.js';

test('protocol coverage of Raft under crash sees elections, step-downs and recoveries', (t) => {
  const coverage = new CoverageCollector(raft);
  checkModel({ protocol: raft, nodes: 3, profile: findProfile('crash')!, properties: raft.promises, seed: 'cov', runs: 200, onStep: coverage.onStep });
  const { inputs, transitions, marks } = coverage.result();
  for (const t2 of ['follower -> candidate', 'candidate -> leader', 'leader -> follower', 'candidate -> follower', 'down -> follower', 'leader -> down']) {
    t.true((transitions[t2] ?? 0) > 0, t2);
  }
  t.true((inputs['follower <- RequestVote'] ?? 0) > 0);
  t.true((inputs['leader <- heartbeat'] ?? 0) > 0);
  t.true((marks['split vote: candidate times out and retries'] ?? 0) > 0);
  t.deepEqual(Object.keys(transitions), [...Object.keys(transitions)].sort(), 'keys are sorted for byte-identical reports');
});

test('the universe of Raft is roles x (messages + timers) plus recover, every transition between distinct roles and down, and its marks', (t) => {
  const universe = coverageUniverse(raft);
  // Figure 2's four messages, PreVote and its reply (off unless configured), two timers.
  t.is(universe.inputs.length, 3 * (6 + 2) + 1);
  t.true(universe.inputs.includes('down <- recover'));
  t.true(universe.inputs.includes('candidate <- RequestVoteReply'));
  t.is(universe.transitions.length, 3 * 2 + 3 + 3);
  t.false(universe.transitions.includes('leader -> leader'));
  t.true(universe.transitions.includes('leader -> down') && universe.transitions.includes('down -> follower'));
  t.deepEqual(universe.marks, [...raft.marks!].sort());
});

test('a hand-driven Raft run counts exactly its steps and lists everything else as never hit', (t) => {
  const system = createSystem(raft, 3);
  const coverage = new CoverageCollector(raft);
  let world = boot(system);
  const step = (event: WorldEvent): Outcome => {
    const outcome = apply(system, world, event);
    coverage.onStep(outcome, event);
    world = outcome.world;
    return outcome;
  };
  step({ kind: 'timer', node: 1, timer: 'election' }); // follower 1 -> candidate, term 1
  step({ kind: 'crash', node: 1 }); // candidate -> down
  step({ kind: 'restart', node: 1 }); // down -> follower
  step({ kind: 'timer', node: 2, timer: 'election' }); // follower 2 -> candidate
  step({ kind: 'timer', node: 2, timer: 'election' }); // split vote: candidate retries in term 2
  const c = coverage.result();
  t.is(c.events, 5);
  t.deepEqual(
    Object.entries(c.inputs).filter(([, n]) => n > 0),
    [['candidate <- election', 1], ['down <- recover', 1], ['follower <- election', 2]],
  );
  t.deepEqual(
    Object.entries(c.transitions).filter(([, n]) => n > 0),
    [['candidate -> down', 1], ['down -> follower', 1], ['follower -> candidate', 2]],
  );
  t.deepEqual(neverHit(c.marks), [...raft.marks!].filter((m) => m !== 'split vote: candidate times out and retries').sort());
  t.is(c.marks['split vote: candidate times out and retries'], 1);
  t.true(neverHit(c.inputs).includes('leader <- heartbeat'));
  t.is(neverHit(c.inputs).length, coverageUniverse(raft).inputs.length - 3);
  // Node 1 as candidate of term 1, as a restarted follower, node 2 as candidate of terms 1 and 2.
  t.deepEqual(c.states.count, 4);
  t.true(c.states.exact);
});

for (const protocol of [raft, bully, ring]) {
  test(`every input and mark ${protocol.name} hits under chaos is declared, so never-hit lists are complete`, (t) => {
    const coverage = new CoverageCollector(protocol);
    const universe = coverageUniverse(protocol);
    checkModel({ protocol, nodes: 3, profile: findProfile('chaos')!, properties: protocol.promises, seed: 'declared', runs: 100, onStep: coverage.onStep });
    const c = coverage.result();
    t.deepEqual(Object.keys(c.inputs), universe.inputs, 'an input outside the declared messageTypes/timerNames');
    t.deepEqual(Object.keys(c.marks), universe.marks, 'a mark step.ts returns is missing from the model\'s marks');
    t.deepEqual(Object.keys(c.transitions), universe.transitions, 'a role outside the declared roles');
    t.true(Object.values(c.marks).some((n) => n > 0));
  });
}
