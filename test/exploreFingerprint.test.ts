import test from 'ava';
import { propertiesNamed } from '../properties/index.js';
import type { SafetyProperty } from '../properties/types.js';
import { raft } from '../models/raft/index.js';
import { raftRenaming } from '../models/raft/symmetry.js';
import { Monitor, type MonitorState } from '../src/judge/monitor.js';
import type { ExploreBounds } from '../src/explore/bounds.js';
import { canonicalJson } from '../src/world/canonicalJson.js';
import { enabledChoices, twoWaySplits } from '../src/explore/enabledEvents.js';
import { explore } from '../src/explore/explore.js';
import { FingerprintSet } from '../src/explore/FingerprintSet.js';
import { permutations } from '../src/explore/permutations.js';
import { StateEncoder } from '../src/explore/StateEncoder.js';
import type { World } from '../src/shared/world.js';
import { apply, boot, createSystem } from '../src/world/world.js';

const SAFETY = ['election-safety', 'term-monotonic'] as const;
const safety = propertiesNamed([...SAFETY]) as SafetyProperty[];

/**
 * A second, slow and obvious way to count states: BFS keeping a Set of canonical JSON strings of
 * the whole state (ids and order of messages left out), optionally the least over all renamings.
 */
function naiveCount(nodes: number, b: ExploreBounds, symmetric: boolean): number {
  const system = createSystem(raft, nodes);
  const monitor = new Monitor(safety);
  const perms = symmetric ? permutations(nodes) : permutations(nodes).slice(0, 1);
  const key = (world: World, memos: readonly unknown[], used: number): string => {
    let least: string | null = null;
    for (const perm of perms) {
      const rename = (id: number) => perm[id - 1] + 1;
      const slots = new Array<unknown>(nodes);
      world.nodes.forEach((slot, i) => {
        slots[perm[i]] = [
          slot.up,
          slot.state === null ? null : raftRenaming.state(slot.state as any, rename),
          slot.stored === undefined ? '~' : raftRenaming.stored(slot.stored as any, rename),
          slot.timers.map((x) => x.name).sort(),
        ];
      });
      const network = world.network.map((m) => canonicalJson([rename(m.from), rename(m.to), raftRenaming.message(m.msg as any, rename)])).sort();
      const partition = world.partition?.map((g) => g.map(rename).sort()).sort((x, y) => x[0] - y[0]) ?? null;
      const renamedMemos = memos.map((memo, k) => safety[k].renameNodes!(memo, rename));
      const text = canonicalJson([slots, network, partition, renamedMemos, used]);
      if (least === null || text < least) least = text;
    }
    return least!;
  };
  const start = boot(system);
  const startMonitor = monitor.start(start);
  const seen = new Set([key(start, startMonitor.memos, 0)]);
  let frontier: { world: World; monitor: MonitorState; used: number }[] = [{ world: start, monitor: startMonitor, used: 0 }];
  const splits = twoWaySplits(nodes);
  for (let depth = 0; frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const node of frontier) {
      const within = node.world.network.length <= b.maxMessages && node.world.nodes.every((s) => s.view === null || s.view.term <= b.maxTerm);
      if (!within) continue;
      for (const choice of enabledChoices(node.world, node.used, b, splits)) {
        const world = choice.events.reduce((w, e) => apply(system, w, e).world, node.world);
        const m = monitor.observe(node.monitor, world, depth + 1);
        const used = node.used + choice.spends;
        const k = key(world, m.memos, used);
        if (seen.has(k)) continue;
        seen.add(k);
        next.push({ world, monitor: m, used });
      }
    }
    frontier = next;
  }
  return seen.size;
}

