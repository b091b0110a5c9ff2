import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';
import { filesUnder, untimed } from './helpers/reports.js';

const dir = (label: string) => mkdtempSync(join(tmpdir(), `leadercheck-${label}-`));

/** Runs `args` whole and as four shards one after another, merges the shards; both report dirs. */
function wholeAndMerged(args: string[]): { whole: string; merged: string; codes: { whole: number; merge: number } } {
  const whole = dir('whole');
  const w = cli([...args, '--out', whole]);
  const shards = [1, 2, 3, 4].map((k) => {
    const out = dir(`shard${k}`);
    const r = cli([...args, '--shard', `${k}/4`, '--out', out]);
    if (r.code === 2) throw new Error(r.stderr);
    return out;
  });
  const merged = dir('merged');
  const m = cli(['merge', ...shards.reverse(), '--out', merged]);
  if (m.code === 2) throw new Error(m.stderr);
  return { whole, merged, codes: { whole: w.code, merge: m.code } };
}

test('four catalog shards merged give the verdicts and traces of one unsharded run', (t) => {
  const { whole, merged, codes } = wholeAndMerged(['check', '--all', '--profile', 'crash', '--runs', '12', '--budget', '15000', '--seed', '2', '--workers', '1']);
  t.is(codes.merge, codes.whole);
  t.deepEqual(untimed(merged), untimed(whole));
  t.true(Object.keys(filesUnder(whole)).filter((f) => f.endsWith('.trace.json')).length > 5);
});

test('four shards of plain check runs merged stop at the same first violation as one run', (t) => {
  // raft/volatile-vote is first violated past the first quarter of its runs with this seed, so the
  // merge must drop later shards and count runs and events up to the violation.
  const { whole, merged, codes } = wholeAndMerged(['check', 'raft', 'raft/volatile-vote', '--profile', 'crash', '--runs', '80', '--seed', '4', '--workers', '2']);
  t.is(codes.whole, 1);
  t.is(codes.merge, 1);
  t.deepEqual(untimed(merged), untimed(whole));
  const summary = untimed(whole)['summary.json'] as { cells: { model: string; runs: number }[] };
  const mutant = summary.cells.find((c) => c.model === 'raft/volatile-vote')!;
  t.true(mutant.runs > 20, `first violation in run ${mutant.runs - 1}: pick a seed that finds it past shard 1`);
  t.true(mutant.runs < 80);
  // Protocol coverage too: each cell's slices count up to its first violation, as one run does.
  const coverage = JSON.parse(filesUnder(whole)['coverage/protocol.json']) as { models: Record<string, { events: number }> };
  t.deepEqual(Object.keys(coverage.models), ['raft', 'raft/volatile-vote']);
  t.true(coverage.models['raft/volatile-vote'].events > 0);
});
