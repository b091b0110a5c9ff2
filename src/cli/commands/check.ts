import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findProperty } from '../../../properties/index.js';
import { type CatalogResult, type CellResult, modelErrorVerdict, type PropertyVerdict } from '../../run/catalog.js';
import { resolveModel } from '../../model/load.js';
import { CheckJob } from '../../run/checkJob.js';
import { drive } from '../../run/drive.js';
import { chunkRunner } from '../../run/pool.js';
import { emptyCoverage } from '../../coverage/protocolCoverage.js';
import { EVENTS_MAX_PER_RUN, type FoundInChunk } from '../../run/chunkTask.js';
import { InputError } from '../../shared/errors.js';
import type { AnyProtocol, PropertyName } from '../../shared/protocol.js';
import { writeCatalogReports } from '../../report/summary.js';
import { writeCounterexample } from '../../report/writeCounterexample.js';
import { printedOptions, type ProfileName, type ProfileSpec, profileNamed, profiles } from '../../schedule/profiles.js';
import type { ShrinkResult } from '../../shrink/shrinkTrace.js';
import { intOption, parse } from '../args.js';
import { checkCatalog } from '../checkCatalog.js';
import { checkSpec } from '../checkSpec.js';
import { RunProgress } from '../progress.js';
import { INTERRUPTED_EXIT, interruptOnSigint, shardOption, workersOption } from '../runControl.js';

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
  const chosenProfiles = values.profile === undefined ? profiles : [profileNamed(values.profile)];
  const nodes = intOption('nodes', values.nodes, 3, 1, 64);
  const runOnly = values.run === undefined ? undefined : intOption('run', values.run, 0, 0, Number.MAX_SAFE_INTEGER);
  const runs = runOnly === undefined ? intOption('runs', values.runs, 1000, 1, 100_000_000) : 1;
  const seed = values.seed ?? '1';
  const out = values.out ?? 'reports';
  const explicit = values.property?.map(propertyNamed);
  const shard = shardOption(values.shard);
  if (shard !== undefined && runOnly !== undefined) throw new InputError('check: --shard slices many runs; it does not apply to --run');
  const workers = workersOption(values.workers);
  // The slice of runs this shard explores, the same for every model x profile.
  const first = runOnly ?? (shard === undefined ? 0 : Math.floor(((shard.index - 1) * runs) / shard.count));
  const sliceRuns = runOnly !== undefined ? 1 : shard === undefined ? runs : Math.floor((shard.index * runs) / shard.count) - first;

  const pairs = models.flatMap((protocol) =>
    chosenProfiles.map((profile) => {
      const properties = explicit ?? [...protocol.promises];
      const base = { model: protocol.name, modelFile, nodes, profile: profile.name, properties, seed };
      return { protocol, profile, properties, job: new CheckJob(base, first, sliceRuns), started: performance.now() };
    }),
  );
  const byName = new Map(models.map((m) => [m.name, m]));
  const runner = chunkRunner(workers, (task) => byName.get(task.model)!);
  const sigint = interruptOnSigint();
  const progress = new RunProgress('runs', pairs.length * sliceRuns);
  const cells: CellResult[] = [];
  let failed = false;
  let printed = 0;
  const ctx = { nodes, seed, out, modelFile, runs, runOnly };
  // Pairs run side by side but print in order: a pair's header once the one before it is reported.
  let headed = -1;
  const header = (i: number): void => {
    if (i < pairs.length && i > headed) process.stdout.write(pairHeader(pairs[i], ctx));
    headed = Math.max(headed, i);
  };
  const flush = (all: boolean): void => {
    for (; printed < pairs.length && (all || pairs[printed].job.done); printed++) {
      const pair = pairs[printed];
      header(printed);
      const cell = reportPair(pair, ctx);
      cells.push(cell);
      failed = cell.properties.some((p) => p.mismatch !== null) || failed;
      if (!all) header(printed + 1);
    }
  };
  header(0);
  const started = performance.now();
  let interrupted = false;
  try {
    interrupted = await drive(
      pairs.map((p) => p.job),
      runner,
      {
        stopped: () => sigint.interrupted,
        onResult: () => {
          const tallies = pairs.map((p) => p.job.tally);
          const counts = {
            runs: tallies.reduce((n, t) => n + t.runs, 0),
            events: tallies.reduce((n, t) => n + t.events, 0),
            violations: tallies.filter((t) => t.found !== null || t.modelError !== null).length,
          };
          progress.update(counts.runs, counts);
          flush(false);
        },
      },
    );
  } finally {
    progress.stop();
    sigint.dispose();
    await runner.close();
  }
  flush(interrupted);
  const summary: CatalogResult = {
    kind: 'check',
    seed,
    budget: { runsPerCell: runs, eventsPerCell: runs * EVENTS_MAX_PER_RUN },
    cells,
    mismatches: cells.flatMap((c) => c.properties.flatMap((p) => (p.mismatch === null ? [] : [p.mismatch]))),
    elapsedMs: performance.now() - started,
    ...(shard === undefined ? {} : { shard }),
    ...(interrupted ? { interrupted: true } : {}),
  };
  const files = writeCatalogReports(out, summary);
  if (interrupted) {
    process.stdout.write(`INTERRUPTED: the reports cover the runs completed\nreports: ${files.join(', ')}\n`);
    return INTERRUPTED_EXIT;
  }
  process.stdout.write(`reports: ${files.join(', ')}\n`);
  return failed ? 1 : 0;
}

