import test from 'ava';
import fc from 'fast-check';
import { propertiesNamed } from '../properties/index.js';
import { decodeTrace, electionProperty, findBuiltinModel, Monitor, replay, runSchedule, scheduleArbitrary } from '../src/index.js';
import { createSystem } from '../src/world/world.js';

const model = (name: string) => findBuiltinModel(name)!;

test('every schedule fast-check generates is a valid execution (choices are read against enabled events)', (t) => {
  const system = createSystem(model('raft'), 3);
  const monitor = new Monitor(propertiesNamed(['election-safety', 'term-monotonic']));
  fc.assert(
    fc.property(scheduleArbitrary({ stepsMax: 60 }), (schedule) => {
      const run = runSchedule(system, monitor, schedule);
      return run.events.length <= schedule.choices.length;
    }),
    { numRuns: 200, seed: 1 },
  );
  t.pass();
});

test('electionProperty holds for Raft', (t) => {
  t.notThrows(() => fc.assert(electionProperty(model('raft'), { nodes: 3 }), { numRuns: 300, seed: 11 }));
});

for (const [name, nodes, lengthMax] of [
  ['raft/double-vote', 3, 7],
  ['raft/majority-off-by-one', 4, 7],
] as const) {
  test(`electionProperty catches ${name} and reports a shrunk trace that replays`, (t) => {
    const details = fc.check(electionProperty(model(name), { nodes }), { numRuns: 1000, seed: 1 });
    t.true(details.failed);
    const message = (details.errorInstance as Error).message;
    t.regex(message, /^election-safety violated at step \d+/);
    const trace = decodeTrace(message.slice(message.indexOf('\n') + 1), 'error message');
    t.true(trace.events.length <= lengthMax);
    t.is(replay(trace, model(name)).violation?.property, 'election-safety');
    // The fault budget shrinks too: neither mutant needs a crash.
    t.is(details.counterexample![0].faults.crashesMax, 0);
  });
}

// The bug needs a node to crash and come back between two votes: restarts have their own share
// of choices (runSchedule.ts pick), so a thousand runs can find it.
test('electionProperty catches raft/volatile-vote, whose bug needs a crash and a restart', (t) => {
  const details = fc.check(electionProperty(model('raft/volatile-vote'), { nodes: 3 }), { numRuns: 1000, seed: 7 });
  t.true(details.failed);
  const message = (details.errorInstance as Error).message;
  const trace = decodeTrace(message.slice(message.indexOf('\n') + 1), 'error message');
  t.is(trace.events.length, 8, 'the shortest counterexample there is');
  t.true(trace.events.some((e) => e.kind === 'crash') && trace.events.some((e) => e.kind === 'restart'));
  t.true(details.counterexample![0].faults.crashesMax >= 1);
});
