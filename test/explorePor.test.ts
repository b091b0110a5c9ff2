import test from 'ava';
import { spawnSync } from 'node:child_process';
import spinRaft from '../bench/spin/raftElection.js';
import termVolatile from '../bench/spin/termVolatile.js';
import votedForVolatile from '../bench/spin/votedForVolatile.js';
import { bully } from '../models/bully/index.js';
import { findBuiltinModel } from '../models/index.js';
import { raft, raftDoubleVote, raftMajorityOffByOne, raftVolatileVote } from '../models/raft/index.js';
import { ring } from '../models/ring/index.js';
import { propertiesNamed, searchedAs } from '../properties/index.js';
import type { SafetyProperty } from '../properties/types.js';
import type { ExploreBounds } from '../src/explore/bounds.js';
import { explore, type ExploreOptions, type ExploreResult } from '../src/explore/explore.js';
import { sleepSetsRefused } from '../src/explore/sleepSets.js';
import { traceOfExplore } from '../src/explore/traceOfExplore.js';
import type { AnyProtocol, PropertyName } from '../src/shared/protocol.js';
import { decodeTrace } from '../src/trace/decode.js';
import { encodeTrace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';
import { spinBounds } from './helpers/spinBounds.js';

const SAFETY: PropertyName[] = ['election-safety', 'term-monotonic'];

function bounds(overrides: Partial<ExploreBounds>): ExploreBounds {
  return { maxTerm: 1, maxMessages: 6, maxCrashes: 0, maxPartitions: 0, maxDrops: 0, maxDups: 0, maxDepth: Infinity, ...overrides };
}

/** The same search without and with sleep sets. */
function both(protocol: AnyProtocol, nodes: number, b: ExploreBounds, more: Partial<ExploreOptions> = {}): [ExploreResult, ExploreResult] {
  const options: ExploreOptions = { protocol, nodes, properties: SAFETY, bounds: b, symmetry: true, ...more };
  return [explore({ ...options, por: false }), explore({ ...options, por: true })];
}

// Sleep sets skip transitions, never states: every state is visited, at the same depth, so the
// counts of states and of states at a bound are the same, and only the transitions drop.
const complete: { name: string; protocol: AnyProtocol; nodes: number; bounds: ExploreBounds; more?: Partial<ExploreOptions>; states: number; transitions: [number, number] }[] = [
  { name: 'raft, max term 1', protocol: raft, nodes: 3, bounds: bounds({}), states: 10_737, transitions: [20_658, 16_531] },
  { name: 'raft without symmetry', protocol: raft, nodes: 3, bounds: bounds({}), more: { symmetry: false }, states: 64_216, transitions: [123_153, 96_995] },
  { name: 'raft, 1 crash', protocol: raft, nodes: 3, bounds: bounds({ maxCrashes: 1 }), states: 68_033, transitions: [151_764, 111_307] },
  { name: 'raft, 1 partition', protocol: raft, nodes: 3, bounds: bounds({ maxPartitions: 1 }), states: 53_613, transitions: [99_873, 82_157] },
  { name: 'raft, 1 drop and 1 duplicate', protocol: raft, nodes: 3, bounds: bounds({ maxDrops: 1, maxDups: 1 }), states: 115_116, transitions: [305_874, 244_939] },
  // Tight bounds: a step that leaves a state past --max-messages or --max-term must not stand in for the other order.
  { name: 'raft, 3 in flight', protocol: raft, nodes: 3, bounds: bounds({ maxMessages: 3 }), states: 250, transitions: [350, 297] },
  { name: 'raft, 2 in flight, 1 crash', protocol: raft, nodes: 3, bounds: bounds({ maxMessages: 2, maxCrashes: 1 }), states: 68, transitions: [107, 97] },
  { name: 'raft, max depth 9', protocol: raft, nodes: 3, bounds: bounds({ maxTerm: 2, maxDepth: 9 }), states: 10_536, transitions: [17_321, 13_526] },
  { name: 'bully', protocol: bully, nodes: 3, bounds: bounds({ maxMessages: 5 }), more: { properties: ['term-monotonic'] }, states: 27_903, transitions: [0, 0] },
  { name: 'ring', protocol: ring, nodes: 3, bounds: bounds({ maxMessages: 3 }), more: { properties: ['term-monotonic'] }, states: 11_199, transitions: [0, 0] },
  { name: 'lease', protocol: findBuiltinModel('lease')!, nodes: 3, bounds: bounds({ maxMessages: 3, maxDepth: 12 }), more: { properties: ['election-safety', 'term-monotonic', 'fenced-writes', 'no-double-charge'] }, states: 7_198, transitions: [11_641, 9_305] },
  { name: 'zookeeper', protocol: findBuiltinModel('zookeeper')!, nodes: 3, bounds: bounds({ maxMessages: 3, maxDepth: 12 }), more: { properties: ['election-safety', 'term-monotonic', 'fenced-writes', 'no-double-charge'] }, states: 3_595, transitions: [5_567, 4_717] },
  { name: 'the SPIN transcription, n=3, T=1, bag 4', protocol: spinRaft, nodes: 3, bounds: spinBounds(1, 4), more: { symmetry: false }, states: 56_393, transitions: [580_122, 437_537] },
];

for (const c of complete) {
  test(`sleep sets keep every state and cut transitions: ${c.name}`, (t) => {
    const [off, on] = both(c.protocol, c.nodes, c.bounds, c.more);
    t.true(off.complete && on.complete);
    t.false(off.por);
    t.true(on.por, on.porNote ?? '');
    t.is(off.states, c.states);
    t.is(on.states, c.states);
    t.is(on.atBound, off.atBound);
    t.is(on.depth, off.depth);
    t.true(on.transitions < off.transitions);
    t.true(on.sleptSteps > 0);
    if (c.transitions[0] > 0) t.deepEqual([off.transitions, on.transitions], c.transitions);
  });
}

// Every mutant explore finds, shipped and in the tests: the same verdict, and a counterexample
// as short, in events and in search steps, that replays to the same violation.
const mutants: { protocol: AnyProtocol; nodes: number; bounds: ExploreBounds; properties?: PropertyName[]; symmetry?: boolean; property: PropertyName; events: number }[] = [
  { protocol: raftVolatileVote, nodes: 3, bounds: bounds({ maxTerm: 2, maxCrashes: 1 }), property: 'election-safety', events: 8 },
  { protocol: raftDoubleVote, nodes: 3, bounds: bounds({ maxTerm: 2 }), property: 'election-safety', events: 6 },
  { protocol: raftMajorityOffByOne, nodes: 4, bounds: bounds({ maxTerm: 2, maxMessages: 8 }), property: 'election-safety', events: 6 },
  { protocol: raftDoubleVote, nodes: 3, bounds: bounds({ maxTerm: 2 }), symmetry: false, property: 'election-safety', events: 6 },
  { protocol: votedForVolatile, nodes: 3, bounds: spinBounds(2, 4), symmetry: false, property: 'election-safety', events: 8 },
  { protocol: termVolatile, nodes: 3, bounds: spinBounds(2, 4), symmetry: false, property: 'term-monotonic', events: 3 },
  { protocol: bully, nodes: 3, bounds: bounds({ maxMessages: 5 }), properties: ['single-leader'], property: 'single-leader', events: 1 },
  { protocol: ring, nodes: 3, bounds: bounds({ maxMessages: 3, maxDrops: 1 }), properties: ['single-leader'], property: 'single-leader', events: 0 },
];

for (const m of mutants) {
  test(`the same verdict and shortest length with sleep sets: ${m.protocol.name}${m.symmetry === false ? ' without symmetry' : ''} (${m.property})`, (t) => {
    const [off, on] = both(m.protocol, m.nodes, m.bounds, { symmetry: m.symmetry ?? true, ...(m.properties === undefined ? {} : { properties: m.properties }) });
    t.true(on.por);
    t.is(off.violation?.property, m.property);
    t.is(on.violation?.property, m.property);
    if (m.events > 0) t.is(on.violation!.events.length, m.events);
    t.is(on.violation!.events.length, off.violation!.events.length);
    t.is(on.violation!.steps, off.violation!.steps);
    const trace = traceOfExplore(m.protocol, m.nodes, undefined, on);
    t.deepEqual(replay(decodeTrace(encodeTrace(trace), 'explore'), m.protocol).violation, trace.violation);
  });
}

test('sleep sets stay off depth first, and for a property whose memo may not commute', (t) => {
  const dfs = explore({ protocol: raft, nodes: 3, properties: SAFETY, bounds: bounds({}), symmetry: true, dfs: true, por: true });
  t.false(dfs.por);
  t.regex(dfs.porNote ?? '', /breadth-first/);
  const safety = propertiesNamed(SAFETY) as SafetyProperty[];
  t.is(sleepSetsRefused(safety, false), null);
  const historyOfPairs: SafetyProperty = { ...safety[0], name: 'single-leader', memoCommutes: undefined };
  t.regex(sleepSetsRefused([historyOfPairs], false) ?? '', /single-leader does not declare memoCommutes/);
});

test('every safety property declares whether its memo commutes, as explore checks it', (t) => {
  for (const p of propertiesNamed(['election-safety', 'term-monotonic', 'single-leader', 'fenced-writes', 'no-double-charge', 'no-disruption'])) {
    if (p.kind === 'safety') t.true(searchedAs(p).memoCommutes, p.name);
  }
});

test('explore --por reports the reduction; the counts match the library', (t) => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/leadercheck.js', 'explore', 'raft', '--max-term', '1', ...args], { encoding: 'utf8' });
  const on = cli('--por', '--json');
  t.is(on.status, 0, on.stderr);
  const json = JSON.parse(on.stdout);
  t.true(json.por);
  t.is(json.states, 10_737);
  t.is(json.transitions, 16_531);
  const off = JSON.parse(cli('--json').stdout);
  t.false(off.por);
  t.is(off.transitions, 20_658);
  t.regex(cli('--por').stdout, /partial-order reduction: on \(sleep sets\), 4127 steps skipped as asleep/);
});
