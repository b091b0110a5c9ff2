import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';
import { checkReportsAndReplays, exploreReportsAndReplays, fixture, oneModelErrorLine, tmp } from './helpers/modelErrors.js';

// Every way a model can break the contract of docs/design.md section 2 is a model error with the trace
// that leads there (exit 1), from check, replay of the trace check wrote, explore and simulate:
// never `leadercheck: internal error`, never a verdict judged on a world that is not plain data.

/** Faults on node 2's third tick (test/fixtures/faultOnThirdTick.mjs): a few dozen events in. */
const faults: { what: string; file: string; detail: RegExp }[] = [
  { what: 'a Map in its state', file: 'map-state.mjs', detail: /^node 2's step handling tick returned state\.votes: a Map is not plain data$/ },
  { what: 'a Set deep in its state', file: 'set-state.mjs', detail: /^node 2's step handling tick returned state\.log\[0\]\.voters: a Set is not plain data$/ },
  { what: 'a BigInt in its state', file: 'bigint-state.mjs', detail: /^node 2's step handling tick returned state\.term: a BigInt is not plain data$/ },
  { what: 'a Date in its state', file: 'date-state.mjs', detail: /^node 2's step handling tick returned state\.since: a Date is not plain data$/ },
  { what: 'a function in its state', file: 'function-state.mjs', detail: /^node 2's step handling tick returned state\.onElected: a function is not plain data$/ },
  { what: 'a class instance as its state', file: 'class-state.mjs', detail: /^node 2's step handling tick returned state: an instance of class Ballot is not plain data$/ },
  {
    what: 'undefined in a list in its state',
    file: 'undefined-state.mjs',
    detail: /^node 2's step handling tick returned state\.votes\[1\]: undefined in a list is not plain data \(JSON makes it null\)$/,
  },
  {
    what: 'a state that contains itself',
    file: 'cyclic-state.mjs',
    detail: /^node 2's step handling tick returned state\.peers\[0\]\.owner: a cycle \(back to state\) is not plain data$/,
  },
  { what: 'a Map in stable storage', file: 'map-stored.mjs', detail: /^node 2's stored\(\) after handling tick returned stored\.votedFor: a Map is not plain data$/ },
  { what: 'a function in a message', file: 'function-message.mjs', detail: /^node 2's step handling tick returned send\[0\]\.msg\.payload: a function is not plain data$/ },
  { what: 'a view whose role is a number', file: 'view-role-number.mjs', detail: /^node 2's view returned \{"role":2,"term":1,"leader":null\} \(role = 2\) after handling tick: a view is / },
  { what: 'a view whose term is NaN', file: 'view-term-nan.mjs', detail: /^node 2's view returned .* \(term = NaN\) after handling tick: a view is \{ role: string, term: finite number, / },
  { what: 'a view whose leader is no node', file: 'view-leader-no-node.mjs', detail: /^node 2's view returned .* \(leader = 7\) after handling tick: .*leader: node id \(1\.\.3\) or null \}$/ },
];

for (const { what, file, detail } of faults) {
  test(`a model with ${what}: check exits 1 with a model-error trace that replays to the same error`, (t) =>
    checkReportsAndReplays(t, file, detail));
  test(`a model with ${what}: explore exits 1 with a model-error trace that replays to it`, (t) => exploreReportsAndReplays(t, file, detail));
  test(`a model with ${what}: simulate exits 1 with one line`, (t) => {
    t.regex(oneModelErrorLine(t, cli(['simulate', '--model-file', fixture(file)])), detail);
  });
}

/** Faults at boot: the empty trace leads there, and explore has no path to write. */
const atBoot: { what: string; file: string; detail: RegExp }[] = [
  { what: 'an init that throws', file: 'throwing-init.mjs', detail: /^model threw on node 2 handling init: no config for node 2$/ },
  {
    what: 'a timer with a negative delay in init',
    file: 'negative-delay-init.mjs',
    detail: /^node 3's init returned timers\[0\]\.after = -5: a delay must be ticks >= 0 or a \[min, max\] range$/,
  },
];

for (const { what, file, detail } of atBoot) {
  test(`a model with ${what}: check writes the empty trace, replay, explore and simulate give the same error`, (t) => {
    const path = checkReportsAndReplays(t, file, detail, 'reliable');
    t.deepEqual(JSON.parse(readFileSync(path, 'utf8')).events, []);
    t.regex(oneModelErrorLine(t, cli(['explore', '--model-file', fixture(file)], tmp())), detail);
    t.regex(oneModelErrorLine(t, cli(['simulate', '--model-file', fixture(file)])), detail);
  });
}

// The Map comes on a node's 30th tick, past the events a run checks as it goes; the violation it
// leads to comes later still. Each counterexample is replayed with every event checked first.
const lateMap = /^node \d's step handling patience returned state\.seen: a Map is not plain data$/;

test('data that is not plain, past the events a run checks: check reports the model error, not the violation', (t) => {
  checkReportsAndReplays(t, 'late-map-bossy.mjs', lateMap, 'reliable');
});

test('data that is not plain, past the events a search checks: explore reports the model error, not the violation', (t) =>
  exploreReportsAndReplays(t, 'late-map-bossy.mjs', lateMap));

test('data that is not plain, late in a story: simulate reports the model error, not the violation', (t) => {
  t.regex(oneModelErrorLine(t, cli(['simulate', '--model-file', fixture('late-map-bossy.mjs')])), lateMap);
});

test('a trace written by hand that reaches data that is not plain: replay names it, one line, exit 1', (t) => {
  const file = join(tmp(), 'by-hand.trace.json');
  const events = [1, 2, 3].map(() => ({ kind: 'timer', node: 2, timer: 'tick' }));
  writeFileSync(file, JSON.stringify({ format: 'leadercheck/trace@1', model: 'map-state', nodes: 3, events }));
  t.regex(oneModelErrorLine(t, cli(['replay', file, '--model-file', fixture('map-state.mjs')])), faults[0].detail);
});
