import { performance } from 'node:perf_hooks';
import { catalog, expectedCells } from '../properties/expectations.js';
import { builtinModel } from '../src/model/load.js';
import { checkModel } from '../src/run/check.js';
import type { PropertyName } from '../src/shared/protocol.js';
import { findProfile, type ProfileName } from '../src/schedule/profiles.js';
import type { StrategySpec } from '../src/schedule/strategy.js';
import type { Figure } from './bench.js';

/** Cluster sizes the seed challenge asks about. */
const SIZES = [3, 5, 7, 10] as const;
/** Each search is capped; "not found in CAP" is printed as it is. */
const CAP = 100;
const SEEDS = ['1', '2', '3'] as const;

/** A way of generating runs: a strategy under the mutant's own profile, or swarm's profile drawn per run. */
interface Contender {
  name: string;
  strategy?: StrategySpec;
  swarm?: boolean;
  /** Aims crashes only: under a profile that crashes nothing its runs are random's, event for event (test/buggify.test.ts). */
  crashesOnly?: boolean;
}
const CONTENDERS: readonly Contender[] = [
  { name: 'random' },
  { name: 'swarm', swarm: true },
  { name: 'pct d=3', strategy: { name: 'pct', depth: 3 } },
  { name: 'buggify', strategy: { name: 'buggify' }, crashesOnly: true },
  { name: 'random+buggify (default)', strategy: { name: 'random+buggify' }, crashesOnly: true },
];

/** A mutant's bug: the first cell (profile order, then property) it violates and its base model keeps. */
export interface MutantBug {
  model: string;
  profile: ProfileName;
  property: PropertyName;
}

/** Every catalog row with a `/` whose base row keeps something it breaks (raft/prevote breaks nothing raft keeps). */
export function mutantBugs(): MutantBug[] {
  const cells = expectedCells(catalog);
  const bugs: MutantBug[] = [];
  for (const row of catalog.filter((r) => r.model.includes('/'))) {
    const base = row.model.split('/')[0];
    const bug = cells.find(
      (c) => c.model === row.model && c.expected === 'violated' && cells.some((b) => b.model === base && b.profile === c.profile && b.property === c.property && b.expected === 'holds'),
    );
    if (bug !== undefined) bugs.push({ model: row.model, profile: bug.profile, property: bug.property });
  }
  return bugs;
}

export interface StrategyCell {
  bug: MutantBug;
  nodes: number;
  contender: string;
  /** Runs to the first violation for each seed (run index + 1), null where the cap was reached. */
  runs: (number | null)[];
  seconds: number[];
}

/** Median of the seeds' runs (a search that ran out counts as the largest, and a seed skipped once most ran out as one that did); null when that median ran out. */
export function medianRuns(runs: readonly (number | null)[]): number | null {
  const all = [...runs, ...Array<null>(Math.max(SEEDS.length - runs.length, 0)).fill(null)];
  const sorted = all.sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** A fixed profile without a crash clock (swarm draws one per run, so it may crash). */
function crashesNothing(name: ProfileName): boolean {
  const spec = findProfile(name)!;
  return spec.kind === 'fixed' && spec.crashEveryTicks === null;
}

export function strategyTable(progress: (line: string) => void = () => {}): StrategyCell[] {
  const cells: StrategyCell[] = [];
  for (const bug of mutantBugs()) {
    const protocol = builtinModel(bug.model);
    for (const nodes of SIZES) {
      for (const contender of CONTENDERS) {
        // Runs that are random's event for event: random's figures, measured once.
        if (contender.crashesOnly === true && crashesNothing(bug.profile)) {
          const same = cells.find((c) => c.bug === bug && c.nodes === nodes && c.contender === 'random')!;
          cells.push({ ...same, contender: contender.name });
          continue;
        }
        const runs: (number | null)[] = [];
        const seconds: number[] = [];
        for (const seed of SEEDS) {
          // Once most seeds ran out the median has: the rest would only spend the cap again.
          if (runs.filter((r) => r === null).length * 2 > SEEDS.length) break;
          const started = performance.now();
          const profile = findProfile(contender.swarm === true ? 'swarm' : bug.profile)!;
          const result = checkModel({ protocol, nodes, profile, properties: [bug.property], seed, runs: CAP, ...(contender.strategy === undefined ? {} : { strategy: contender.strategy }) });
          seconds.push((performance.now() - started) / 1000);
          runs.push(result.found === null ? null : result.found.run + 1);
        }
        cells.push({ bug, nodes, contender: contender.name, runs, seconds });
        // One line a cell as it goes, so a long run shows where it is (and a cut one what it had).
        progress(`${bug.model} n=${nodes} ${contender.name}: runs ${runs.map((r) => r ?? `>${CAP}`).join(', ')}; s ${seconds.map((x) => x.toFixed(1)).join(', ')}`);
      }
    }
  }
  return cells;
}

/** The README's table: one row per mutant and size, runs (median of the seeds) and seconds per contender. */
export function strategyMarkdown(cells: readonly StrategyCell[]): string {
  const head = `| mutant (profile, property) | nodes | ${CONTENDERS.map((c) => `${c.name}: runs, s`).join(' | ')} |`;
  const lines = [head, `|---|---|${CONTENDERS.map(() => '---|').join('')}`];
  for (let i = 0; i < cells.length; i += CONTENDERS.length) {
    const row = cells.slice(i, i + CONTENDERS.length);
    const { bug, nodes } = row[0];
    const entries = row.map((c) => {
      const runs = medianRuns(c.runs);
      return `${runs === null ? `not found in ${CAP}` : runs}, ${median(c.seconds).toFixed(1)}`;
    });
    lines.push(`| ${bug.model} (${bug.profile}, ${bug.property}) | ${nodes} | ${entries.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** `npm run bench -- --only strategy`: the table on stderr (stdout stays figures), a figure per cell. */
export function strategyBench(): Figure[] {
  const cells = strategyTable((line) => process.stderr.write(`strategy: ${line}\n`));
  process.stderr.write(strategyMarkdown(cells));
  return cells.map((c) => ({
    name: `strategy ${c.bug.model} n=${c.nodes} ${c.contender}: runs to first violation (median of ${SEEDS.length} seeds, ${CAP} = not found)`,
    unit: 'runs',
    value: medianRuns(c.runs) ?? CAP,
  }));
}
