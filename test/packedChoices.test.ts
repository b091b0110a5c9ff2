import test from 'ava';
import spinRaft from '../bench/spin/raftElection.js';
import { raft } from '../models/raft/index.js';
import { bully } from '../models/bully/index.js';
import { propertiesNamed } from '../properties/index.js';
import type { SafetyProperty } from '../properties/types.js';
import { Monitor } from '../src/judge/monitor.js';
import { Execution } from '../src/kernel/execution.js';
import { type ExploreBounds, counters } from '../src/explore/bounds.js';
import { enabledChoices, twoWaySplits } from '../src/explore/enabledEvents.js';
import { PackedChoices } from '../src/explore/packedChoices.js';
import { StateEncoder } from '../src/explore/StateEncoder.js';
import { StepCache } from '../src/explore/StepCache.js';
import { worldOfCodes } from '../src/explore/worldOfCodes.js';
import { createRng } from '../src/schedule/rng.js';
import type { AnyProtocol } from '../src/shared/protocol.js';
import type { World } from '../src/shared/world.js';
import { createSystem } from '../src/world/world.js';
import { spinBounds } from './helpers/spinBounds.js';

const plain = (b: Partial<ExploreBounds>): ExploreBounds => ({ maxTerm: 2, maxMessages: 4, maxCrashes: 0, maxPartitions: 0, maxDrops: 0, maxDups: 0, maxDepth: Infinity, ...b });

// The packed enumeration lists a state's choices from its codes alone; the search's paths and its
// step cache keys depend on it listing exactly what enabledChoices lists on the rebuilt world, in
// the same order, with the same spends. Random walks meet crashed nodes, partitions, duplicates and
// spent budgets.
const cases: { protocol: AnyProtocol; nodes: number; bounds: ExploreBounds }[] = [
  { protocol: spinRaft, nodes: 3, bounds: spinBounds(2, 3) },
  { protocol: raft, nodes: 3, bounds: plain({ maxCrashes: 2, maxDrops: 2, maxDups: 1, maxPartitions: 1 }) },
  { protocol: raft, nodes: 4, bounds: plain({ maxCrashes: 1, maxDrops: Infinity, maxPartitions: 2, atomicRestart: true, deliverKeep: true }) },
  { protocol: bully, nodes: 3, bounds: plain({ maxCrashes: 1, maxDrops: 1 }) },
];

for (const { protocol, nodes, bounds } of cases) {
  test(`packed choices equal enabledChoices on the rebuilt world: ${protocol.name} n=${nodes}`, (t) => {
    const system = createSystem(protocol, nodes, undefined);
    const safety = propertiesNamed(['term-monotonic']).filter((p): p is SafetyProperty => p.kind === 'safety');
    const encoder = new StateEncoder(nodes, safety.length, null);
    const cache = new StepCache(nodes + safety.length, encoder.hashes, bounds.bag);
    const partitions: NonNullable<World['partition']>[] = [];
    const splits = twoWaySplits(nodes);
    const packed = new PackedChoices(encoder, cache, nodes, bounds, splits, partitions);
    const rebuild = worldOfCodes(encoder, nodes, safety.length, partitions);
    const rng = createRng(`packed ${protocol.name} ${nodes}`);
    const fp = new Uint32Array(2);
    let compared = 0;
    for (let walk = 0; walk < 40; walk++) {
      const exec = Execution.boot(system, new Monitor(safety), null);
      let used = 0;
      for (let step = 0; step < 25; step++) {
        const world = exec.world;
        encoder.fingerprint(world, exec.state.memos, used, fp);
        const codes = encoder.lastPartCodes();
        let partition = -1;
        if (world.partition !== null) {
          partition = partitions.findIndex((p) => JSON.stringify(p) === JSON.stringify(world.partition));
          if (partition < 0) partition = partitions.push(world.partition) - 1;
        }
        const rebuilt = rebuild(partition, codes).world;
        const expected = enabledChoices(rebuilt, used, bounds, splits, codes, nodes + safety.length);
        packed.enumerate(cache.rows[cache.rowOf(codes)], codes, 0, codes.length, used, partition);
        const listed = Array.from({ length: packed.size }, (_, i) => packed.choice(i));
        t.deepEqual(listed, expected);
        compared++;
        if (expected.length === 0) break;
        const choice = expected[Math.floor(rng.next() * expected.length)];
        // Walk the real world: the rebuilt one numbers messages afresh, so map ids by position.
        for (const event of choice.events) {
          const mapped = 'id' in event ? { ...event, id: world.network[rebuilt.network.findIndex((m) => m.id === event.id)].id } : event;
          exec.apply(mapped);
        }
        used += choice.spends;
        if (counters.crashes(used) > 200) break;
      }
    }
    t.true(compared > 100);
  });
}
