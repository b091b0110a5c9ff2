import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import spinRaft from './spin/raftElection.js';
import { explore } from '../src/explore/explore.js';
import type { ExploreBounds } from '../src/explore/bounds.js';
import type { BenchFigure } from './exploreBench.js';

/** The anchor's exact configurations (RESULTS.md): nodes / max term / bag. */
export const SPIN_CONFIGS = [
  { nodes: 3, maxTerm: 1, bag: 4 },
  { nodes: 3, maxTerm: 2, bag: 3 },
  { nodes: 4, maxTerm: 1, bag: 4 },
] as const;

/** The Promela model's semantics as explore bounds (bench/spin/raftElection.ts says which side does what). */
export function spinBounds(maxTerm: number, bag: number): ExploreBounds {
  return { maxTerm, maxMessages: bag, maxCrashes: Infinity, maxPartitions: 0, maxDrops: Infinity, maxDups: 0, maxDepth: Infinity, bag, deliverKeep: true, atomicRestart: true, pruneTerm: true };
}

const PROMELA = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'spin', 'promela');

interface PanRun {
  states: number;
  transitions: number;
  seconds: number;
  /** User + system CPU seconds (the shell's `times`): on a loaded machine, elapsed time says more about the load than about pan. */
  cpuSeconds: number;
}

/** SPIN's compiled checker as the anchor's run.sh builds it (spin -a, gcc -O2 -DSAFETY -DNOREDUCE, pan -m3000000 -w26). */
function runPan(nodes: number, maxTerm: number, bag: number): PanRun | string {
  const work = mkdtempSync(join(tmpdir(), 'spin-bench-'));
  try {
    for (const file of readdirSync(PROMELA)) copyFileSync(join(PROMELA, file), join(work, file));
    const step = (command: string, args: string[]) => spawnSync(command, args, { cwd: work, encoding: 'utf8', maxBuffer: 1 << 26 });
    const spin = step('spin', [`-DN=${nodes}`, `-DMAX_TERM=${maxTerm}`, `-DNET=${bag}`, '-a', 'raft_election.pml']);
    if (spin.error !== undefined || spin.status !== 0) return `spin is not installed or failed (${spin.error?.message ?? spin.stderr.trim()})`;
    const gcc = step('gcc', ['-O2', '-DSAFETY', '-DNOREDUCE', '-o', 'pan', 'pan.c']);
    if (gcc.status !== 0) return `gcc failed on pan.c (${gcc.error?.message ?? gcc.stderr.split('\n')[0]})`;
    const pan = step('sh', ['-c', './pan -m3000000 -w26; times']);
    const figure = (pattern: RegExp) => Number(pattern.exec(pan.stdout)?.[1]);
    const children = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(pan.stdout);
    const cpuSeconds = children === null ? NaN : 60 * Number(children[1]) + Number(children[2]) + 60 * Number(children[3]) + Number(children[4]);
    const run = { states: figure(/([\d.e+]+) states, stored/), transitions: figure(/([\d.e+]+) transitions \(= stored\+matched\)/), seconds: figure(/elapsed time ([\d.e+]+)/), cpuSeconds };
    return Number.isFinite(run.states) && Number.isFinite(run.seconds) ? run : `pan printed no counts: ${pan.stdout.slice(0, 200)}`;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * SPIN and explore on the same state space, in one run so both meet the same load: distinct
 * states (they must agree), seconds, states per second and the `explore/SPIN ratio` of states per
 * second. SPIN's rows are skipped, with a note on stderr, when spin or gcc is missing.
 */
export function spinBench(configs: readonly { nodes: number; maxTerm: number; bag: number }[] = SPIN_CONFIGS): BenchFigure[] {
  const figures: BenchFigure[] = [];
  for (const { nodes, maxTerm, bag } of configs) {
    const name = `spin-raft n${nodes} term${maxTerm} bag${bag}`;
    const pan = runPan(nodes, maxTerm, bag);
    const cpuBefore = process.cpuUsage();
    const result = explore({ protocol: spinRaft, nodes, properties: ['election-safety', 'term-monotonic'], bounds: spinBounds(maxTerm, bag), symmetry: false });
    const cpu = process.cpuUsage(cpuBefore);
    const exploreCpu = (cpu.user + cpu.system) / 1e6;
    figures.push(
      { name: `${name}: explore distinct states`, unit: 'states', value: result.states },
      { name: `${name}: explore time`, unit: 's', value: round(result.seconds) },
      { name: `${name}: explore CPU time`, unit: 's', value: round(exploreCpu) },
      { name: `${name}: explore throughput`, unit: 'states/s', value: Math.round(result.statesPerSecond) },
      { name: `${name}: explore memory`, unit: 'bytes/state', value: round(result.bytesPerState) },
    );
    if (nodes === 3 && maxTerm === 1) {
      // A/B in the same run: the plain loop (every step through the kernel) is the reference the packed one is tested equal to.
      const plain = explore({ protocol: spinRaft, nodes, properties: ['election-safety', 'term-monotonic'], bounds: spinBounds(maxTerm, bag), symmetry: false, stepCache: false });
      figures.push(
        { name: `${name}: explore plain loop (no step cache) throughput`, unit: 'states/s', value: Math.round(plain.statesPerSecond) },
        { name: `${name}: explore packed/plain speedup`, unit: 'x', value: round(result.statesPerSecond / plain.statesPerSecond) },
      );
    }
    if (typeof pan === 'string') {
      process.stderr.write(`bench: SPIN rows skipped for ${name}: ${pan}\n`);
      continue;
    }
    figures.push(
      { name: `${name}: SPIN distinct states`, unit: 'states', value: pan.states },
      { name: `${name}: SPIN time`, unit: 's', value: round(pan.seconds) },
      { name: `${name}: SPIN CPU time`, unit: 's', value: round(pan.cpuSeconds) },
      { name: `${name}: SPIN throughput`, unit: 'states/s', value: Math.round(pan.states / pan.seconds) },
      { name: `${name}: explore/SPIN ratio (states/s)`, unit: 'x', value: round(result.statesPerSecond / (pan.states / pan.seconds)) },
      // The same ratio by CPU seconds (explore's include V8's own threads: the collector, the compiler), which a loaded machine skews less than elapsed time.
      { name: `${name}: explore/SPIN ratio (states per CPU second)`, unit: 'x', value: round(pan.cpuSeconds / exploreCpu) },
    );
  }
  return figures;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
