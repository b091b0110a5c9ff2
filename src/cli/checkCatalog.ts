import { catalog as builtinCatalog, type Catalog } from '../../properties/expectations.js';
import { DEFAULT_CATALOG_BUDGET, runCatalog, type CellResult } from '../check/catalogRun.js';
import { builtinModel } from '../check/models.js';
import { InputError } from '../errors.js';
import { writeCatalogReports } from '../report/summary.js';
import { printedOptions, profileNamed, profiles, type ProfileSpec } from '../schedule/profiles.js';
import { intOption } from './args.js';

interface CatalogValues {
  profile?: string;
  runs?: string;
  budget?: string;
  seed?: string;
  out?: string;
  nodes?: string;
  run?: string;
  property?: string[];
  'model-file'?: string;
}

/**
 * `check --all`: the whole catalog (or its columns for --profile), reports in --out, exit 0 iff
 * every observed verdict equals the expected one. `--runs` and `--budget` (events) cap each cell.
 */
export async function checkCatalog(values: CatalogValues, positionals: string[], table: Catalog = builtinCatalog): Promise<number> {
  if (positionals.length > 0) throw new InputError('check --all runs every catalog model; give no model names');
  for (const flag of ['nodes', 'run', 'property', 'model-file'] as const) {
    if (values[flag] !== undefined) throw new InputError(`check --all: --${flag} does not apply; the catalog fixes it per cell`);
  }
  const specs: readonly ProfileSpec[] = values.profile === undefined ? profiles : [profileNamed(values.profile)];
  const budget = {
    runsPerCell: intOption('runs', values.runs, DEFAULT_CATALOG_BUDGET.runsPerCell, 1, 100_000_000),
    eventsPerCell: intOption('budget', values.budget, DEFAULT_CATALOG_BUDGET.eventsPerCell, 1, Number.MAX_SAFE_INTEGER),
  };
  const seed = values.seed ?? '1';
  const out = values.out ?? 'reports';
  const result = runCatalog({
    catalog: table,
    model: builtinModel,
    profiles: specs,
    seed,
    budget,
    out,
    onCellStart: ({ model, profile, nodes }) => {
      process.stdout.write(
        `check ${model} / ${profile.name}: ${nodes} nodes, seed ${seed}, up to ${budget.runsPerCell} runs or ${budget.eventsPerCell} events\n` +
          `  profile ${profile.name} ${JSON.stringify(printedOptions(profile, builtinModel(model)))}\n`,
      );
    },
    onCellDone: (cell) => process.stdout.write(cellLines(cell)),
  });
  const files = writeCatalogReports(out, result);
  process.stdout.write(
    `${result.mismatches.length === 0 ? 'PASS: every observed verdict is the expected one' : `FAIL: ${result.mismatches.length} cells differ from the catalog`}\n` +
      result.mismatches.map((m) => `  MISMATCH ${m}\n`).join('') +
      `reports: ${files.join(', ')}\n`,
  );
  return result.mismatches.length === 0 ? 0 : 1;
}

function cellLines(cell: CellResult): string {
  const lines = [`  ${cell.runs} runs, ${cell.events} events`];
  for (const run of cell.cutOffRuns) lines.push(`  warning: run ${run} hit the event budget without ending (does the model loop?)`);
  for (const p of cell.properties) {
    const seen = p.violation === null ? p.observed : `${p.observed} in run ${p.violation.run} at step ${p.violation.step}: ${p.violation.detail}`;
    lines.push(`  ${p.mismatch === null ? 'ok      ' : 'MISMATCH'} ${p.property}: expected ${p.expected}, observed ${seen}`);
  }
  return `${lines.join('\n')}\n`;
}

