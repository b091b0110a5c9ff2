import { counted } from '../shared/counted.js';
import { catalog as builtinCatalog, type Catalog } from '../../properties/expectations.js';
import { DEFAULT_CATALOG_BUDGET, runCatalogParallel } from '../run/catalog.js';
import type { CatalogCellResult, CatalogSummary, TraceFile } from '../run/results.js';
import { builtinModel } from '../model/load.js';
import { chunkRunner } from '../run/pool.js';
import { InputError } from '../shared/errors.js';
import { terminalLines } from '../report/escape.js';
import { prepareOutDir } from '../report/outDir.js';
import { clearPreviousRun } from '../report/previousRun.js';
import { writeCatalogReports } from '../report/summary.js';
import { writeTraceFiles } from '../report/writeTraceFiles.js';
import { shrunkSize } from '../report/violationLines.js';
import { printedOptions, profileNamed, profiles, type ProfileSpec } from '../schedule/profiles.js';
import { intOption } from './args.js';
// check --all reads check's own table: one declaration of the options for both modes.
import type { CheckValues as CatalogValues } from './checkSpec.js';
import { RunProgress } from './progress.js';
import { INTERRUPTED_EXIT, interruptOnSigint, shardOption, stepTimeoutOption, workersOption } from './runControl.js';

/**
 * `check --all`: the whole catalog (or its columns for --profile), reports in --out, exit 0 iff
 * every observed verdict equals the expected one. `--runs` and `--budget` (events) cap each cell.
 */
export async function checkCatalog(values: CatalogValues, positionals: string[], table: Catalog = builtinCatalog): Promise<number> {
  if (positionals.length > 0) throw new InputError('check --all runs every catalog model; give no model names');
  for (const flag of ['nodes', 'run', 'property', 'model-file', 'shortest', 'verify-determinism', 'config', 'strategy', 'depth'] as const) {
    if (values[flag] !== undefined) throw new InputError(`check --all: --${flag} does not apply; the catalog fixes it per cell`);
  }
  const specs: readonly ProfileSpec[] = values.profile === undefined ? profiles : [profileNamed(values.profile)];
  const budget = {
    runsPerCell: intOption('runs', values.runs, DEFAULT_CATALOG_BUDGET.runsPerCell, 1, 100_000_000),
    eventsPerCell: intOption('budget', values.budget, DEFAULT_CATALOG_BUDGET.eventsPerCell, 1, Number.MAX_SAFE_INTEGER),
  };
  const seed = values.seed ?? '1';
  const out = values.out ?? 'reports';
  const shard = shardOption(values.shard);
  const workers = workersOption(values.workers);
  const stepTimeoutMs = stepTimeoutOption(values['step-timeout']);
  // Every option is read before --out is touched: a run that refuses its options deletes nothing.
  prepareOutDir(out, 'check --all');
  clearPreviousRun(out);
  const runner = chunkRunner(workers, { stepTimeoutMs });
  const sigint = interruptOnSigint(() => runner.stop());
  const cellsTotal = Math.ceil((table.length * specs.length - (shard?.index ?? 1) + 1) / (shard?.count ?? 1));
  const progress = new RunProgress('cells', cellsTotal);
  let cellsDone = 0;
  let result: CatalogSummary;
  try {
    result = await runCatalogParallel({
      catalog: table,
      model: builtinModel,
      profiles: specs,
      seed,
      budget,
      shard,
      runner,
      stopped: () => sigint.interrupted,
      onProgress: (counts) => progress.update(cellsDone, counts),
      onCellStart: ({ model, profile, nodes, budget: share }) => {
        process.stdout.write(
          `check ${model} / ${profile.name}: ${nodes} nodes, seed ${seed}, up to ${share.runsPerCell} runs or ${share.eventsPerCell} events\n` +
            `  profile ${profile.name} ${JSON.stringify(printedOptions(profile, builtinModel(model)))}\n`,
        );
      },
      onCellDone: (cell, traces) => {
        writeTraceFiles(out, traces);
        cellsDone++;
        process.stdout.write(cellLines(cell, traces));
      },
    });
  } finally {
    progress.stop();
    sigint.dispose();
    await runner.close();
  }
  const files = writeCatalogReports(out, result);
  const verdict = result.interrupted
    ? `INTERRUPTED: ${result.cells.length} cells started; the reports cover the runs completed`
    : result.mismatches.length === 0
      ? 'PASS: every observed verdict is the expected one'
      : `FAIL: ${result.mismatches.length} cells differ from the catalog`;
  process.stdout.write(`${verdict}\n${result.mismatches.map((m) => `  MISMATCH ${m}\n`).join('')}reports: ${files.join(', ')}\n`);
  if (result.interrupted) return INTERRUPTED_EXIT;
  return result.mismatches.length === 0 ? 0 : 1;
}

/** A cell's verdict lines; a violation says how much its counterexample shrank, as plain check does. */
function cellLines(cell: CatalogCellResult, traces: readonly TraceFile[]): string {
  const lines = [`  ${counted(cell.runs, 'run')}, ${counted(cell.events, 'event')}`];
  if (cell.interrupted) lines.push('  interrupted: the verdicts cover these runs only');
  for (const p of cell.properties) {
    if (p.expected === 'not checked') {
      lines.push(`  -        ${p.property}: not checked (${p.reason})`);
      continue;
    }
    const seen = p.violation === null ? p.observed : `${p.observed} in run ${p.violation.run} at step ${p.violation.step}: ${p.violation.detail}`;
    lines.push(`  ${p.mismatch === null ? 'ok      ' : 'MISMATCH'} ${p.property}: expected ${p.expected}, observed ${seen}`);
    const file = traces.find((t) => t.path === p.violation?.trace);
    if (file?.kind === 'counterexample' && file.shrunkFrom !== undefined) {
      lines.push(`           shrunk: ${shrunkSize(file.shrunkFrom, file.trace.events.length, cell.nodes, file.trace.nodes)}`);
    }
  }
  return `${terminalLines(lines.join('\n'))}\n`;
}

