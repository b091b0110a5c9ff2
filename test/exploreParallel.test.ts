import test from 'ava';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import termVolatile from '../bench/spin/termVolatile.js';
import votedForVolatile from '../bench/spin/votedForVolatile.js';
import spinRaft from '../bench/spin/raftElection.js';
import { spinBounds } from '../bench/spinBench.js';
import { bully } from '../models/bully/index.js';
import { raft, raftDoubleVote, raftVolatileVote } from '../models/raft/index.js';
import { ring } from '../models/ring/index.js';
import type { ExploreBounds } from '../src/explore/bounds.js';
import { explore, type ExploreOptions, type ExploreResult } from '../src/explore/explore.js';
import { traceOfExplore } from '../src/explore/traceOfExplore.js';
import type { AnyProtocol, PropertyName } from '../src/shared/protocol.js';
import { decodeTrace } from '../src/trace/decode.js';
import { encodeTrace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';

const SAFETY: PropertyName[] = ['election-safety', 'term-monotonic'];
const spinFile = (name: string) => fileURLToPath(new URL(`../bench/spin/${name}.js`, import.meta.url));

function bounds(overrides: Partial<ExploreBounds>): ExploreBounds {
  return { maxTerm: 2, maxMessages: 6, maxCrashes: 0, maxPartitions: 0, maxDrops: 0, maxDups: 0, maxDepth: Infinity, ...overrides };
}

interface Case {
  name: string;
  protocol: AnyProtocol;
  modelFile?: string;
  nodes: number;
  bounds: ExploreBounds;
  properties?: PropertyName[];
}

function search(c: Case, workers: number | undefined, more: Partial<ExploreOptions> = {}): ExploreResult {
  return explore({
    protocol: c.protocol,
    nodes: c.nodes,
    properties: c.properties ?? SAFETY,
    bounds: c.bounds,
    symmetry: false,
    ...(c.modelFile === undefined ? {} : { modelFile: c.modelFile }),
    ...(workers === undefined ? {} : { workers }),
    ...more,
  });
}

const counts = (r: ExploreResult) => ({ states: r.states, transitions: r.transitions, depth: r.depth, atBound: r.atBound, complete: r.complete, stoppedBy: r.stoppedBy });

// Complete searches: the parallel search visits exactly the one-thread search's states and transitions.
const complete: Case[] = [
  { name: 'raft, a crash and a drop', protocol: raft, nodes: 3, bounds: bounds({ maxTerm: 1, maxMessages: 3, maxCrashes: 1, maxDrops: 1 }) },
  { name: 'raft, a partition (partitions travel between workers)', protocol: raft, nodes: 3, bounds: bounds({ maxTerm: 1, maxMessages: 3, maxPartitions: 1 }) },
  { name: 'raft, a duplicate and a depth limit', protocol: raft, nodes: 3, bounds: bounds({ maxTerm: 1, maxDups: 1, maxDepth: 9 }) },
  { name: 'the SPIN anchor, n=3, term 1, bag 4', protocol: spinRaft, modelFile: spinFile('raftElection'), nodes: 3, bounds: spinBounds(1, 4) },
  { name: 'ring, to a depth of 8', protocol: ring, nodes: 3, bounds: bounds({ maxMessages: 3, maxDepth: 8 }), properties: ['election-safety'] },
];

for (const c of complete) {
  test(`1, 2 and 3 workers visit the one-thread search's states and transitions: ${c.name}`, (t) => {
    const plain = search(c, undefined);
    t.true(plain.complete);
    t.is(plain.parallel, undefined);
    for (const workers of [1, 2, 3]) {
      const r = search(c, workers);
      t.is(r.workersNote, undefined, r.workersNote);
      t.deepEqual(counts(r), counts(plain), `${workers} workers`);
      t.is(r.parallel?.workers, workers, 'the parallel search ran');
      t.is(r.parallel?.levels, Math.min(plain.depth + 1, c.bounds.maxDepth));
      t.is(r.parallel?.sharedInserts, r.states, 'every state was inserted into the one shared set');
    }
  });
}

// Violations: a level is finished, so the counts and the counterexample are the same for every number of workers, and as short in
// search steps as the one-thread search's (in events it may differ: a deliver-and-keep or an atomic restart is one step, two events).
const mutants: (Case & { property: PropertyName })[] = [
  { name: 'raft/volatile-vote', protocol: raftVolatileVote, nodes: 3, bounds: bounds({ maxCrashes: 1 }), property: 'election-safety' },
  { name: 'raft/double-vote', protocol: raftDoubleVote, nodes: 3, bounds: bounds({}), property: 'election-safety' },
  { name: 'SPIN mutant votedFor volatile', protocol: votedForVolatile, modelFile: spinFile('votedForVolatile'), nodes: 3, bounds: spinBounds(2, 4), property: 'election-safety' },
  { name: 'SPIN mutant term volatile', protocol: termVolatile, modelFile: spinFile('termVolatile'), nodes: 3, bounds: spinBounds(2, 4), property: 'term-monotonic' },
  { name: 'bully', protocol: bully, nodes: 3, bounds: bounds({ maxMessages: 5 }), properties: ['single-leader'], property: 'single-leader' },
];

for (const m of mutants) {
  test(`the same counts and counterexample on 1, 2 and 3 workers, as short as one thread's: ${m.name}`, (t) => {
    const plain = search(m, undefined);
    const runs = [1, 2, 3].map((workers) => search(m, workers));
    for (const r of runs) {
      t.is(r.parallel?.workers !== undefined, true, r.workersNote);
      t.is(r.violation?.property, m.property);
      t.deepEqual(counts(r), counts(runs[0]));
      t.deepEqual(r.violation, runs[0].violation, 'the same counterexample, event for event');
      t.is(r.violation!.steps, plain.violation!.steps);
    }
    // A level is finished before the search stops, so it has seen at least what one thread had when it stopped.
    t.true(runs[0].states >= plain.states);
    const trace = traceOfExplore(m.protocol, m.nodes, undefined, runs[1]);
    t.deepEqual(replay(decodeTrace(encodeTrace(trace), 'explore'), m.protocol).violation, trace.violation);
  });
}

test('--workers falls back to one thread, with a note, under symmetry reduction and sleep sets', (t) => {
  const c: Case = { name: 'raft', protocol: raft, nodes: 3, bounds: bounds({ maxTerm: 1 }) };
  const symmetric = search(c, 2, { symmetry: true });
  t.is(symmetric.parallel, undefined);
  t.regex(symmetric.workersNote ?? '', /symmetry reduction is on/);
  t.deepEqual(counts(symmetric), counts(search(c, undefined, { symmetry: true })));
  const por = search(c, 2, { por: true });
  t.is(por.parallel, undefined);
  t.regex(por.workersNote ?? '', /partial-order reduction/);
});

test('a model a worker thread cannot load runs on one thread, with a note', (t) => {
  const copy = { ...raft };
  const r = explore({ protocol: copy, nodes: 3, properties: SAFETY, bounds: bounds({ maxTerm: 1 }), symmetry: false, workers: 2 });
  t.is(r.parallel, undefined);
  t.regex(r.workersNote ?? '', /neither built in nor given by --model-file/);
});

test('--max-states stops a parallel search at the end of a level; --max-depth 0 counts the root', (t) => {
  const c: Case = { name: 'raft', protocol: raft, nodes: 3, bounds: bounds({ maxTerm: 1, maxMessages: 3, maxCrashes: 1, maxDrops: 1 }) };
  const one = search(c, 1, { maxStates: 1000 });
  const two = search(c, 2, { maxStates: 1000 });
  t.is(one.stoppedBy, 'max-states');
  t.deepEqual(counts(two), counts(one));
  t.true(one.states >= 1000);
  const rootOnly = search(c, 2, { bounds: { ...c.bounds, maxDepth: 0 } });
  t.deepEqual(counts(rootOnly), counts(search(c, undefined, { bounds: { ...c.bounds, maxDepth: 0 } })), '--max-depth 0: the root alone');
  t.is(rootOnly.states, 1);
});

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/leadercheck.js', ...args], { encoding: 'utf8' });

test('explore --workers 2 on the command line: the parallel search, its figures in --json, and bad counts exit 2', (t) => {
  const ran = cli('explore', 'raft', '--no-symmetry', '--max-term', '1', '--max-messages', '3', '--workers', '2', '--json');
  t.is(ran.status, 0, ran.stderr);
  const json = JSON.parse(ran.stdout);
  t.is(json.parallel.workers, 2);
  t.is(json.parallel.sharedInserts, json.states);
  const plain = JSON.parse(cli('explore', 'raft', '--no-symmetry', '--max-term', '1', '--max-messages', '3', '--json').stdout);
  t.is(json.states, plain.states);
  t.is(json.transitions, plain.transitions);
  t.is(plain.parallel, null);
  for (const bad of ['0', 'two', '65']) {
    const refused = cli('explore', 'raft', '--workers', bad);
    t.is(refused.status, 2);
    t.is(refused.stderr.trim().split('\n').length, 1);
    t.regex(refused.stderr, /--workers must be an integer from 1 to 64/);
  }
});
