import { raft } from '../models/raft/index.js';
import { explore } from '../src/explore/explore.js';

export interface BenchFigure {
  name: string;
  unit: string;
  value: number;
}

/**
 * Exhaustive figures for `npm run bench` (issue 5): Raft with 3 nodes, 1 crash, at most 3
 * messages in flight, max term 2 and 3, with and without symmetry reduction.
 */
export async function exploreBench(): Promise<BenchFigure[]> {
  const search = (maxTerm: number, symmetry: boolean) =>
    explore({
      protocol: raft,
      nodes: 3,
      properties: ['election-safety', 'term-monotonic'],
      bounds: { maxTerm, maxMessages: 3, maxCrashes: 1, maxPartitions: 0, maxDrops: 0, maxDups: 0, maxDepth: Infinity },
      symmetry,
    });
  // Warm up the JIT and the young generation first, as the simulation figures do: a search of a
  // few thousand states otherwise measures V8 starting up more than the search.
  search(2, true);
  search(2, false);
  const figures: BenchFigure[] = [];
  for (const maxTerm of [2, 3]) {
    for (const symmetry of [true, false]) {
      // The median of three: a search of a tenth of a second is at the mercy of one GC pause or
      // of another process taking the core.
      const trials = [0, 1, 2].map(() => {
        const cpuBefore = process.cpuUsage();
        const result = search(maxTerm, symmetry);
        const cpu = process.cpuUsage(cpuBefore);
        // All of the process's CPU time, GC threads included: states per second of one core.
        return { result, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
      });
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[1];
      const { result } = trials[0];
      const name = `explore raft n3 term${maxTerm} msgs3 crash1 ${symmetry ? 'symmetry' : 'no-symmetry'}`;
      figures.push(
        { name: `${name}: distinct states`, unit: 'states', value: result.states },
        { name: `${name}: time (median of 3)`, unit: 's', value: round(median(trials.map((t) => t.result.seconds))) },
        { name: `${name}: throughput (median of 3)`, unit: 'states/s', value: Math.round(median(trials.map((t) => t.result.statesPerSecond))) },
        {
          name: `${name}: throughput per CPU-second (median of 3)`,
          unit: 'states/CPU-s',
          value: Math.round(median(trials.map((t) => t.result.states / t.cpuSeconds))),
        },
        { name: `${name}: memory`, unit: 'bytes/state', value: round(result.bytesPerState) },
      );
    }
  }
  return figures;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
