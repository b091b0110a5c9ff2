import { join } from 'node:path';
import { findProperty } from '../../../properties/index.js';
import { parseConfigOption } from '../../model/config.js';
import { resolveModel } from '../../model/load.js';
import { MODEL_ERROR } from '../../run/chunkTask.js';
import { chunkRunner } from '../../run/pool.js';
import { type PlainCheckOutcome, type PlainCheckPair, runPlainCheck, runSliceOf } from '../../run/plainCheck.js';
import type { PlainCheckSummary } from '../../run/results.js';
import { counted } from '../../shared/counted.js';
import { InputError } from '../../shared/errors.js';
import { refuseTooFewNodes } from '../../world/world.js';
import { refuseUnbootableConfig } from '../bootCheck.js';
import type { AnyProtocol, ModelConfig, PropertyName } from '../../shared/protocol.js';
import { prepareOutDir } from '../../report/outDir.js';
import { clearPreviousRun } from '../../report/previousRun.js';
import { writeCatalogReports } from '../../report/summary.js';
import { terminalLines, terminalText } from '../../report/escape.js';
import { writeTraceFiles } from '../../report/writeTraceFiles.js';
import { modelErrorLine, reproduceLine, shrunkLine, violationFoundLine } from '../../report/violationLines.js';
import { printedOptions, profileNamed, profiles } from '../../schedule/profiles.js';
import { DEFAULT_CHECK_STRATEGY, type StrategySpec, strategyLabel, strategyNamed } from '../../schedule/strategy.js';
import { intOption, parse } from '../args.js';
import { checkCatalog } from '../checkCatalog.js';
import { checkSpec } from '../checkSpec.js';
import { RunProgress } from '../progress.js';
import { shortenCounterexamples } from '../shortestLines.js';
import { INTERRUPTED_EXIT, interruptOnSigint, shardOption, stepTimeoutOption, workersOption } from '../runControl.js';

/** check's option table, shared with `check --all`; see checkSpec.ts. */
export { checkSpec } from '../checkSpec.js';

export async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(checkSpec, argv);
  if (values.all) return checkCatalog(values, positionals);
  if (values.budget !== undefined) throw new InputError('check: --budget is for the catalog; use it with --all');
  const modelFile = values['model-file'];
  // A model named twice is checked once: its cells would otherwise share a key in summaries and merges.
  const names = positionals.length > 0 ? [...new Set(positionals)] : modelFile !== undefined ? [undefined] : [];
  if (names.length === 0) throw new InputError('check: name a model (see `leadercheck list`) or give --model-file');
  const models: AnyProtocol[] = [];
  for (const name of names) models.push(await resolveModel(name, modelFile));
  const config = values.config === undefined ? undefined : parseConfigOption(values.config, models);
  const chosenProfiles = values.profile === undefined ? profiles : [profileNamed(values.profile)];
  const nodes = intOption('nodes', values.nodes, 3, 1, 64);
  for (const m of models) refuseTooFewNodes(m, nodes);
  refuseUnbootableConfig(models, nodes, config);
  const runOnly = values.run === undefined ? undefined : intOption('run', values.run, 0, 0, Number.MAX_SAFE_INTEGER);
  if (runOnly !== undefined && values.runs !== undefined) throw new InputError('check: --run reruns one run; --runs does not apply to it');
  const runs = runOnly === undefined ? intOption('runs', values.runs, 1000, 1, 100_000_000) : 1;
  const seed = values.seed ?? '1';
  const out = values.out ?? 'reports';
  // A property named twice is checked once, as a model named twice is.
  const explicit = values.property === undefined ? undefined : [...new Set(values.property.map(propertyNamed))];
  const shard = shardOption(values.shard);
  if (shard !== undefined && runOnly !== undefined) throw new InputError('check: --shard slices many runs; it does not apply to --run');
  const { strategy, strategyArg } = strategyOption(values.strategy, values.depth);
  const workers = workersOption(values.workers);
  const stepTimeoutMs = stepTimeoutOption(values['step-timeout']);
  // Every option is read before --out is touched: a run that refuses its options deletes nothing.
  prepareOutDir(out, 'check');
  clearPreviousRun(out);
  const verifyDeterminism = values['verify-determinism'] === true;
  const checkOptions = { models, modelFile, config, profiles: chosenProfiles, nodes, properties: explicit ?? null, seed, runs, run: runOnly, shard, verifyDeterminism, strategy };

  const runner = chunkRunner(workers, { stepTimeoutMs });
  const sigint = interruptOnSigint(() => runner.stop());
  const progress = new RunProgress('runs', models.length * chosenProfiles.length * runSliceOf(checkOptions).runs);
  const ctx = { nodes, seed, out, modelFile, config, runs, runOnly, strategyArg, shard };
  let summary: PlainCheckSummary;
  const outcomes: PlainCheckOutcome[] = [];
  try {
    summary = await runPlainCheck(checkOptions, runner, {
      stopped: () => sigint.interrupted,
      onProgress: (counts) => progress.update(counts.runs, counts),
      onPairStart: (pair) => process.stdout.write(pairHeader(pair, ctx)),
      onPairDone: (outcome) => {
        outcomes.push(outcome);
        writeTraceFiles(out, outcome.traces);
        process.stdout.write(pairLines(outcome, ctx));
      },
    });
  } finally {
    progress.stop();
    sigint.dispose();
    await runner.close();
  }
  const shortened = summary.interrupted || values.shortest !== true || (await shortenCounterexamples(outcomes, out, modelFile, stepTimeoutMs));
  const files = writeCatalogReports(out, summary);
  if (summary.interrupted || !shortened) {
    process.stdout.write(`INTERRUPTED: the reports cover the runs completed\nreports: ${files.join(', ')}\n`);
    return INTERRUPTED_EXIT;
  }
  process.stdout.write(`reports: ${files.join(', ')}\n`);
  return summary.mismatches.length > 0 ? 1 : 0;
}

