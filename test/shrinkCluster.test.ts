import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBuiltinModel } from '../models/index.js';
import { raft } from '../models/raft/index.js';
import { electionSafety } from '../properties/electionSafety.js';
import { explore } from '../src/explore/explore.js';
import { chooseSymmetry, SYMMETRY_NODES_MAX } from '../src/explore/symmetryHooks.js';
import { checkModel } from '../src/run/check.js';
import { findProfile, profileOfTrace } from '../src/schedule/profiles.js';
import { shrinkTrace } from '../src/shrink/shrinkTrace.js';
import { replay } from '../src/trace/replay.js';

// Issue 14's acceptance command finds raft/volatile-vote at 10 nodes at run 3; its shrink then ran
// over 10 minutes, inside explore: the shortest-path search built each state's row under all
// 10! = 3,628,800 permutations of node ids. It also stopped at 9 nodes (22 events), since no cast
// without one node of 9 keeps both quorums, where 3 nodes need 8 events.
test('a counterexample found at 10 nodes shrinks to the 3-node one, and replays', (t) => {
  const protocol = findBuiltinModel('raft/volatile-vote')!;
  const found = checkModel({ protocol, nodes: 10, profile: findProfile('crash')!, properties: ['election-safety', 'term-monotonic', 'liveness'], seed: '1', runs: 50, strategy: { name: 'random+buggify' } }).found!;
  t.is(found.trace.nodes, 10);
  const result = shrinkTrace(found.trace, protocol, { profile: profileOfTrace(found.trace, protocol) });
  t.false(result.exhausted);
  t.is(result.trace.nodes, 3);
  // explore's shortest for this mutant at 3 nodes (test/spinAnchor pins the SPIN side of it).
  t.is(result.lengthAfter, 8);
  t.deepEqual(replay(result.trace, protocol).violation, result.trace.violation);
});

test('symmetry reduction stops at 6 nodes, and explore says why', (t) => {
  t.is(SYMMETRY_NODES_MAX, 6);
  t.not(chooseSymmetry(raft, [electionSafety], true, 6).hooks, null);
  const seven = chooseSymmetry(raft, [electionSafety], true, 7);
  t.is(seven.hooks, null);
  t.is(seven.reason, 'more than 6 nodes: each state would be built under all 7! permutations of node ids');
  const result = explore({ protocol: raft, nodes: 7, properties: ['election-safety'], bounds: { maxTerm: 1, maxMessages: 4, maxCrashes: 0, maxPartitions: 0, maxDrops: 0, maxDups: 0, maxDepth: 3 }, symmetry: true, maxStates: 1000 });
  t.false(result.symmetry);
  t.is(result.symmetryNote, seven.reason);
});

test('check says when the shrunk counterexample is shown on fewer nodes than it was found on', (t) => {
  const r = spawnSync(process.execPath, ['bin/leadercheck.js', 'check', 'raft/volatile-vote', '--profile', 'crash', '--nodes', '10', '--runs', '10', '--out', mkdtempSync(join(tmpdir(), 'leadercheck-cluster-'))], { encoding: 'utf8' });
  t.is(r.status, 1, r.stderr);
  t.regex(r.stdout, /^ {2}shrunk: 194 -> 8 events, 10 -> 3 nodes; the shrunk trace violates it at step 8$/m);
});

// The shortest-path search tries clusters the trace was never on; a model may not boot on them.
test('a model whose init throws on a smaller cluster still shrinks: that size is skipped', (t) => {
  const real = findBuiltinModel('raft/volatile-vote')!;
  const protocol = { ...real, name: 'needs-two', init: (ctx: Parameters<typeof real.init>[0]) => {
    if (ctx.nodes < 2) throw new Error('needs two nodes');
    return real.init(ctx);
  } } as typeof real;
  const found = checkModel({ protocol, nodes: 5, profile: findProfile('crash')!, properties: ['election-safety'], seed: '1', runs: 200, strategy: { name: 'random+buggify' } }).found!;
  const result = shrinkTrace(found.trace, protocol, { profile: profileOfTrace(found.trace, protocol) });
  t.true(result.lengthAfter < found.trace.events.length);
  t.deepEqual(replay(result.trace, protocol).violation, result.trace.violation);
});
