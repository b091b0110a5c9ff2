import { installBridge } from '../src/bridge/install.js';
import { bridgeBench } from './bridgeBench.js';
import { etcdFigures } from './etcdBench.js';
import { exploreBench } from './exploreBench.js';
import { parallelBench } from './parallelBench.js';
import { parallelExploreBench } from './parallelExploreBench.js';
import { porBench } from './porBench.js';
import { catalogCellFigures, simulationFigures } from './simulationBench.js';
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

/**
 * The benchmark's parts, by name, in the order a full run prints them. `--only NAME[,NAME]` runs
 * just those (a part's name is the prefix of its figures' names, so a reader can find it again).
 */
const PARTS: Record<string, () => Figure[] | Promise<Figure[]>> = {
  simulation: simulationFigures,
  'catalog-cells': catalogCellFigures,
  shrink: shrinkBench,
  'liveness-shrink': livenessShrinkBench,
  'shrink-table': shrinkTableBench,
  explore: exploreBench,
  spin: () => spinBench(),
  por: porBench,
  parallel: parallelBench,
  'parallel-explore': parallelExploreBench,
  viewer: viewerBench,
  bridge: bridgeBench,
  etcd: etcdFigures,
  strategy: strategyBench,
};

const HELP = `npm run bench [-- --only PART[,PART]] [-- --json]
Prints throughput figures (name, value, unit), every part in turn. SPIN's rows are skipped, with a
note on stderr, when spin is not installed; the etcd, bridge and viewer parts need Go, Python and
chromium as the tests do.
  --only PART[,PART]  run just these parts: ${Object.keys(PARTS).join(', ')}
  --json              print only [{"name","unit","value"}] on stdout
`;

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
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  // The shrink table covers every catalog row, the bridged etcd rows too, as the CLI loads them.
  installBridge();
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
