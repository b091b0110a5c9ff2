import test from 'ava';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtinModels } from '../models/index.js';
import { allProperties } from '../properties/index.js';
import { commands } from '../src/cli/commandList.js';
import type { CommandSpec, OptionSpec } from '../src/cli/commandSpec.js';
import { profiles } from '../src/schedule/profiles.js';
import { type CliResult, mainInProcess } from './helpers/inProcess.js';
import { mutated, type Mutation, mutationArbitrary } from './helpers/jsonMutation.js';

/**
 * The CLI under malformed traces, summaries and command lines, as a tester would try them: every
 * case ends in exit 0, 1 or 2, bad input is one line on stderr, and nothing shows a stack trace or
 * an `internal error`. `main` runs in this process (a process per case would take minutes), with a
 * fixed seed and a bounded number of cases, so the test is deterministic and takes seconds.
 */

const SEED = 13;
const CASES = 200;
/** Generous: a case is a few runs of a small model; this catches a hang, not a slow machine. */
const CASE_MS_MAX = 20_000;

const root = mkdtempSync(join(tmpdir(), 'leadercheck-fuzz-'));
const fixtures = resolve('test/fixtures');
const modelFiles = readdirSync(fixtures).filter((f) => f.endsWith('.mjs')).map((f) => join(fixtures, f));
const regressions = resolve('reports/regressions');
const traceTexts = readdirSync(regressions).filter((f) => f.endsWith('.trace.json')).map((f) => readFileSync(join(regressions, f), 'utf8'));
/** The user model whose trace (made before the cases run) joins the regressions as a base to damage. */
const USER_MODEL = join(fixtures, 'bossy.mjs');

// Placeholders for paths made per case, so the arbitraries stay pure values that shrink.
const FRESH = '<fresh>'; // a directory that does not exist yet
const TRACE = '<trace>'; // this case's (possibly malformed) trace file
const SHARD = '<shard>'; // a real shard's --out
const BAD_SHARD = '<bad-shard>'; // a shard whose summary.json is this case's malformed one
const FILE = '<file>'; // an existing plain file

// A newline in a value must still give one line on stderr (errors are printed through oneLine).
const junkValues = ['', '-1', '0', '1', '2', 'x', '1.5', '1e3', ' ', '99999999999999999999', '-', '\u001b[31mred', '..', 'NaN', '\t', 'a\nb'];
const validValues: Record<string, readonly string[]> = {
  profile: profiles.map((p) => p.name),
  property: allProperties.map((p) => p.name),
  nodes: ['1', '2', '3', '5'],
  runs: ['1', '2', '3'],
  run: ['0', '1', '7'],
  seed: ['1', 'abc', 'seed with spaces'],
  budget: ['1', '100', '300'],
  workers: ['1', '1', '2'],
  // Valid slices stay thin, so `check --all` runs a cell or two.
  shard: ['1/60', '2/60', '0/1', '3/2', '1/0', '1/2/3'],
  'crash-leader-at': ['0', '10', '40'],
  'pause-leader-at': ['0', '10', '40'],
  'pause-ticks': ['0', '5', '40'],
  drift: ['0', '0.05', '0.1'],
  'max-term': ['0', '1', '2'],
  'max-messages': ['0', '2', '4'],
  'max-crashes': ['0', '1'],
  'max-partitions': ['0', '1'],
  'max-drops': ['0', '1'],
  'max-dups': ['0', '1'],
  'max-depth': ['0', '3', '8'],
  'max-states': ['1', '50', '300'],
  seconds: ['0', '0.5', '2'],
  'model-file': [...modelFiles, USER_MODEL, USER_MODEL, TRACE, FILE, join(root, 'nope.mjs'), root, 'relative/nope.mjs'],
};
/**
 * Where a command may write: only places under the temp directory, never the working directory;
 * an existing file and a path under it are refused before the work starts.
 */
const outValues = [FRESH, join(FRESH, 'nested'), '', FILE, join(FILE, 'under')];

const goodModels = builtinModels.map((m) => m.name);
const badModels = ['nope', '../../x', '', 'raft/', 'RAFT'];
/** Each command's positionals: mostly ones it can use, sometimes ones it must refuse. */
const positionalsOf: Record<string, { good: readonly string[]; bad: readonly string[] }> = {
  list: { good: [], bad: ['raft'] },
  check: { good: goodModels, bad: badModels },
  simulate: { good: goodModels, bad: badModels },
  explore: { good: goodModels, bad: badModels },
  replay: { good: [TRACE], bad: [root, join(root, 'missing.trace.json'), FILE] },
  shrink: { good: [TRACE], bad: [root, join(root, 'missing.trace.json'), FILE] },
  view: { good: [TRACE], bad: [root, join(root, 'missing.trace.json'), FILE] },
  merge: { good: [SHARD, BAD_SHARD], bad: [root, join(root, 'missing'), FILE] },
};
const junkTokens = ['-x', '--nope', '-1', '--', '---', '-', 'v', '', '--json=1', '-hx', '\u0000', 'ü'];

