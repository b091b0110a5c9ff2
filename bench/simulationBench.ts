import { findBuiltinModel } from '../models/index.js';
import { catalog } from '../properties/expectations.js';
import { runChunk } from '../src/run/chunkTask.js';
import { PROPERTY_NAMES } from '../src/shared/protocol.js';
import type { Figure } from './bench.js';
import { naiveRaftRun } from './naiveRaft.js';

/**
 * Simulated events per second, every property checked after every event. Measured in CPU time of
 * this process (user + system), not wall time: the machine is shared, and a figure per second of
 * CPU is the rate on one core whatever else runs beside it. Each figure runs chunks of 50 seeded
 * runs for about `SECONDS` of CPU after a warm-up, as `check` runs them.
 */
const SECONDS = 1.5;

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Events per CPU second of `chunk(firstRun)`, which returns the events it ran. */
function rate(chunk: (firstRun: number) => number): number {
  // Warm up the JIT for a fifth of the measurement, so the first figure is not the one that tiers up.
  const warm = cpuSeconds();
  for (let first = 0; cpuSeconds() - warm < SECONDS / 5; first += 50) chunk(first);
  const started = cpuSeconds();
  let events = 0;
  let runs = 0;
  while (cpuSeconds() - started < SECONDS) {
    events += chunk(runs);
    runs += 50;
  }
  return Math.round(events / (cpuSeconds() - started));
}

/** The events of runs firstRun.. of a chunk of `model` under `profile` (`first`: stop at a violation, as plain `check`). */
function chunkEvents(model: string, nodes: number, mode: 'first' | 'each', firstRun: number): number {
  const protocol = findBuiltinModel(model)!;
  // `first` checks what the model promises (so no run stops early on an expected violation) and
  // collects no coverage, as plain check; `each` judges every property with coverage, as a catalog cell.
  const properties = mode === 'first' ? [...protocol.promises] : [...PROPERTY_NAMES];
  const task = { kind: 'chunk' as const, mode, model, nodes, profile: 'chaos', properties, seed: 'bench', firstRun, runs: 50 };
  const result = runChunk(task, protocol, { coverage: mode === 'each' });
  return result.runs.reduce((sum, run) => sum + run.events, 0);
}

function naiveEvents(nodes: number, firstRun: number): number {
  let events = 0;
  for (let run = firstRun; run < firstRun + 50; run++) events += naiveRaftRun(nodes, `bench/${run}`).events;
  return events;
}

/** Raft at 3, 5 and 7 nodes beside the naive mutable prototype (naiveRaft.ts) of the same rules. */
export function simulationFigures(): Figure[] {
  const figures: Figure[] = [];
  for (const nodes of [3, 5, 7]) {
    const real = rate((first) => chunkEvents('raft', nodes, 'first', first));
    const naive = rate((first) => naiveEvents(nodes, first));
    figures.push({ name: `raft n=${nodes} chaos`, unit: 'events/s', value: real });
    figures.push({ name: `raft n=${nodes} chaos, naive mutable prototype`, unit: 'events/s', value: naive });
    figures.push({ name: `raft n=${nodes} chaos, real/prototype ratio`, unit: 'x', value: Math.round((100 * real) / naive) / 100 });
  }
  return figures;
}

/**
 * Each model family of the catalog under chaos, judged as a catalog cell judges it (every
 * property, one verdict each, coverage on) at the catalog's node count: what `npm run check` pays.
 */
export function catalogCellFigures(): Figure[] {
  return ['raft', 'bully', 'ring', 'lease', 'zookeeper'].map((model) => {
    const nodes = catalog.find((row) => row.model === model)!.nodes;
    return { name: `catalog cell ${model} n=${nodes} chaos`, unit: 'events/s', value: rate((first) => chunkEvents(model, nodes, 'each', first)) };
  });
}