interface ReportContext {
  nodes: number;
  seed: string;
  out: string;
  modelFile: string | undefined;
  config: ModelConfig | undefined;
  runs: number;
  runOnly: number | undefined;
  /** `--strategy ...` as a reproduce line repeats it; undefined for check's default. */
  strategyArg: string | undefined;
  shard: { index: number; count: number } | undefined;
}

/** This shard's slice of the runs, named as `--run I` names them. */
function shardRuns(ctx: ReportContext, firstRun: number): string {
  const { runs } = runSliceOf({ runs: ctx.runs, shard: ctx.shard });
  return runs === 0 ? 'no runs' : runs === 1 ? `run ${firstRun}` : `runs ${firstRun} to ${firstRun + runs - 1}`;
}

function pairHeader(pair: PlainCheckPair, ctx: ReportContext): string {
  const { protocol, profile, properties, firstRun } = pair;
  return terminalLines(
    `check ${terminalText(protocol.name)} / ${profile.name}: ${ctx.nodes} nodes, seed ${ctx.seed}, strategy ${ctx.strategyArg ?? strategyLabel(DEFAULT_CHECK_STRATEGY)}, ${ctx.runOnly === undefined ? counted(ctx.runs, 'run') : `run ${ctx.runOnly}`}` +
    `${ctx.shard !== undefined && ctx.runOnly === undefined ? ` (shard ${ctx.shard.index}/${ctx.shard.count}: ${shardRuns(ctx, firstRun)})` : ''}; properties ${properties.join(', ')}\n` +
    `  profile ${profile.name} ${JSON.stringify(printedOptions(profile, protocol))}\n`,
  );
}

/** A model x profile's verdict lines: its violation (how to reproduce and replay it), model error or ok. */
function pairLines(outcome: PlainCheckOutcome, ctx: ReportContext): string {
  const { cell, violation } = outcome;
  let text = '';
  if (cell.interrupted) text += cell.runs === 0 ? '  not started: interrupted before its first run\n' : `  interrupted after ${counted(cell.runs, 'run')}\n`;
  const modelError = cell.properties.find((p) => p.property === MODEL_ERROR)?.violation ?? null;
  if (violation !== null) text += violationLines(violation, outcome.pair, ctx);
  else if (modelError === null && !cell.interrupted) text += `  ok: ${counted(cell.runs, 'run')}, ${counted(cell.events, 'event')}, no violation\n`;
  if (modelError !== null) {
    text +=
      `  ${modelErrorLine(modelError.run, modelError.step, modelError.detail)}\n` +
      `  trace: ${join(ctx.out, modelError.trace!)} (replay it to follow the run to the error)\n`;
  }
  return terminalLines(text);
}

/** The lines of a violation, as found and as shrunk (not shrunk when the run was interrupted first: the user wants out). */
function violationLines(violation: NonNullable<PlainCheckOutcome['violation']>, pair: PlainCheckPair, ctx: ReportContext): string {
  const { found, shrunk, file } = violation;
  const { run } = found;
  const { trace } = file;
  const v = trace.violation!;
  const path = join(ctx.out, file.path);
  const modelArg = ctx.modelFile === undefined ? pair.protocol.name : `--model-file ${ctx.modelFile}`;
  const fileArg = ctx.modelFile === undefined ? '' : ` --model-file ${ctx.modelFile}`;
  return (
    `  ${violationFoundLine(run, found.violation)}\n` +
    `  ${shrunkLine(shrunk, found.trace.nodes)}\n` +
    `  trace: ${path} (${counted(trace.events.length, 'event')}; .txt, .md and .html beside it)\n` +
    `  ${reproduceLine({ modelArg, profile: pair.profile.name, nodes: ctx.nodes, seed: ctx.seed, run, property: v.property, config: ctx.config, ...(ctx.strategyArg === undefined ? {} : { strategy: ctx.strategyArg }) })}\n` +
    `  replay: npx leadercheck replay ${path}${fileArg}\n`
  );
}

/**
 * `--strategy` and `--depth`: the spec the runs use (check's default, random+buggify, when neither
 * is given) and the argument a reproduce line repeats (none for the default, so its lines stay short).
 */
function strategyOption(name: string | undefined, depth: string | undefined): { strategy: StrategySpec; strategyArg: string | undefined } {
  const d = depth === undefined ? undefined : intOption('depth', depth, 3, 1, 64);
  if (name === undefined && d === undefined) return { strategy: DEFAULT_CHECK_STRATEGY, strategyArg: undefined };
  const spec = strategyNamed(name ?? DEFAULT_CHECK_STRATEGY.name, d);
  return { strategy: spec, strategyArg: spec.name === DEFAULT_CHECK_STRATEGY.name ? undefined : strategyLabel(spec) };
}

function propertyNamed(name: string): PropertyName {
  const property = findProperty(name);
  if (property === undefined) throw new InputError(`unknown property "${name}"; see \`leadercheck list\``);
  return property.name;
}
