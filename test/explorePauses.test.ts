import test from 'ava';
import { leaseNoFencing, zookeeperIgnoreSessionExpiry } from '../models/coord/index.js';
import { raft } from '../models/raft/index.js';
import { counters, type ExploreBounds } from '../src/explore/bounds.js';
import { enabledChoices, twoWaySplits } from '../src/explore/enabledEvents.js';
import { explore, type ExploreOptions } from '../src/explore/explore.js';
import { PackedLevel } from '../src/explore/PackedLevel.js';
import { traceOfExplore } from '../src/explore/traceOfExplore.js';
import type { AnyProtocol, PropertyName } from '../src/shared/protocol.js';
import type { World } from '../src/shared/world.js';
import { replay } from '../src/trace/replay.js';
import { apply, boot, createSystem } from '../src/world/world.js';
import { cli } from './helpers/cli.js';

function bounds(overrides: Partial<ExploreBounds>): ExploreBounds {
  return { maxTerm: 1, maxMessages: 2, maxCrashes: 0, maxPartitions: 0, maxDrops: 0, maxDups: 0, maxDepth: Infinity, ...overrides };
}

function run(protocol: AnyProtocol, nodes: number, b: Partial<ExploreBounds>, more: Partial<ExploreOptions> = {}) {
  const properties: PropertyName[] = ['election-safety', 'term-monotonic'];
  return explore({ protocol, nodes, properties, bounds: bounds(b), symmetry: true, ...more });
}

const kinds = (world: World, used: number, b: ExploreBounds) => enabledChoices(world, used, b, twoWaySplits(3)).map((c) => c.events.map((e) => `${e.kind}${'node' in e ? e.node : ''}`).join('+'));

test('explore offers a pause of each running node while the budget lasts, a resume always; a paused node neither steps nor receives', (t) => {
  const system = createSystem(raft, 3);
  const world = boot(system);
  const b = bounds({ maxPauses: 1 });
  t.deepEqual(kinds(world, 0, b), ['timer1', 'timer2', 'timer3', 'pause1', 'pause2', 'pause3']);
  // Left out or 0: no pauses, as before.
  t.deepEqual(kinds(world, 0, bounds({})), ['timer1', 'timer2', 'timer3']);
  const paused = apply(system, world, { kind: 'pause', node: 2 }).world;
  const spent = counters.PAUSE;
  t.deepEqual(kinds(paused, spent, b), ['timer1', 'timer3', 'resume2']);
  // Node 1's vote request to the paused node 2 waits: only node 3 can receive its.
  const asked = apply(system, paused, { kind: 'timer', node: 1, timer: 'election' }).world;
  t.deepEqual(kinds(asked, spent, b).filter((k) => k.startsWith('deliver')).length, 1);
  t.deepEqual(enabledChoices(paused, spent, b, [])[0].spends, 0);
  t.is(enabledChoices(world, 0, b, []).find((c) => c.events[0].kind === 'pause')!.spends, counters.PAUSE);
  t.is(enabledChoices(world, 0, bounds({ maxPauses: Infinity }), []).find((c) => c.events[0].kind === 'pause')!.spends, 0);
});

test('a pause budget of 0 explores exactly the states it did; a budget of 1 adds states, the same breadth first (rebuilt from codes) and depth first', (t) => {
  const small = { maxTerm: 1, maxMessages: 3 };
  t.is(run(raft, 3, { ...small, maxPauses: 0 }).states, 250);
  t.is(run(raft, 3, small).states, 250);
  const none = run(raft, 3, {});
  const bfs = run(raft, 3, { maxPauses: 1 }, { symmetry: false });
  const dfs = run(raft, 3, { maxPauses: 1 }, { symmetry: false, dfs: true });
  t.true(bfs.complete && dfs.complete);
  t.true(bfs.states > run(raft, 3, {}, { symmetry: false }).states);
  t.is(bfs.states, dfs.states);
  // Two pauses add more again; symmetry reduces them as it does the rest.
  t.true(run(raft, 3, { maxPauses: 2 }).states > run(raft, 3, { maxPauses: 1 }).states);
  t.true(run(raft, 3, { maxPauses: 1 }).states > none.states);
  // Unlimited pauses are not counted: pausing and resuming comes back to a state already seen.
  t.true(run(raft, 3, { maxPauses: Infinity }).complete);
});

test('a breadth-first level keeps the pause counter above the 32 bits of the other budgets', (t) => {
  const level = new PackedLevel<string>(1);
  const used = 3 * counters.PAUSE + 255 * counters.PARTITION + 7 * counters.CRASH;
  level.push({ used, partition: 2 }, [41], 'path');
  level.forEach((state, codes, path) => {
    t.is(state.used, used);
    t.is(counters.pauses(state.used), 3);
    t.is(counters.partitions(state.used), 255);
    t.is(counters.crashes(state.used), 7);
    t.is(state.partition, 2);
    t.deepEqual([...codes], [41]);
    t.is(path, 'path');
  });
});

test('with pauses offered, explore finds zookeeper/ignore-session-expiry\'s second leader and lease/no-fencing\'s double charge; the traces replay', (t) => {
  const zk = explore({ protocol: zookeeperIgnoreSessionExpiry, nodes: 4, properties: ['single-leader'], bounds: bounds({ maxTerm: 3, maxMessages: 8, maxPauses: 1 }), symmetry: true });
  t.is(zk.violation?.property, 'single-leader');
  t.is(zk.violation?.events.length, 7);
  const zkTrace = traceOfExplore(zookeeperIgnoreSessionExpiry, 4, undefined, zk);
  t.deepEqual(replay(zkTrace, zookeeperIgnoreSessionExpiry).violation, zkTrace.violation);
  // Depth first within 14 events: a breadth-first search needs some 1.5 million states (README).
  const lease = explore({ protocol: leaseNoFencing, nodes: 4, properties: ['no-double-charge'], bounds: bounds({ maxTerm: 3, maxMessages: 8, maxPauses: 1, maxDepth: 14 }), symmetry: true, dfs: true });
  t.is(lease.violation?.property, 'no-double-charge');
  const leaseTrace = traceOfExplore(leaseNoFencing, 4, undefined, lease);
  t.deepEqual(replay(leaseTrace, leaseNoFencing).violation, leaseTrace.violation);
});

test('explore --max-pauses: shown with the bounds; a bad value is one line, exit 2', (t) => {
  const ok = cli(['explore', 'raft', '--max-term', '1', '--max-messages', '2', '--max-pauses', '1']);
  t.is(ok.code, 0, ok.stderr);
  t.regex(ok.stdout, /maxDups 0, maxPauses 1; properties/);
  t.regex(ok.stdout, /complete: no violation within the bounds/);
  for (const bad of ['-1', '256', 'two']) {
    const r = cli(['explore', 'raft', '--max-pauses', bad]);
    t.is(r.code, 2);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.regex(r.stderr, /--max-pauses must be an integer from 0 to 255/);
  }
});
