import type { ExecutionContext } from 'ava';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli.js';

/** What a model error looks like from the command line, for tests of models that fail. */

export const tmp = (): string => mkdtempSync(join(tmpdir(), 'model-error-'));
export const fixture = (name: string): string => join(process.cwd(), 'test/fixtures', name);

/** Exit 1 and exactly one line on stderr, which names the model error; returns its detail. */
export function oneModelErrorLine(t: ExecutionContext, r: { code: number; stdout: string; stderr: string }): string {
  t.is(r.code, 1, r.stdout + r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  t.is(lines.length, 1, r.stderr);
  t.regex(lines[0], /^leadercheck: model error: /);
  return lines[0].replace(/^leadercheck: model error: /, '');
}

/** Every file under dir named `name`. */
export function findFiles(dir: string, name: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return findFiles(path, name);
    return entry === name ? [path] : [];
  });
}

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `check --model-file` under `profile`: exit 1, a MODEL ERROR line, the trace under --out at
 * `<model>/<profile>/model-error.trace.json` with its `.txt`; replay gives the same error. Returns the trace's path.
 */
export function checkReportsAndReplays(t: ExecutionContext, file: string, detail: RegExp, profile = 'crash'): string {
  const out = tmp();
  const r = cli(['check', '--model-file', fixture(file), '--profile', profile, '--runs', '20', '--out', out]);
  t.is(r.code, 1, r.stdout + r.stderr);
  t.notRegex(r.stderr, /internal error/);
  const line = /MODEL ERROR in run \d+ at step (\d+): (.*)/.exec(r.stdout);
  t.truthy(line, r.stdout);
  const [, step, said] = line!;
  t.regex(said, detail);
  const model = file.replace(/\.mjs$/, '');
  const path = join(out, model, profile, 'model-error.trace.json');
  t.is(JSON.parse(readFileSync(path, 'utf8')).model, model);
  // The .txt numbers the failing step as check's line does.
  t.regex(readFileSync(path.replace('.trace.json', '.txt'), 'utf8'), new RegExp(`model error (at step ${step}|at boot): ${escapeRegExp(said)}`));
  t.is(oneModelErrorLine(t, cli(['replay', path, '--model-file', fixture(file)])), said, 'replay reproduces the same error');
  return path;
}

/** `explore` finds the error too (or fails at boot, one line), and writes a trace that replays to it. */
export function exploreReportsAndReplays(t: ExecutionContext, file: string, detail: RegExp): void {
  const cwd = tmp();
  const r = cli(['explore', '--model-file', fixture(file), '--max-crashes', '1'], cwd);
  t.is(r.code, 1, r.stdout + r.stderr);
  t.is(r.stderr, '');
  const line = /MODEL ERROR at step \d+: (.*)/.exec(r.stdout);
  t.truthy(line, r.stdout);
  t.regex(line![1], detail);
  const [path] = findFiles(cwd, 'model-error.trace.json');
  t.is(oneModelErrorLine(t, cli(['replay', path, '--model-file', fixture(file)])), line![1]);
}