const configs: { nodes: number; bounds: ExploreBounds }[] = [
  { nodes: 3, bounds: { maxTerm: 1, maxMessages: 3, maxCrashes: 1, maxPartitions: 0, maxDrops: 0, maxDups: 0, maxDepth: Infinity } },
  { nodes: 3, bounds: { maxTerm: 1, maxMessages: 2, maxCrashes: 0, maxPartitions: 1, maxDrops: 1, maxDups: 1, maxDepth: Infinity } },
  { nodes: 2, bounds: { maxTerm: 2, maxMessages: 2, maxCrashes: 1, maxPartitions: 0, maxDrops: 0, maxDups: 0, maxDepth: Infinity } },
];

for (const { nodes, bounds } of configs) {
  for (const symmetry of [false, true]) {
    test(`fingerprint counts equal a naive string-set count (${nodes} nodes, ${JSON.stringify(bounds)}, symmetry ${symmetry})`, (t) => {
      const result = explore({ protocol: raft, nodes, properties: SAFETY, bounds, symmetry });
      t.is(result.states, naiveCount(nodes, bounds, symmetry));
    });
  }
}

function fingerprintOf(encoder: StateEncoder, world: World): string {
  const monitor = new Monitor(safety).start(world);
  const out = new Uint32Array(2);
  encoder.fingerprint(world, monitor.memos, 0, out);
  return `${out[0]}:${out[1]}`;
}

test('message ids and the order of in-flight messages do not change the fingerprint', (t) => {
  const system = createSystem(raft, 3);
  const encoder = new StateEncoder(3, 2, null);
  const a = [1, 2].reduce((w, node) => apply(system, w, { kind: 'timer', node, timer: 'election' }).world, boot(system));
  const b = [2, 1].reduce((w, node) => apply(system, w, { kind: 'timer', node, timer: 'election' }).world, boot(system));
  t.notDeepEqual(a.network, b.network);
  t.is(fingerprintOf(encoder, a), fingerprintOf(encoder, b));
});

test('renamed twins share a fingerprint with symmetry, not without', (t) => {
  const system = createSystem(raft, 3);
  const hooks = { renaming: raftRenaming, memos: safety.map((p) => p.renameNodes!.bind(p) as (memo: unknown, rename: (id: number) => number) => unknown) };
  const one = apply(system, boot(system), { kind: 'timer', node: 1, timer: 'election' }).world;
  const three = apply(system, boot(system), { kind: 'timer', node: 3, timer: 'election' }).world;
  const reduced = new StateEncoder(3, 2, hooks);
  t.is(fingerprintOf(reduced, one), fingerprintOf(reduced, three));
  const plain = new StateEncoder(3, 2, null);
  t.not(fingerprintOf(plain, one), fingerprintOf(plain, three));
});

test('Bully-like models that are not symmetric are never reduced', (t) => {
  const asymmetric = { ...raft, name: 'ordered', symmetric: false };
  const result = explore({
    protocol: asymmetric,
    nodes: 3,
    properties: SAFETY,
    bounds: configs[0].bounds,
    symmetry: true,
  });
  t.false(result.symmetry);
  t.is(result.states, explore({ protocol: raft, nodes: 3, properties: SAFETY, bounds: configs[0].bounds, symmetry: false }).states);
});

test('the fingerprint set keeps every distinct value and no other, across growth', (t) => {
  const set = new FingerprintSet(16);
  const n = 50_000;
  let added = 0;
  for (let i = 1; i <= n; i++) if (set.add(Math.imul(i, 0x9e3779b1) >>> 0, i)) added++;
  t.is(added, n);
  t.is(set.size, n);
  for (let i = 1; i <= n; i++) t.false(set.add(Math.imul(i, 0x9e3779b1) >>> 0, i));
  t.false(set.has(1, n + 1));
  // (0, 0) marks empty slots, so it is stored as (0, 1): still found again.
  t.true(set.add(0, 0));
  t.false(set.add(0, 0));
  t.true(set.has(0, 0));
  t.true(set.bytes / set.size <= 16);
});