/** One chunk per option: `--name value`, `--name=value`, or (not for --out) `--name` alone. */
function optionChunk(name: string, option: OptionSpec): fc.Arbitrary<string[]> {
  if (option.type === 'boolean') return fc.constant<string[]>([`--${name}`]);
  const valid = name === 'out' ? outValues : (validValues[name] ?? []);
  const value = name === 'out' || valid.length === 0 ? fc.constantFrom(...(name === 'out' ? outValues : junkValues)) : fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...valid) }, fc.constantFrom(...junkValues));
  const forms: fc.Arbitrary<string[]>[] = [value.map((v) => [`--${name}`, v]), value.map((v) => [`--${name}=${v}`])];
  // A bare --out would take the next token, a relative path, as its directory.
  if (name !== 'out') forms.push(fc.constant<string[]>([`--${name}`]));
  return fc.oneof({ weight: 8, arbitrary: forms[0] }, { weight: 2, arbitrary: forms[1] }, ...forms.slice(2));
}

interface FuzzCase {
  command: string;
  chunks: string[][];
  /** The damage done to this case's trace (one of the bases) and, alike, to its bad shard's summary.json. */
  damage: { base: number; mutation: Mutation };
}

/**
 * A command line mostly as a person would write it, one thing wrong or none: one or two
 * positionals, a few options of the command's table, now and then a junk token or `--help`.
 */
function caseOf(spec: CommandSpec): fc.Arbitrary<FuzzCase> {
  const options = Object.entries(spec.options).map(([name, option]) => optionChunk(name, option));
  const { good, bad } = positionalsOf[spec.name];
  const positional = (good.length === 0 ? fc.constantFrom(...bad) : fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...good) }, fc.constantFrom(...bad))).map((p) => [p]);
  const extra = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...junkTokens).map((j) => [j]) }, { weight: 1, arbitrary: fc.constant<string[]>(['--help']) });
  const placed = (chunk: fc.Arbitrary<string[]>) => fc.tuple(fc.nat(99), chunk);
  return fc
    .record({
      positionals: fc.array(placed(positional), { minLength: spec.name === 'list' ? 0 : 1, maxLength: spec.name === 'list' ? 1 : spec.name === 'merge' ? 3 : 1 }),
      // Options given twice have their own test (cliOptions); here each one appears at most once.
      options: options.length === 0 ? fc.constant([]) : fc.uniqueArray(placed(fc.oneof(...options)), { maxLength: 2, selector: ([, chunk]) => chunk[0].split('=')[0] }),
      extra: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, placed(extra)),
      // The last base, one past the regressions, is the user model's trace that test.before adds.
      damage: fc.record({ base: fc.nat(traceTexts.length), mutation: mutationArbitrary }),
    })
    .map(({ positionals, options, extra, damage }) => ({
      command: spec.name,
      chunks: [...positionals, ...options, ...(extra === null ? [] : [extra])].sort((a, b) => a[0] - b[0]).map(([, chunk]) => chunk),
      damage,
    }));
}

const caseArbitrary: fc.Arbitrary<FuzzCase> = fc.oneof(
  ...commands.map(({ spec }) => ({ weight: ['replay', 'shrink', 'check'].includes(spec.name) ? 3 : 1, arbitrary: caseOf(spec) })),
);

/** Cheap settings for whatever a case leaves out, so every case is a few runs; and --out always under the temp directory. */
function withCheapDefaults(command: string, chunks: string[][]): string[] {
  const end = chunks.findIndex((c) => c[0] === '--');
  const given = (name: string) => chunks.slice(0, end === -1 ? undefined : end).some((c) => c[0] === `--${name}` || c[0].startsWith(`--${name}=`));
  const defaults: Record<string, readonly (readonly [string, string])[]> = {
    check: [['runs', '2'], ['workers', '1'], ['profile', 'reliable'], ['out', FRESH], ...(given('all') ? ([['budget', '300'], ['shard', '1/60']] as const) : [])],
    explore: [['max-states', '300'], ['out', FRESH]],
    merge: [['out', FRESH]],
  };
  const added = (defaults[command] ?? []).filter(([name]) => !given(name)).flatMap(([name, value]) => [`--${name}`, value]);
  return [...added, ...chunks.flat()];
}

