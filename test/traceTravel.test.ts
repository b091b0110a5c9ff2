import test from 'ava';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from './helpers/cli.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bossyFromRepo = 'test/fixtures/bossy.mjs';
const bossy = join(repo, bossyFromRepo);
const tmp = (label: string) => mkdtempSync(join(tmpdir(), `leadercheck-${label}-`));

const modelFileOf = (tracePath: string): string => JSON.parse(readFileSync(tracePath, 'utf8')).modelFile;
/** Where a trace's recorded modelFile points, read as the trace file's own directory reads it. */
const pointsAt = (tracePath: string): string => resolve(dirname(tracePath), modelFileOf(tracePath));

/** A violating bossy trace, written by `check` run from the repo with a cwd-relative --model-file. */
function checkedTrace(out: string, ...extra: string[]): string {
  const r = cli(['check', '--model-file', bossyFromRepo, '--profile', 'reliable', '--runs', '50', '--workers', '1', '--out', out, ...extra], repo);
  if (r.code !== 1) throw new Error(`check failed: ${r.stdout}${r.stderr}`);
  return join(out, 'bossy/reliable/election-safety.trace.json');
}

/** The --model-file a refused replay suggests, run from `cwd`. */
function suggestedModelFile(trace: string, cwd: string): string {
  const r = cli(['replay', trace], cwd);
  const suggested = /replay it with --model-file (.+)$/.exec(r.stderr.trimEnd())?.[1];
  if (r.code !== 2 || suggested === undefined) throw new Error(`replay without --model-file: ${r.code} ${r.stderr}`);
  return suggested;
}

test('check records modelFile relative to the trace, so the trace replays from another working directory', (t) => {
  const trace = checkedTrace(tmp('travel'));
  t.false(isAbsolute(modelFileOf(trace)), modelFileOf(trace));
  t.is(pointsAt(trace), bossy);
  const elsewhere = tmp('cwd');
  const suggested = suggestedModelFile(trace, elsewhere);
  t.is(resolve(elsewhere, suggested), bossy, 'the suggestion works from where replay was run');
  t.is(cli(['replay', trace, '--model-file', suggested], elsewhere).code, 1);
});

test('a recorded absolute modelFile stays absolute', (t) => {
  const out = tmp('absolute');
  t.is(cli(['check', '--model-file', bossy, '--profile', 'reliable', '--runs', '50', '--workers', '1', '--out', out]).code, 1);
  t.is(modelFileOf(join(out, 'bossy/reliable/election-safety.trace.json')), bossy);
});

test('an old trace with a cwd-relative modelFile still names a file that exists from that cwd', (t) => {
  const old = join(tmp('old'), 'old.trace.json');
  const trace = JSON.parse(readFileSync(checkedTrace(tmp('old-src')), 'utf8'));
  writeFileSync(old, JSON.stringify({ ...trace, modelFile: bossyFromRepo }));
  t.is(suggestedModelFile(old, repo), bossyFromRepo);
  // Shrinking it elsewhere writes a trace whose modelFile is relative to where it now lives.
  const out = join(tmp('old-shrunk'), 'deep', 'er');
  t.is(cli(['shrink', old, '--model-file', bossyFromRepo, '--out', out], repo).code, 1);
  t.is(pointsAt(join(out, 'bossy.reliable.election-safety.trace.json')), bossy);
});

test('explore and merge record modelFile relative to the trace they write', (t) => {
  const out = tmp('explore');
  t.is(cli(['explore', '--model-file', bossyFromRepo, '--out', out], repo).code, 1);
  t.is(pointsAt(join(out, 'bossy/explore/election-safety.trace.json')), bossy);

  const shard = join(tmp('shard'), 'one');
  checkedTrace(shard, '--shard', '1/1');
  const merged = join(tmp('merged'), 'a', 'b', 'c');
  t.is(cli(['merge', shard, '--out', merged]).code, 1);
  t.is(pointsAt(join(merged, 'bossy/reliable/election-safety.trace.json')), bossy);
});

const handwritten = JSON.stringify({ format: 'leadercheck/trace@1', model: 'raft', nodes: 3, events: [{ kind: 'timer', node: 1, timer: 'election' }] });

test('a trace saved with a UTF-8 byte order mark is read', (t) => {
  const file = join(tmp('bom'), 'bom.trace.json');
  writeFileSync(file, `\uFEFF${handwritten}`);
  const r = cli(['replay', file]);
  t.is(r.code, 0, r.stderr);
});

test('a plain-text file given as a trace is one line naming the file, exit 2', (t) => {
  const dir = tmp('plain');
  mkdirSync(join(dir, 'sub'));
  const cases: [string, string, RegExp][] = [
    ['notes.txt', 'step 1: node 1 times out\nstep 2: ...\n', /notes\.txt: not a trace: plain text, not JSON/],
    ['empty.json', '', /empty\.json: not a trace: the file is empty/],
    ['utf16.json', `\uFEFF${handwritten}`, /utf16\.json: not a trace: .*UTF-16/],
  ];
  for (const [name, text, pattern] of cases) {
    const file = join(dir, 'sub', name);
    writeFileSync(file, name === 'utf16.json' ? Buffer.from(text, 'utf16le') : text);
    for (const command of ['replay', 'shrink']) {
      const r = cli([command, file]);
      t.is(r.code, 2, `${command} ${name}: ${r.stdout}`);
      t.is(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      t.regex(r.stderr, pattern);
    }
  }
});