test('the fingerprint set\'s recent cache answers a fingerprint just added, and only one the table holds', (t) => {
  const set = new FingerprintSet(16);
  t.true(set.add(7, 9));
  t.false(set.add(7, 9));
  t.is(set.recentHits, 1);
  // Same low half (the recent cache's index), other high half: a new fingerprint, not a hit.
  t.true(set.add(8, 9));
  t.is(set.recentHits, 1);
  // (7, 9) was pushed out of the recent cache by (8, 9): the table still knows it.
  t.false(set.add(7, 9));
  t.is(set.recentHits, 1);
  t.is(set.size, 2);
});

test('the fingerprint set\'s prefetch reads the slots of fingerprints the recent cache lacks, and changes no answer', (t) => {
  const set = new FingerprintSet(16);
  t.true(set.add(7, 9));
  set.prefetch(new Uint32Array([7, 8, 1 << 31]), new Uint32Array([9, 10, 11]), 2);
  // (7, 9) is in the recent cache, (8, 10) is not; the third is past `count`.
  t.is(set.prefetched, 1);
  t.is(set.size, 1);
  t.false(set.add(7, 9));
  t.true(set.add(8, 10));
  t.true(set.add(1 << 31, 11));
});

test('two-way splits: each split once, node 1 in the first group, in mask order', (t) => {
  t.deepEqual(
    twoWaySplits(3).map((e) => (e.kind === 'partition' ? e.groups : null)),
    [
      [[1], [2, 3]],
      [[1, 2], [3]],
      [[1, 3], [2]],
    ],
  );
  t.is(twoWaySplits(4).length, 7);
});

test('fault budgets: a spent budget enables no more of that fault', (t) => {
  const system = createSystem(raft, 3);
  const world = apply(system, boot(system), { kind: 'timer', node: 1, timer: 'election' }).world;
  const b: ExploreBounds = { maxTerm: 2, maxMessages: 6, maxCrashes: 1, maxPartitions: 1, maxDrops: 1, maxDups: 1, maxDepth: Infinity };
  const kinds = (used: number) => enabledChoices(world, used, b, twoWaySplits(3)).map((c) => c.events[0].kind);
  t.deepEqual(new Set(kinds(0)), new Set(['deliver', 'timer', 'drop', 'duplicate', 'crash', 'partition']));
  const spent = 1 | (1 << 8) | (1 << 16) | (1 << 24);
  t.deepEqual(new Set(kinds(spent)), new Set(['deliver', 'timer']));
});

test('one timer named "a,b" and two timers "a" and "b" are different states', (t) => {
  const system = createSystem(raft, 3);
  const world = boot(system);
  const withTimers = (names: string[]): World => ({
    ...world,
    nodes: world.nodes.map((slot, i) => (i === 0 ? { ...slot, timers: names.map((name, id) => ({ id, name, setAt: 0, after: 1 })) } : slot)),
  });
  const encoder = new StateEncoder(3, 2, null);
  t.not(fingerprintOf(encoder, withTimers(['a,b'])), fingerprintOf(encoder, withTimers(['a', 'b'])));
});

test('without symmetry a fingerprint depends on what the parts are, not on the order an encoder met them', (t) => {
  const system = createSystem(raft, 3);
  const a = [1, 2].reduce((w, node) => apply(system, w, { kind: 'timer', node, timer: 'election' }).world, boot(system));
  const b = apply(system, boot(system), { kind: 'timer', node: 3, timer: 'election' }).world;
  // One encoder meets a first, the other b first: their codes differ, the fingerprints must not.
  const first = new StateEncoder(3, 2, null);
  const second = new StateEncoder(3, 2, null);
  const inFirst = [fingerprintOf(first, a), fingerprintOf(first, b)];
  const inSecond = [fingerprintOf(second, b), fingerprintOf(second, a)].reverse();
  t.deepEqual(inFirst, inSecond);
  t.not(inFirst[0], inFirst[1]);
});
