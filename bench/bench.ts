import { performance } from 'node:perf_hooks';
import { raft } from '../models/raft/index.js';
import { checkModel } from '../src/run/check.js';
import { findProfile } from '../src/schedule/profiles.js';
import { bridgeBench } from './bridgeBench.js';
import { etcdFigures } from './etcdBench.js';
import { exploreBench } from './exploreBench.js';
import { parallelBench } from './parallelBench.js';
import { spinBench } from './spinBench.js';
import { livenessShrinkBench, shrinkBench } from './shrinkBench.js';
import { shrinkTableBench } from './shrinkTable.js';
import { strategyBench } from './strategyBench.js';
import { viewerBench } from './viewerBench.js';

/** One figure, in the shape benchmark-tracking CI actions read. */
export interface Figure {
  name: string;
  unit: string;
  value: number;
}

/** Simulated events per second, every property checked after every event. */
function simulationFigures(): Figure[] {
  const figures: Figure[] = [];
  for (const nodes of [3, 5, 7]) {
    const options = {
      protocol: raft,
      nodes,
      profile: findProfile('chaos')!,
      properties: raft.promises, // all it promises, so no run stops early on an expected violation
      seed: 'bench',
    };
    checkModel({ ...options, runs: 50 }); // warm up the JIT
    const started = performance.now();
    let events = 0;
    let runs = 0;
    while (performance.now() - started < 2000) {
      events += checkModel({ ...options, runs: 50, firstRun: runs }).events;
      runs += 50;
    }
    const seconds = (performance.now() - started) / 1000;
    figures.push({ name: `raft n=${nodes} chaos`, unit: 'events/s', value: Math.round(events / seconds) });
  }
  return figures;
}

/**
 * The benchmark's parts, by name, in the order a full run prints them. `--only NAME[,NAME]` runs
 * just those (a part's name is the prefix of its figures' names, so a reader can find it again).
 */
const PARTS: Record<string, () => Figure[] | Promise<Figure[]>> = {
  simulation: simulationFigures,
  shrink: shrinkBench,
  'liveness-shrink': livenessShrinkBench,
  'shrink-table': shrinkTableBench,
  explore: exploreBench,
  spin: () => spinBench(),
  parallel: parallelBench,
  viewer: viewerBench,
  bridge: bridgeBench,
  etcd: etcdFigures,
  strategy: strategyBench,
};

function selectedParts(argv: readonly string[]): string[] {
  const at = argv.indexOf('--only');
  // `--etcd` was the first selector; it stays a name for `--only etcd`.
  if (at < 0) return argv.includes('--etcd') ? ['etcd'] : Object.keys(PARTS);
  const names = (argv[at + 1] ?? '').split(',').filter((n) => n !== '');
  const unknown = names.filter((n) => !(n in PARTS));
  if (names.length === 0 || unknown.length > 0) {
    process.stderr.write(`bench: --only takes part names from: ${Object.keys(PARTS).join(', ')}\n`);
    process.exit(2);
  }
  return names;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const figures: Figure[] = [];
  for (const name of selectedParts(process.argv)) figures.push(...(await PARTS[name]()));
  if (json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  const width = Math.max(...figures.map((f) => f.name.length));
  process.stdout.write(`${'benchmark'.padEnd(width)}  ${'value'.padStart(12)}  unit\n`);
  for (const f of figures) process.stdout.write(`${f.name.padEnd(width)}  ${String(f.value).padStart(12)}  ${f.unit}\n`);
}

await main();
