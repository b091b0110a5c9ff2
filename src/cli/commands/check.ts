import { join } from 'node:path';
import { findProperty } from '../../../properties/index.js';
import { checkModel, type CheckResult } from '../../check/check.js';
import { resolveModel } from '../../check/models.js';
import { InputError } from '../../errors.js';
import type { AnyProtocol, PropertyName } from '../../protocol.js';
import { writeCounterexample } from '../../report/writeCounterexample.js';
import { printedOptions, profileFor, type ProfileSpec, profileNamed, profiles } from '../../schedule/profiles.js';
import { runSeed } from '../../schedule/rng.js';
import { shrinkTrace } from '../../shrink/shrinkTrace.js';
import { intOption, parse } from '../args.js';
import { checkCatalog } from '../checkCatalog.js';
import { Progress } from '../progress.js';

const options = {
  profile: { type: 'string' },
  nodes: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  run: { type: 'string' },
  out: { type: 'string' },
  property: { type: 'string', multiple: true },
  'model-file': { type: 'string' },
  all: { type: 'boolean' },
  budget: { type: 'string' },
} as const;

export async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse('check', argv, options);
  if (values.all) return checkCatalog(values, positionals);
  if (values.budget !== undefined) throw new InputError('check: --budget is for the catalog; use it with --all');
  const modelFile = values['model-file'];
  const names = positionals.length > 0 ? positionals : modelFile !== undefined ? [undefined] : [];
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

  let failed = false;
  const progress = new Progress();
  for (const protocol of models) {
    const properties = explicit ?? [...protocol.promises];
    for (const profile of chosenProfiles) {
      const label = `${protocol.name} / ${profile.name}`;
      process.stdout.write(
        `check ${label}: ${nodes} nodes, seed ${seed}, ${runOnly === undefined ? `${runs} runs` : `run ${runOnly}`}; properties ${properties.join(', ')}\n` +
          `  profile ${profile.name} ${JSON.stringify(printedOptions(profile, protocol))}\n`,
      );
      const result = checkModel({
        protocol,
        modelFile,
        nodes,
        profile,
        properties,
        seed,
        runs,
        firstRun: runOnly,
        onProgress: (p) => progress.update(`${label}: run ${p.runsDone}/${p.runs}, ${p.events} events`),
      });
      progress.clear();
      failed = report(result, { protocol, profile, nodes, seed, out, modelFile }) || failed;
    }
  }
  return failed ? 1 : 0;
}

interface ReportContext {
  protocol: AnyProtocol;
  profile: ProfileSpec;
  nodes: number;
  seed: string;
  out: string;
  modelFile: string | undefined;
}

/** Prints the verdict; writes and names the trace of a violation. True when it failed. */
function report(result: CheckResult, ctx: ReportContext): boolean {
  for (const run of result.cutOffRuns) {
    process.stdout.write(`  warning: run ${run} hit the event budget without ending (does the model loop?)\n`);
  }
  if (result.found === null) {
    process.stdout.write(`  ok: ${result.runsDone} runs, ${result.events} events, no violation\n`);
    return false;
  }
  const { run } = result.found;
  const shrunk = shrinkTrace(result.found.trace, ctx.protocol, { profile: profileFor(ctx.profile, ctx.protocol, runSeed(ctx.seed, run)) });
  const trace = shrunk.trace;
  const v = trace.violation!;
  const found = result.found.trace.violation!;
  const path = join(ctx.out, ctx.protocol.name, ctx.profile.name, `${v.property}.trace.json`);
  writeCounterexample(path, trace, ctx.protocol);
  const modelArg = ctx.modelFile === undefined ? ctx.protocol.name : `--model-file ${ctx.modelFile}`;
  const fileArg = ctx.modelFile === undefined ? '' : ` --model-file ${ctx.modelFile}`;
  process.stdout.write(
    `  VIOLATION ${v.property} in run ${run} at step ${found.step}: ${found.detail}\n` +
      `  shrunk: ${shrunk.lengthBefore} -> ${shrunk.lengthAfter} events${shrunk.skipped === null ? '' : ` (${shrunk.skipped})`}; the shrunk trace violates it at step ${v.step}\n` +
      `  trace: ${path} (${trace.events.length} events; .txt and .md beside it)\n` +
      `  reproduce: npx leadercheck check ${modelArg} --profile ${ctx.profile.name} --nodes ${ctx.nodes} --seed ${ctx.seed} --run ${run} --property ${v.property}\n` +
      `  replay: npx leadercheck replay ${path}${fileArg}\n`,
  );
  return true;
}


function propertyNamed(name: string): PropertyName {
  const property = findProperty(name);
  if (property === undefined) throw new InputError(`unknown property "${name}"; see \`leadercheck list\``);
  return property.name;
}
