import test from 'ava';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';

const dir = (label: string) => mkdtempSync(join(tmpdir(), `leadercheck-${label}-`));

test('merge refuses a missing shard, a shard given twice, shards of different runs and a dir without a summary', (t) => {
  const shard = (k: number, seed = '1') => {
    const out = dir(`m${k}`);
    cli(['check', 'raft', '--profile', 'reliable', '--runs', '4', '--seed', seed, '--workers', '1', '--shard', `${k}/2`, '--out', out]);
    return out;
  };
  const [one, two, otherSeed] = [shard(1), shard(2), shard(2, '9')];
  // A shard from before plain check kept each cell's coverage.
  const oldTwo = dir('old');
  cpSync(two, oldTwo, { recursive: true });
  rmSync(join(oldTwo, 'coverage', 'cells.json'));
  const cases: [string[], RegExp][] = [
    [[one, oldTwo], /has no coverage\/cells\.json but .* has/],
    [[one], /missing shard 2\/2/],
    [[one, one], /shard 1\/2 is given twice/],
    [[one, otherSeed], /different runs/],
    [[dir('empty')], /summary\.json: no such file/],
  ];
  for (const [dirs, message] of cases) {
    const r = cli(['merge', ...dirs, '--out', dir('out')]);
    t.is(r.code, 2, r.stdout);
    t.regex(r.stderr, message);
  }
  const ok = cli(['merge', one, two, '--out', dir('out')]);
  t.is(ok.code, 0, ok.stderr);
});

test('merge says so when a summary is not JSON', (t) => {
  const bad = dir('bad');
  writeFileSync(join(bad, 'summary.json'), '{ nope');
  const r = cli(['merge', bad]);
  t.is(r.code, 2);
  t.regex(r.stderr, /not valid JSON/);
});