interface Pair {
  protocol: AnyProtocol;
  profile: ProfileSpec;
  properties: PropertyName[];
  job: CheckJob;
  started: number;
}

interface ReportContext {
  nodes: number;
  seed: string;
  out: string;
  modelFile: string | undefined;
  runs: number;
  runOnly: number | undefined;
}

function pairHeader(pair: Pair, ctx: ReportContext): string {
  const { protocol, profile, properties } = pair;
  const { firstRun } = pair.job.tally;
  return (
    `check ${protocol.name} / ${profile.name}: ${ctx.nodes} nodes, seed ${ctx.seed}, ${ctx.runOnly === undefined ? `${ctx.runs} runs` : `run ${ctx.runOnly}`}` +
    `${firstRun > 0 && ctx.runOnly === undefined ? ` (this shard: from run ${firstRun})` : ''}; properties ${properties.join(', ')}\n` +
    `  profile ${profile.name} ${JSON.stringify(printedOptions(profile, protocol))}\n`
  );
}

/** Prints a model x profile's verdict, writes its counterexample; its summary cell. */
function reportPair(pair: Pair, ctx: ReportContext): CellResult {
  const { protocol, profile, properties } = pair;
  const { tally } = pair.job;
  const label = `${protocol.name} / ${profile.name}`;
  if (!pair.job.runsDone) process.stdout.write(tally.runs === 0 ? '  not started: interrupted before its first run\n' : `  interrupted after ${tally.runs} runs\n`);
  const verdicts: PropertyVerdict[] = properties.map((property) => ({
    property,
    expected: 'holds',
    reason: null,
    observed: 'holds',
    violation: null,
    mismatch: null,
  }));
  if (tally.found !== null) {
    const v = tally.found.violation;
    const path = reportViolation(tally.found, pair.job.shrunk, { ...ctx, protocol, profile });
    const i = verdicts.findIndex((p) => p.property === v.property);
    verdicts[i] = {
      ...verdicts[i],
      observed: 'violated',
      violation: { ...v, run: tally.found.run, trace: relative(ctx.out, path) },
      mismatch: `${label} / ${v.property}: expected holds, but violated in run ${tally.found.run} at step ${v.step}: ${v.detail}`,
    };
  } else if (tally.modelError === null && pair.job.runsDone) {
    process.stdout.write(`  ok: ${tally.runs} runs, ${tally.events} events, no violation\n`);
  }
  const modelError = modelErrorVerdict(protocol, profile.name, tally.modelError, ctx.out);
  if (modelError !== null) {
    process.stdout.write(
      `  MODEL ERROR in run ${tally.modelError!.run} at step ${tally.modelError!.step}: ${tally.modelError!.detail}\n` +
        `  trace: ${join(ctx.out, modelError.violation!.trace!)} (replay it to follow the run to the error)\n`,
    );
  }
  return {
    model: protocol.name,
    profile: profile.name as ProfileName,
    nodes: ctx.nodes,
    runs: tally.runs,
    events: tally.events,
    cutOffRuns: tally.modelError?.cutOff === true ? [tally.modelError.run] : [],
    properties: modelError === null ? verdicts : [...verdicts, modelError],
    elapsedMs: performance.now() - pair.started,
    firstRun: tally.firstRun,
    coverage: tally.coverage ?? emptyCoverage(protocol),
    ...(pair.job.runsDone ? {} : { interrupted: true }),
  };
}

/**
 * Writes and names the trace of a violation, as a worker shrank it; `shrunk` is null when the
 * run was interrupted first (the user wants out). Returns its path.
 */
function reportViolation(found: FoundInChunk, shrunk: ShrinkResult | null, ctx: ReportContext & { protocol: AnyProtocol; profile: ProfileSpec }): string {
  const { run } = found;
  const trace = shrunk?.trace ?? found.trace;
  const v = trace.violation!;
  const path = join(ctx.out, ctx.protocol.name, ctx.profile.name, `${v.property}.trace.json`);
  writeCounterexample(path, trace, ctx.protocol);
  const modelArg = ctx.modelFile === undefined ? ctx.protocol.name : `--model-file ${ctx.modelFile}`;
  const fileArg = ctx.modelFile === undefined ? '' : ` --model-file ${ctx.modelFile}`;
  process.stdout.write(
    `  VIOLATION ${v.property} in run ${run} at step ${found.violation.step}: ${found.violation.detail}\n` +
      (shrunk === null
        ? '  not shrunk: the run was interrupted\n'
        : `  shrunk: ${shrunk.lengthBefore} -> ${shrunk.lengthAfter} events${shrunk.skipped === null ? '' : ` (${shrunk.skipped})`}; the shrunk trace violates it at step ${v.step}\n`) +
      `  trace: ${path} (${trace.events.length} events; .txt and .md beside it)\n` +
      `  reproduce: npx leadercheck check ${modelArg} --profile ${ctx.profile.name} --nodes ${ctx.nodes} --seed ${ctx.seed} --run ${run} --property ${v.property}\n` +
      `  replay: npx leadercheck replay ${path}${fileArg}\n`,
  );
  return path;
}

function propertyNamed(name: string): PropertyName {
  const property = findProperty(name);
  if (property === undefined) throw new InputError(`unknown property "${name}"; see \`leadercheck list\``);
  return property.name;
}
