import test from 'ava';
import { raft } from '../models/raft/index.js';
import { enabledEvents as budgetedEvents } from '../src/arbitraries/runSchedule.js';
import { budgetPolicy, type FaultBudget } from '../src/arbitraries/faultsArbitrary.js';
import type { ExploreBounds } from '../src/explore/bounds.js';
import { enabledChoices, explorePolicy, twoWaySplits } from '../src/explore/enabledEvents.js';
import type { World, WorldEvent } from '../src/shared/world.js';
import { enabledEvents, NO_FAULT_EVENTS, progressEvents, type FaultPolicy } from '../src/world/enabled.js';
import { apply, boot, createSystem } from '../src/world/world.js';

const system = createSystem(raft, 3);
const step = (world: World, event: WorldEvent): World => apply(system, world, event).world;
/** Node 2 campaigned (two RequestVotes in flight), then node 3 crashed. */
const world = step(step(boot(system), { kind: 'timer', node: 2, timer: 'election' }), { kind: 'crash', node: 3 });
const everything: FaultPolicy = { drops: true, duplicates: true, crashes: true, restarts: true, partitions: twoWaySplits(3), heal: true };
const show = (e: WorldEvent): string => ('id' in e ? `${e.kind} ${e.id}` : 'node' in e ? `${e.kind} ${e.node}` : e.kind === 'partition' ? `partition ${JSON.stringify(e.groups)}` : e.kind);

test('one canonical order: progress, drops, duplicates, a crash or restart per node, splits', (t) => {
  t.deepEqual(enabledEvents(world, everything).map(show), [
    'deliver 1',
    'timer 1',
    'timer 2',
    'drop 1',
    'drop 2',
    'duplicate 1',
    'duplicate 2',
    'crash 1',
    'crash 2',
    'restart 3',
    'partition [[1],[2,3]]',
    'partition [[1,2],[3]]',
    'partition [[1,3],[2]]',
  ]);
});

test('a split network offers heal instead of splits, and only when the policy allows it', (t) => {
  const split = step(world, { kind: 'partition', groups: [[1], [2, 3]] });
  t.deepEqual(enabledEvents(split, everything).slice(-1).map(show), ['heal']);
  t.false(enabledEvents(split, { ...everything, heal: false }).some((e) => e.kind === 'heal' || e.kind === 'partition'));
});

test('the policy switches each fault kind off on its own; none leaves the progress events', (t) => {
  const kinds = (policy: FaultPolicy) => new Set(enabledEvents(world, policy).map((e) => e.kind));
  t.false(kinds({ ...everything, drops: false }).has('drop'));
  t.false(kinds({ ...everything, duplicates: false }).has('duplicate'));
  t.false(kinds({ ...everything, crashes: false }).has('crash'));
  t.false(kinds({ ...everything, restarts: false }).has('restart'));
  t.false(kinds({ ...everything, partitions: [] }).has('partition'));
  t.deepEqual(enabledEvents(world, NO_FAULT_EVENTS), progressEvents(world));
  t.deepEqual(progressEvents(world).map(show), ['deliver 1', 'timer 1', 'timer 2']);
});

test('explore and the arbitraries differ only in the policy they build', (t) => {
  const bounds: ExploreBounds = { maxTerm: 2, maxMessages: 6, maxCrashes: 1, maxPartitions: 1, maxDrops: 1, maxDups: 0, maxDepth: Infinity };
  const splits = twoWaySplits(3);
  for (const used of [0, 1, 1 << 8, 1 << 24]) {
    t.deepEqual(
      enabledChoices(world, used, bounds, splits).map((c) => c.events[0]),
      enabledEvents(world, explorePolicy(used, bounds, splits)),
    );
  }
  const budget: FaultBudget = { crashesMax: 1, partitions: true, drops: false, duplicates: true };
  for (const crashesUsed of [0, 1]) t.deepEqual(budgetedEvents(world, budget, crashesUsed), enabledEvents(world, budgetPolicy(budget, crashesUsed, 3)));
});

test("the arbitraries' policy: restarts always, crashes within the budget, one node cut off from the rest", (t) => {
  const policy = (budget: Partial<FaultBudget>, crashesUsed = 0) =>
    budgetPolicy({ crashesMax: 0, partitions: false, drops: false, duplicates: false, ...budget }, crashesUsed, 3);
  t.true(policy({}).restarts);
  t.false(policy({}).heal);
  t.true(policy({ crashesMax: 2 }, 1).crashes);
  t.false(policy({ crashesMax: 2 }, 2).crashes);
  t.deepEqual(
    policy({ partitions: true }).partitions.map((e) => e.groups),
    [
      [[1], [2, 3]],
      [[2], [1, 3]],
      [[3], [1, 2]],
    ],
  );
  t.deepEqual(budgetPolicy({ crashesMax: 0, partitions: true, drops: false, duplicates: false }, 0, 1).partitions, []);
});

test("explore's choices spend the budget of their own fault kind", (t) => {
  const bounds: ExploreBounds = { maxTerm: 2, maxMessages: 6, maxCrashes: 1, maxPartitions: 1, maxDrops: 1, maxDups: 1, maxDepth: Infinity };
  const spends = Object.fromEntries(enabledChoices(world, 0, bounds, twoWaySplits(3)).map((c) => [c.events[0].kind, c.spends]));
  t.deepEqual(spends, { deliver: 0, timer: 0, drop: 1 << 8, duplicate: 1 << 16, crash: 1, restart: 0, partition: 1 << 24 });
});
