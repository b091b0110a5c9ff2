import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';

const fixture = (name: string) => new URL(`../../test/fixtures/${name}`, import.meta.url).pathname;

// Runs check only their first events for plain data, searches their first transitions: what breaks
// later must still be a model error with its trace, never `internal error` from what hashes states.
test('check: a cycle that appears after the checked events is a model error with a trace that replays to it', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'lc-late-'));
  const model = fixture('late-cycle.mjs');
  const result = cli(['check', '--model-file', model, '--profile', 'reliable', '--runs', '3', '--workers', '1', '--out', out]);
  t.is(result.code, 1, result.stderr);
  t.notRegex(result.stderr, /internal error/);
  t.regex(result.stdout, /MODEL ERROR in run 0 at step \d+: node 1's step handling tick returned state\.self: a cycle/);
  const replayed = cli(['replay', join(out, 'late-cycle', 'reliable', 'model-error.trace.json'), '--model-file', model]);
  t.is(replayed.code, 1);
  t.regex(replayed.stderr, /^leadercheck: model error: node 1's step handling tick returned state\.self: a cycle[^\n]*\n$/);
});

for (const [name, what] of [['late-cycle', /state\.self: a cycle/], ['late-bigint', /state\.big: a BigInt is not plain data/]] as const) {
  test(`explore: ${name} past the checked transitions is a model error with its trace`, (t) => {
    const out = mkdtempSync(join(tmpdir(), 'lc-late-'));
    const result = cli(['explore', '--model-file', fixture(`${name}.mjs`), '--max-depth', '200', '--out', out]);
    t.is(result.code, 1, result.stderr);
    t.notRegex(result.stderr, /internal error/);
    t.regex(result.stdout, /MODEL ERROR at step 61: /);
    t.regex(result.stdout, what);
    const replayed = cli(['replay', join(out, name, 'explore', 'model-error.trace.json'), '--model-file', fixture(`${name}.mjs`)]);
    t.is(replayed.code, 1);
    t.regex(replayed.stderr, what);
  });
}

// Only symmetry reduction calls a model's renameNodes, so explore is where it can fail.
test('explore: a model whose renameNodes throws is a model error naming the hook, with the path that led there', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'lc-late-'));
  const result = cli(['explore', '--model-file', fixture('throwing-rename.mjs'), '--max-depth', '20', '--out', out]);
  t.is(result.code, 1, result.stderr);
  t.notRegex(result.stderr, /internal error/);
  t.regex(result.stdout, /MODEL ERROR at step 3: the model's renameNodes\.state or stored\(\) threw: rename bug in the model/);
  const trace = JSON.parse(readFileSync(join(out, 'throwing-rename', 'explore', 'model-error.trace.json'), 'utf8'));
  t.is(trace.events.length, 3);
});

test('explore: a renameNodes that throws on the states at boot is one model-error line, exit 1', (t) => {
  process.env.RENAME_BREAKS_AT = '0';
  const result = cli(['explore', '--model-file', fixture('throwing-rename.mjs'), '--max-depth', '5', '--out', mkdtempSync(join(tmpdir(), 'lc-late-'))]);
  delete process.env.RENAME_BREAKS_AT;
  t.is(result.code, 1);
  t.is(result.stderr, "leadercheck: model error: the model's renameNodes.state or stored() threw: rename bug in the model\n");
});