let shardDir = '';
/** How many cases of each command ended with each exit code, logged so a change in the mix shows. */
const tally = new Map<string, number>();
let caseNumber = 0;

/** The case's files made and its placeholders replaced by their paths. */
function materialize(fuzz: FuzzCase): string[] {
  const dir = join(root, `case-${caseNumber++}`);
  mkdirSync(dir);
  const tracePath = join(dir, 'input.trace.json');
  writeFileSync(tracePath, mutated(traceTexts[fuzz.damage.base], fuzz.damage.mutation));
  const badShard = join(dir, 'bad-shard');
  mkdirSync(badShard);
  writeFileSync(join(badShard, 'summary.json'), mutated(readFileSync(join(shardDir, 'summary.json'), 'utf8'), fuzz.damage.mutation));
  const file = join(dir, 'a-file');
  writeFileSync(file, 'not a directory\n');
  const paths: Record<string, string> = { [FRESH]: join(dir, 'out'), [TRACE]: tracePath, [SHARD]: shardDir, [BAD_SHARD]: badShard, [FILE]: file };
  return withCheapDefaults(fuzz.command, fuzz.chunks).map((arg) => arg.replace(/<[a-z-]+>/g, (p) => paths[p] ?? p));
}

/** What must hold of every case, as a list of what did not (empty when all is well). */
function complaints(result: CliResult, ms: number, workingDirectoryBefore: readonly string[]): string[] {
  const found: string[] = [];
  // Every path a case names is under the temp directory; a file here came from a value misread (`--out ''` once wrote here).
  const appeared = readdirSync('.').filter((name) => !workingDirectoryBefore.includes(name));
  if (appeared.length > 0) found.push(`wrote ${appeared.join(', ')} into the working directory`);
  if (![0, 1, 2].includes(result.code)) found.push(`exit ${result.code}`);
  if (result.code === 2 && !/^leadercheck: [^\n]*\n$/.test(result.stderr)) found.push('exit 2 without exactly one line on stderr');
  for (const [stream, text] of [['stdout', result.stdout], ['stderr', result.stderr]] as const) {
    if (/\n\s+at .*:\d+:\d+\)?$/m.test(text)) found.push(`a stack trace on ${stream}`);
    if (text.includes('internal error')) found.push(`an internal error on ${stream}`);
  }
  if (ms > CASE_MS_MAX) found.push(`took ${ms} ms`);
  return found;
}

test.before(async () => {
  shardDir = join(root, 'shard');
  const made = await mainInProcess(['check', 'raft/volatile-vote', '--profile', 'crash', '--runs', '3', '--workers', '1', '--shard', '1/2', '--out', shardDir]);
  if (made.code !== 0 && made.code !== 1) throw new Error(`the shard fixture failed: ${made.stderr}`);
  const userOut = join(root, 'user-model');
  const user = await mainInProcess(['check', '--model-file', USER_MODEL, '--profile', 'reliable', '--runs', '20', '--workers', '1', '--out', userOut]);
  if (user.code !== 1) throw new Error(`the user model's check found no violation: ${user.stderr}`);
  const traceFile = readdirSync(userOut, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.trace.json'))!;
  traceTexts.push(readFileSync(join(userOut, traceFile), 'utf8'));
});

test.serial('the CLI under malformed traces, summaries and option vectors: exit 0, 1 or 2, one line for 2, no stack trace', async (t) => {
  t.timeout(5 * 60_000);
  await fc.assert(
    fc.asyncProperty(caseArbitrary, async (fuzz) => {
      const argv = [fuzz.command, ...materialize(fuzz)];
      const workingDirectory = readdirSync('.');
      const started = performance.now();
      const result = await mainInProcess(argv);
      const found = complaints(result, Math.round(performance.now() - started), workingDirectory);
      tally.set(`${fuzz.command} ${result.code}`, (tally.get(`${fuzz.command} ${result.code}`) ?? 0) + 1);
      if (found.length > 0) throw new Error(`${JSON.stringify(argv)}: ${found.join('; ')}\nstderr: ${result.stderr}`);
    }),
    { seed: SEED, numRuns: CASES, endOnFailure: true, includeErrorInReport: true },
  );
  t.log([...tally].sort().map(([k, v]) => `${k}: ${v}`).join(', '));
  t.pass();
});

test.after.always(() => rmSync(root, { recursive: true, force: true }));
