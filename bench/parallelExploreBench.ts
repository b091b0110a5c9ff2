import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import spinRaft from './spin/raftElection.js';
import { spinBounds } from './spinBench.js';
import { explore, type ExploreResult } from '../src/explore/explore.js';
import type { Figure } from './bench.js';

const MODEL_FILE = fileURLToPath(new URL('./spin/raftElection.js', import.meta.url));

/**
 * `explore --workers 2` against the one-thread search on the SPIN anchor's n=3, term 2, bag 3, in
 * one run: wall time and the speedup, and, as wall time means little on a loaded machine, the
 * process's CPU seconds per million states for each (two threads' CPU added up), the states
 * inserted into the shared fingerprint set (every state, once) with the parent keys lowered there,
 * and the states and record bytes sent between the workers to even out their levels. The load
 * average is printed beside them, at the start and at the end.
 */
export function parallelExploreBench(): Figure[] {
  const run = (workers: number | undefined) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result: ExploreResult = explore({
      protocol: spinRaft,
      modelFile: MODEL_FILE,
      nodes: 3,
      properties: ['election-safety', 'term-monotonic'],
      bounds: spinBounds(2, 3),
      symmetry: false,
      ...(workers === undefined ? {} : { workers }),
    });
    const used = process.cpuUsage(cpu);
    return { result, wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
  };
  const load = loadavg()[0];
  const one = run(undefined);
  const two = run(2);
  if (two.result.states !== one.result.states || two.result.transitions !== one.result.transitions || two.result.parallel?.workers !== 2) {
    throw new Error(`bench: explore --workers 2 differs from one thread (${two.result.states} vs ${one.result.states} states; ${two.result.workersNote ?? 'parallel'})`);
  }
  const perMillion = (r: { cpu: number; result: ExploreResult }) => Number(((r.cpu * 1e6) / r.result.states).toFixed(2));
  return [
    { name: 'explore parallel load average (1 min) at the start', unit: 'load', value: Number(load.toFixed(2)) },
    { name: 'explore parallel spin-raft n3 term2 bag3: one thread wall', unit: 's', value: Number(one.wall.toFixed(2)) },
    { name: 'explore parallel spin-raft n3 term2 bag3: 2 workers wall', unit: 's', value: Number(two.wall.toFixed(2)) },
    { name: 'explore parallel speedup (2 workers)', unit: 'x', value: Number((one.wall / two.wall).toFixed(2)) },
    { name: 'explore parallel CPU per million states: one thread', unit: 's', value: perMillion(one) },
    { name: 'explore parallel CPU per million states: 2 workers', unit: 's', value: perMillion(two) },
    { name: 'explore parallel states sent between 2 workers', unit: 'states', value: two.result.parallel!.sentStates },
    { name: 'explore parallel record bytes sent between 2 workers', unit: 'bytes', value: two.result.parallel!.sentBytes },
    { name: 'explore parallel states inserted into the shared set (2 workers)', unit: 'states', value: two.result.parallel!.sharedInserts },
    { name: 'explore parallel parent keys lowered in the shared set (2 workers)', unit: 'keys', value: two.result.parallel!.parentsLowered },
    { name: 'explore parallel shared table growths (2 workers)', unit: 'growths', value: two.result.parallel!.tableGrowths },
    { name: 'explore parallel bytes per state (shared table)', unit: 'B', value: Number(two.result.bytesPerState.toFixed(2)) },
    { name: 'explore parallel load average (1 min) at the end', unit: 'load', value: Number(loadavg()[0].toFixed(2)) },
  ];
}
