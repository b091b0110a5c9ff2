import { bully } from '../models/bully/index.js';
import { findBuiltinModel } from '../models/index.js';
import { raft } from '../models/raft/index.js';
import { ring } from '../models/ring/index.js';
import type { ExploreBounds } from '../src/explore/bounds.js';
import { explore, type ExploreOptions } from '../src/explore/explore.js';
import type { AnyProtocol, PropertyName } from '../src/shared/protocol.js';
import type { BenchFigure } from './exploreBench.js';
import spinRaft from './spin/raftElection.js';
import { spinBounds } from './spinBench.js';

const COORD: PropertyName[] = ['election-safety', 'term-monotonic', 'fenced-writes', 'no-double-charge'];

function bounds(overrides: Partial<ExploreBounds>): ExploreBounds {
  return { maxTerm: 1, maxMessages: 6, maxCrashes: 0, maxPartitions: 0, maxDrops: 0, maxDups: 0, maxDepth: Infinity, ...overrides };
}

/** One complete search per model (the configurations test/explorePor.test.ts pins). */
const CASES: { name: string; protocol: AnyProtocol; bounds: ExploreBounds; properties?: PropertyName[]; symmetry?: boolean }[] = [
  { name: 'raft n3 term2 msgs3 crash1', protocol: raft, bounds: bounds({ maxTerm: 2, maxMessages: 3, maxCrashes: 1 }) },
  { name: 'raft n3 term1 crash1', protocol: raft, bounds: bounds({ maxCrashes: 1 }) },
  { name: 'raft n3 term1 drop1 dup1', protocol: raft, bounds: bounds({ maxDrops: 1, maxDups: 1 }) },
  { name: 'bully n3 term4 msgs5 crash1', protocol: bully, bounds: bounds({ maxTerm: 4, maxMessages: 5, maxCrashes: 1 }), properties: ['term-monotonic'] },
  { name: 'ring n3 term1 msgs3', protocol: ring, bounds: bounds({ maxMessages: 3 }), properties: ['term-monotonic'] },
  { name: 'lease n3 term1 msgs3 depth14 crash1', protocol: findBuiltinModel('lease')!, bounds: bounds({ maxMessages: 3, maxDepth: 14, maxCrashes: 1 }), properties: COORD },
  { name: 'zookeeper n3 term1 msgs3 depth14 crash1', protocol: findBuiltinModel('zookeeper')!, bounds: bounds({ maxMessages: 3, maxDepth: 14, maxCrashes: 1 }), properties: COORD },
  { name: 'spin-raft n3 T1 bag4', protocol: spinRaft, bounds: spinBounds(1, 4), symmetry: false },
];

/**
 * Partial-order reduction (issue 14 item 3): per model, states and transitions without and with
 * sleep sets, their ratios, and the CPU time of each (the median of three, warmed up; CPU time,
 * GC threads included, since wall time on a shared machine measures the neighbours).
 */
export function porBench(): BenchFigure[] {
  const figures: BenchFigure[] = [];
  for (const c of CASES) {
    const options: ExploreOptions = { protocol: c.protocol, nodes: 3, properties: c.properties ?? ['election-safety', 'term-monotonic'], bounds: c.bounds, symmetry: c.symmetry ?? true };
    const timed = (por: boolean) => {
      const before = process.cpuUsage();
      const result = explore({ ...options, por });
      const cpu = process.cpuUsage(before);
      return { result, cpu: (cpu.user + cpu.system) / 1e6 };
    };
    timed(false);
    timed(true);
    const runs = [timed(false), timed(true), timed(false), timed(true), timed(false), timed(true)];
    const without = runs.filter((_, i) => i % 2 === 0);
    const withPor = runs.filter((_, i) => i % 2 === 1);
    const median = (runs: { cpu: number }[]) => runs.map((r) => r.cpu).sort((a, b) => a - b)[1];
    const a = without[0].result;
    const b = withPor[0].result;
    const name = `por ${c.name}`;
    figures.push(
      { name: `${name}: states without`, unit: 'states', value: a.states },
      { name: `${name}: states with`, unit: 'states', value: b.states },
      { name: `${name}: transitions without`, unit: 'transitions', value: a.transitions },
      { name: `${name}: transitions with`, unit: 'transitions', value: b.transitions },
      { name: `${name}: state reduction factor`, unit: 'x', value: round(a.states / b.states) },
      { name: `${name}: transition reduction factor`, unit: 'x', value: round(a.transitions / b.transitions) },
      { name: `${name}: CPU without (median of 3)`, unit: 's', value: round(median(without)) },
      { name: `${name}: CPU with (median of 3)`, unit: 's', value: round(median(withPor)) },
    );
  }
  return figures;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
