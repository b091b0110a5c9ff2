import { performance } from 'node:perf_hooks';
import { CheckJob } from '../src/run/checkJob.js';
import { drive } from '../src/run/drive.js';
import { chunkRunner } from '../src/run/pool.js';
import type { Figure } from './bench.js';

const RUNS = 20_000;

/** Wall time of `check raft --profile chaos --runs 20000` on 1 and 2 workers, and the speedup. */
export async function parallelBench(): Promise<Figure[]> {
  const seconds = async (workers: number): Promise<number> => {
    const job = new CheckJob({ model: 'raft', nodes: 3, profile: 'chaos', properties: ['election-safety', 'term-monotonic', 'liveness'], seed: 'bench' }, 0, RUNS);
    const runner = chunkRunner(workers);
    const started = performance.now();
    await drive([job], runner, { stopped: () => false });
    const elapsed = (performance.now() - started) / 1000;
    await runner.close();
    if (job.tally.runs !== RUNS) throw new Error(`bench: expected ${RUNS} runs without a violation, got ${job.tally.runs}`);
    return elapsed;
  };
  const one = await seconds(1);
  const two = await seconds(2);
  return [
    { name: `check raft chaos ${RUNS} runs workers=1`, unit: 'seconds', value: Number(one.toFixed(2)) },
    { name: `check raft chaos ${RUNS} runs workers=2`, unit: 'seconds', value: Number(two.toFixed(2)) },
    { name: 'check workers=2 speedup', unit: 'x', value: Number((one / two).toFixed(2)) },
  ];
}
