import test from 'ava';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// dist/test/benchCli.test.js -> dist/bench/bench.js
const bench = fileURLToPath(new URL('../bench/bench.js', import.meta.url));

const run = (...args: string[]) => spawnSync(process.execPath, [bench, ...args], { encoding: 'utf8', timeout: 60_000 });

test('bench --help names every part and runs none of them', (t) => {
  const result = run('--help');
  t.is(result.status, 0, result.stderr);
  t.regex(result.stdout, /--only PART/);
  for (const part of ['simulation', 'shrink-table', 'spin', 'strategy']) t.true(result.stdout.includes(part), part);
  t.false(result.stdout.includes('events/s'), 'no figure is printed');
});

test('bench --only with an unknown part is bad input: one line, exit 2', (t) => {
  const result = run('--only', 'nope');
  t.is(result.status, 2);
  t.is(result.stderr.trim().split('\n').length, 1);
  t.regex(result.stderr, /--only takes part names from: simulation/);
});
