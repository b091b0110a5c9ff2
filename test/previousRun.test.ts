import test from 'ava';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';

const failing = ['raft/double-vote', '--profile', 'reliable', '--runs', '50', '--workers', '1'];
const passing = ['raft', '--profile', 'reliable', '--runs', '5', '--workers', '1'];

test('a re-run into the same --out leaves none of the previous run counterexamples beside the new summary', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'lc-rerun-'));
  t.is(cli(['check', ...failing, '--out', out]).code, 1);
  const old = join(out, 'raft', 'double-vote', 'reliable');
  for (const ext of ['.trace.json', '.html']) t.true(existsSync(join(old, `election-safety${ext}`)), 'the first run wrote its counterexample and its viewer');
  const result = cli(['check', ...passing, '--out', out]);
  t.is(result.code, 0, result.stderr);
  for (const ext of ['.trace.json', '.txt', '.md', '.html']) t.false(existsSync(join(old, `election-safety${ext}`)), `election-safety${ext} outlived its run`);
  t.false(existsSync(join(out, 'raft', 'double-vote')), 'the folders it emptied go too');
  t.false(readFileSync(join(out, 'summary.md'), 'utf8').includes('double-vote'));
});

test('the catalog clears a previous plain check in the same --out too, and files no summary names stay', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'lc-rerun-'));
  t.is(cli(['check', 'raft/volatile-vote', '--profile', 'crash', '--runs', '20', '--workers', '1', '--out', out]).code, 1);
  t.true(existsSync(join(out, 'raft', 'volatile-vote', 'crash', 'election-safety.trace.json')));
  mkdirSync(join(out, 'mine'));
  writeFileSync(join(out, 'mine', 'notes.trace.json'), '{}\n');
  t.is(cli(['check', '--all', '--profile', 'reliable', '--runs', '1', '--budget', '1', '--out', out]).code, 1);
  t.false(existsSync(join(out, 'raft', 'volatile-vote', 'crash')), 'the catalog ran no crash cell, so nothing there is its own');
  t.true(existsSync(join(out, 'mine', 'notes.trace.json')), 'a file no summary names is not the run\'s to remove');
});

test('a summary.json that is not a leadercheck summary is left alone, with everything beside it', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'lc-rerun-'));
  writeFileSync(join(out, 'summary.json'), '{"cells": [{"properties": [{"violation": {"trace": "keep.trace.json"}}]}]}\n');
  writeFileSync(join(out, 'keep.trace.json'), '{}\n');
  t.is(cli(['check', ...passing, '--out', out]).code, 0);
  t.true(existsSync(join(out, 'keep.trace.json')));
});

test('a run that refuses its options removes nothing the previous run left', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'lc-rerun-'));
  t.is(cli(['check', ...failing, '--out', out]).code, 1);
  for (const bad of [['check', 'raft', '--step-timeout', '0'], ['check', 'raft', '--workers', '0'], ['check', '--all', '--workers', '0']]) {
    t.is(cli([...bad, '--out', out]).code, 2, bad.join(' '));
    t.true(existsSync(join(out, 'summary.json')), `${bad.join(' ')} removed the previous summary`);
    t.true(existsSync(join(out, 'raft', 'double-vote', 'reliable', 'election-safety.trace.json')));
  }
});

test('a folder under --out that is a symlink is left as it is when the previous run is cleared', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'lc-rerun-'));
  const elsewhere = mkdtempSync(join(tmpdir(), 'lc-elsewhere-'));
  symlinkSync(elsewhere, join(out, 'raft'));
  t.is(cli(['check', ...failing, '--out', out]).code, 1);
  const result = cli(['check', ...passing, '--out', out]);
  t.is(result.code, 0, result.stderr);
  t.true(lstatSync(join(out, 'raft')).isSymbolicLink());
  t.true(existsSync(elsewhere));
});
