import test, { type ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { safeFileName, safeNamePath } from '../src/shared/safeName.js';
import { tracePathOf } from '../src/run/verdicts.js';
import { builtinModels } from '../models/index.js';
import { profiles } from '../src/schedule/profiles.js';
import { CATALOG_PROPERTIES } from '../properties/expectations.js';

const bin = fileURLToPath(new URL('../../bin/leadercheck.js', import.meta.url));
const bossy = fileURLToPath(new URL('../../test/fixtures/bossy.mjs', import.meta.url));
const tmp = (label: string) => mkdtempSync(join(tmpdir(), `leadercheck-${label}-`));

/** The real CLI, with a deadline: a command that hangs (as `--out /proc/x` once did) fails instead of stalling the suite. */
function cli(args: string[], cwd?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd, timeout: 60_000, env: { ...process.env, LEADERCHECK_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the bossy fixture (two leaders in term 1 within a few runs) under another name. */
function modelNamed(dir: string, name: string): string {
  const file = join(dir, `model-${readdirSync(dir).length}.mjs`);
  const source = readFileSync(bossy, 'utf8').replace("name: 'bossy'", `name: ${JSON.stringify(name)}`);
  writeFileSync(file, source);
  return file;
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(dir, path)).isFile());
}

// ---- item 3: --out is checked before the work starts

interface Fixture {
  root: string;
  shard: string;
  trace: string;
}

let fixture: Fixture;
test.before(() => {
  const root = tmp('outs');
  const shard = join(root, 'shard');
  const r = cli(['check', '--model-file', bossy, '--profile', 'reliable', '--runs', '50', '--workers', '1', '--shard', '1/1', '--out', shard]);
  if (r.code !== 1) throw new Error(`the bossy fixture run failed: ${r.stdout}${r.stderr}`);
  writeFileSync(join(root, 'afile'), 'not a directory\n');
  fixture = { root, shard, trace: join(shard, 'bossy/reliable/election-safety.trace.json') };
});

const commands: [string, (out: string) => string[]][] = [
  ['check', (out) => ['check', 'raft', '--profile', 'reliable', '--runs', '3', '--workers', '1', '--out', out]],
  ['check --all', (out) => ['check', '--all', '--profile', 'reliable', '--runs', '2', '--workers', '1', '--out', out]],
  ['merge', (out) => ['merge', fixture.shard, '--out', out]],
  ['explore', (out) => ['explore', 'raft', '--max-term', '1', '--out', out]],
  ['shrink', (out) => ['shrink', fixture.trace, '--model-file', bossy, '--out', out]],
];

/** One line naming --out, exit 2, no stack, and nothing done: no run header or result on stdout. */
function refusedBeforeWork(t: ExecutionContext, args: string[], pattern: RegExp): void {
  const r = cli(args);
  t.is(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
  t.is(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  t.regex(r.stderr, pattern);
  t.notRegex(r.stderr, /\n\s+at |internal error/);
  t.is(r.stdout, '', 'nothing ran');
}

const badOuts: [string, () => string, RegExp][] = [
  ['a file', () => join(fixture.root, 'afile'), /--out .*afile.*: is a file, not a directory/],
  ['under a file', () => join(fixture.root, 'afile', 'sub'), /afile is a file, not a directory/],
  ['empty', () => '', /--out ("": )?is empty/],
  ['under /proc', () => '/proc/leadercheck-out', /under \/proc, a kernel file system/],
  ['under /sys', () => '/sys/leadercheck-out', /under \/sys, a kernel file system/],
];

for (const [command, argsOf] of commands) {
  for (const [what, outOf, pattern] of badOuts) {
    test(`${command} --out ${what} is one line, exit 2, before any work`, (t) => refusedBeforeWork(t, argsOf(outOf()), pattern));
  }
  test(`${command} --out in a directory it cannot write is one line, exit 2, before any work`, (t) => {
    // Permission bits do not stop root: the read-only and under-a-file cases above cover root.
    if (process.getuid?.() === 0) {
      t.pass('skipped as root');
      return;
    }
    const locked = join(fixture.root, `locked-${command.replace(/\W/g, '')}`);
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    refusedBeforeWork(t, argsOf(join(locked, 'out')), /cannot write there \(permission denied\)/);
  });
}

test('--out that does not exist yet is created, parents and all', (t) => {
  const out = join(fixture.root, 'new', 'deep', 'out');
  const r = cli(['check', 'raft', '--profile', 'reliable', '--runs', '2', '--workers', '1', '--out', out]);
  t.is(r.code, 0, r.stderr);
  t.true(existsSync(join(out, 'summary.json')));
  t.false(filesUnder(out).some((path) => path.includes('leadercheck-probe')), 'the probe file is removed');
});

// ---- item 4: nothing escapes --out

test('safe names: built-in names are unchanged, so `npm run check` writes the same paths', (t) => {
  for (const model of builtinModels) {
    for (const profile of profiles) {
      for (const property of [...CATALOG_PROPERTIES, 'model-error']) {
        t.is(tracePathOf(model.name, profile.name, property), join(model.name, profile.name, `${property}.trace.json`));
      }
    }
  }
});

test('safe names: no climbing, no separators, nothing Windows or an artifact store refuses, and no two names share a file', (t) => {
  const hostile = ['..', '.', '', 'a<b>c', 'x:y', 'p|q', 'what?', 'star*', 'say"', 'back\\slash', 'slash/inside', 'bell\u0007', 'line\nbreak', 'dot.', 'space ', 'CON', 'con.txt', 'Lpt1', '100%', '%2E%2E'];
  const seen = new Map<string, string>();
  for (const name of hostile) {
    const safe = safeFileName(name);
    t.regex(safe, /^[^<>:"|?*\\/\u0000-\u001f\u007f]+$/, JSON.stringify(name));
    t.notRegex(safe, /[. ]$/, JSON.stringify(name));
    t.false(['.', '..'].includes(safe), JSON.stringify(name));
    t.notRegex(safe, /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i, JSON.stringify(name));
    t.is(seen.get(safe), undefined, `${JSON.stringify(name)} and ${JSON.stringify(seen.get(safe))} share ${safe}`);
    seen.set(safe, name);
  }
  t.deepEqual(safeNamePath('../../x'), ['%2E%2E', '%2E%2E', 'x']);
  t.deepEqual(safeNamePath('raft/volatile-vote'), ['raft', 'volatile-vote']);
  const long = safeFileName('m'.repeat(1000));
  t.true(long.length < 200 && long !== safeFileName(`${'m'.repeat(999)}n`), 'a long name is cut, and stays distinct');
});

const HOSTILE_MODELS = ['../../x', '/tmp/leadercheck-abs', 'a<b>:c|d?e*f"g\\h\u0001i\nj. ', 'CON/aux.', '..'];

/** A file name every file system and artifact store takes. */
function safePathProblems(out: string): string[] {
  return filesUnder(out).flatMap((path) =>
    path.split(/[\\/]/).flatMap((part) =>
      /[<>:"|?*\u0000-\u001f]|[. ]$|^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(part) ? [`${JSON.stringify(path)}: ${JSON.stringify(part)}`] : [],
    ),
  );
}

test('check, explore and shrink with hostile model names write every file inside --out, under safe names', (t) => {
  const root = tmp('hostile');
  const models = join(root, 'models');
  mkdirSync(models);
  const out = join(root, 'a', 'b', 'out');
  for (const name of HOSTILE_MODELS) {
    const file = modelNamed(models, name);
    const checked = cli(['check', '--model-file', file, '--profile', 'reliable', '--runs', '50', '--workers', '1', '--out', out]);
    t.is(checked.code, 1, `check ${JSON.stringify(name)}: ${checked.stderr}`);
    const trace = /trace: (.*\.trace\.json) \(/.exec(checked.stdout)?.[1];
    t.truthy(trace, checked.stdout);
    t.true(trace !== undefined && existsSync(trace) && !relative(out, trace).startsWith('..'), `${trace} is inside ${out}`);
    const explored = cli(['explore', '--model-file', file, '--out', out]);
    t.is(explored.code, 1, `explore ${JSON.stringify(name)}: ${explored.stderr}`);
    if (trace !== undefined) {
      const shrunk = cli(['shrink', trace, '--model-file', file, '--out', join(out, 'regressions')]);
      t.is(shrunk.code, 1, `shrink ${JSON.stringify(name)}: ${shrunk.stderr}`);
    }
  }
  t.false(existsSync('/tmp/leadercheck-abs'), 'an absolute model name is not a path from the root');
  t.deepEqual(readdirSync(root).sort(), ['a', 'models']);
  t.deepEqual(readdirSync(join(root, 'a')), ['b']);
  t.deepEqual(readdirSync(join(root, 'a', 'b')), ['out']);
  t.deepEqual(safePathProblems(out), []);
});

test('merge copies a hostile-named shard inside --out, and refuses a summary whose trace leaves the shard', (t) => {
  const root = tmp('merge-hostile');
  const models = join(root, 'models');
  mkdirSync(models);
  const shard = join(root, 'shard');
  const file = modelNamed(models, HOSTILE_MODELS[0]);
  t.is(cli(['check', '--model-file', file, '--profile', 'reliable', '--runs', '50', '--workers', '1', '--shard', '1/1', '--out', shard]).code, 1);
  const out = join(root, 'a', 'b', 'out');
  const merged = cli(['merge', shard, '--out', out]);
  t.is(merged.code, 1, merged.stderr);
  t.regex(merged.stdout, /4 counterexample files copied/, "the trace, its .txt, .md and .html");
  t.deepEqual(safePathProblems(out), []);

  const crafted = join(root, 'crafted');
  cpSync(shard, crafted, { recursive: true });
  writeFileSync(join(root, 'outside.trace.json'), readFileSync(fixture.trace, 'utf8'));
  const summaryPath = join(crafted, 'summary.json');
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
  const violated = summary.cells[0].properties.find((p: { violation: unknown }) => p.violation !== null);
  violated.violation.trace = '../outside.trace.json';
  writeFileSync(summaryPath, JSON.stringify(summary));
  const refused = cli(['merge', crafted, '--out', join(root, 'c', 'd', 'out')]);
  t.is(refused.code, 2, refused.stdout);
  t.is(refused.stderr.trimEnd().split('\n').length, 1, refused.stderr);
  t.regex(refused.stderr, /summary\.json: cells\[0\]\.properties\[\d\]\.violation\.trace: "\.\.\/outside\.trace\.json" is not a trace path inside the shard/);
  t.false(existsSync(join(root, 'c', 'd', 'outside.trace.json')), 'nothing was copied outside --out');
});
