import test from 'ava';
import { bridgedBuiltins } from '../models/bridged/index.js';
import { catalog } from '../properties/expectations.js';
import { builtinModel } from '../src/model/load.js';
import { runCatalog } from '../src/run/catalog.js';
import type { TraceFile } from '../src/run/results.js';
import { profiles } from '../src/schedule/profiles.js';
import { replay } from '../src/trace/replay.js';

// A counterexample that does not replay is this tool's worst bug (README, "Determinism"); the
// shrinker made one once (ring/chaos/no-disruption, test/shrinkPhase.test.ts), on a row and
// profile no test then ran. So every in-process row of the catalog, under every profile, on a
// small budget: each counterexample it writes, shrunk as check --all shrinks it, replays to the
// violation it records, at its step (the bridged rows have test/etcdRaft.test.ts and bridge.test.ts).
const bridged = new Set(bridgedBuiltins.map((m) => m.name));
const rows = catalog.filter((row) => !bridged.has(row.model));

for (const row of rows) {
  test(`${row.model}: every counterexample the catalog writes under every profile replays its violation at its step`, (t) => {
    const files: TraceFile[] = [];
    runCatalog({ catalog: [row], model: builtinModel, profiles, seed: '1', budget: { runsPerCell: 16, eventsPerCell: 40_000 }, onCellDone: (_cell, traces) => files.push(...traces) });
    const counterexamples = files.filter((f) => f.kind === 'counterexample');
    t.true(counterexamples.length > 0);
    for (const { path, trace, protocol } of counterexamples) {
      const again = replay(trace, protocol).violation;
      t.deepEqual(again && { property: again.property, step: again.step }, { property: trace.violation!.property, step: trace.violation!.step }, path);
    }
  });
}
