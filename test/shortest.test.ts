import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { raftVolatileVote } from '../models/raft/index.js';
import { shortestCounterexample, traceBounds } from '../src/explore/shortest.js';
import { InputError } from '../src/shared/errors.js';
import type { Trace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';

// A volatile-vote counterexample as a random run could leave it, 1-minimal or not: node 1 crashes
// and restarts twice for nothing before the 8 events that matter.
const padded: Trace = {
  format: 'leadercheck/trace@1',
  model: 'raft/volatile-vote',
  nodes: 3,
  properties: ['election-safety'],
  events: [
    { kind: 'crash', node: 1 },
    { kind: 'restart', node: 1 },
    { kind: 'timer', node: 2, timer: 'election' },
    { kind: 'deliver', id: 1 },
    { kind: 'deliver', id: 3 },
    { kind: 'crash', node: 2 },
    { kind: 'restart', node: 2 },
    { kind: 'timer', node: 3, timer: 'election' },
    { kind: 'deliver', id: 7 },
    { kind: 'deliver', id: 8 },
  ],
  violation: { property: 'election-safety', step: 10, detail: 'nodes 2 and 3 both leader in term 1' },
};

test("the trace's own bounds: its nodes, highest term, most messages in flight, faults and length", (t) => {
  t.deepEqual(traceBounds(raftVolatileVote, padded), { maxTerm: 1, maxMessages: 6, maxCrashes: 2, maxPartitions: 0, maxDrops: 0, maxDups: 0, maxDepth: 10 });
});

test('shortestCounterexample finds the globally shortest counterexample within those bounds, and it replays', (t) => {
  const { shortest, reason } = shortestCounterexample(raftVolatileVote, padded);
  t.is(reason, null);
  t.is(shortest!.events.length, 8);
  const again = replay({ ...padded, events: shortest!.events, violation: { property: 'election-safety', step: shortest!.step, detail: shortest!.detail } }, raftVolatileVote);
  t.is(again.violation?.property, 'election-safety');
  t.is(again.violation?.step, 8);
});

test('a search stopped by its state budget says so and proposes nothing; liveness is refused', (t) => {
  const stopped = shortestCounterexample(raftVolatileVote, padded, 50);
  t.is(stopped.shortest, null);
  t.regex(stopped.reason!, /stopped at 50 states/);
  const live: Trace = { ...padded, violation: { property: 'liveness', step: 10, detail: 'no leader' } };
  t.throws(() => shortestCounterexample(raftVolatileVote, live), { instanceOf: InputError, message: /safety properties only/ });
});

test('check --shortest reports the search within the shrunk trace\'s bounds; --all refuses it', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'shortest-'));
  const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/leadercheck.js', ...args], { encoding: 'utf8' });
  const run = cli('check', 'raft/volatile-vote', '--profile', 'crash', '--runs', '20', '--seed', '1', '--property', 'election-safety', '--shortest', '--workers', '1', '--out', out);
  t.is(run.status, 1, run.stderr);
  t.regex(run.stdout, /shortest: the 8-event trace is the shortest there is, breadth first within the trace's bounds \(term 1, \d+ messages in flight, 1 crash, depth 8; \d+ states\)/);
  const trace = JSON.parse(readFileSync(join(out, 'raft/volatile-vote/crash/election-safety.trace.json'), 'utf8'));
  t.is(trace.events.length, 8);
  const all = cli('check', '--all', '--shortest', '--out', out);
  t.is(all.status, 2);
  t.regex(all.stderr, /--shortest does not apply/);
});
