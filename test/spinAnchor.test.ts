import test from 'ava';
import { spawnSync } from 'node:child_process';
import spinRaft from '../bench/spin/raftElection.js';
import termVolatile from '../bench/spin/termVolatile.js';
import votedForVolatile from '../bench/spin/votedForVolatile.js';
import { explore } from '../src/explore/explore.js';
import { traceOfExplore } from '../src/explore/traceOfExplore.js';
import type { AnyProtocol } from '../src/shared/protocol.js';
import { decodeTrace } from '../src/trace/decode.js';
import { encodeTrace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';
import { spinBounds } from './helpers/spinBounds.js';

// The SPIN anchor (../shared/anchors/spin/RESULTS.md): SPIN 6.5.2's exhaustive counts on the same
// Promela rules. pan counts the initial state as a transition too, so its transitions are ours + 1.
const search = (protocol: AnyProtocol, nodes: number, maxTerm: number, bag: number) =>
  explore({ protocol, nodes, properties: ['election-safety', 'term-monotonic'], bounds: spinBounds(maxTerm, bag), symmetry: false });

test('explore counts exactly the distinct states and transitions SPIN counts on n=3, T=1, bag 4', (t) => {
  const result = search(spinRaft, 3, 1, 4);
  t.true(result.complete);
  t.is(result.states, 56_393);
  t.is(result.transitions + 1, 580_123);
});

test("explore finds the anchor's mutants with trails as short as SPIN's BFS, and the traces replay", (t) => {
  const cases = [
    { protocol: votedForVolatile, property: 'election-safety' as const, steps: 7, events: 8 },
    { protocol: termVolatile, property: 'term-monotonic' as const, steps: 2, events: 3 },
  ];
  for (const { protocol, property, steps, events } of cases) {
    const result = search(protocol, 3, 2, 4);
    const v = result.violation!;
    t.is(v.property, property, protocol.name);
    // A restart is a crash and a restart in the trace: one step more in events than in SPIN's steps.
    t.is(v.steps, steps, protocol.name);
    t.is(v.events.length, events, protocol.name);
    const trace = traceOfExplore(protocol, 3, undefined, result);
    t.deepEqual(replay(decodeTrace(encodeTrace(trace), 'explore'), protocol).violation, trace.violation, protocol.name);
  }
});

test('the CLI takes the same semantics as flags; a budget is a number or unlimited', (t) => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/leadercheck.js', ...args], { encoding: 'utf8' });
  const spin = ['--model-file', 'dist/bench/spin/raftElection.js', '--nodes', '3', '--max-term', '1', '--bag', '4', '--deliver-keep', '--atomic-restart', '--prune-term', '--no-symmetry'];
  const found = cli('explore', ...spin, '--max-drops', 'unlimited', '--max-crashes', 'unlimited', '--json');
  t.is(found.status, 0, found.stderr);
  t.is(JSON.parse(found.stdout).states, 56_393);
  const bad = cli('explore', ...spin, '--max-drops', 'lots');
  t.is(bad.status, 2);
  t.regex(bad.stderr.trim(), /^[^\n]*--max-drops must be an integer from 0 to 255/);
});
