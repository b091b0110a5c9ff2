import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lease, zookeeper } from '../models/coord/index.js';
import { raft } from '../models/raft/index.js';
import { InputError } from '../src/shared/errors.js';
import { createSystem } from '../src/world/world.js';

const cli = (args: string[]) => spawnSync(process.execPath, ['bin/leadercheck.js', ...args], { encoding: 'utf8' });

test('a model with minNodes refuses a smaller cluster as bad input; one without takes any size', (t) => {
  for (const model of [lease, zookeeper]) {
    t.is(model.minNodes, 3);
    t.throws(() => createSystem(model, 2), { instanceOf: InputError, message: `${model.name} needs at least 3 nodes, got 2` });
    t.notThrows(() => createSystem(model, 3));
  }
  t.notThrows(() => createSystem(raft, 1));
});

test('check refuses too few nodes in one line, exit 2, before it touches --out', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'leadercheck-minnodes-'));
  writeFileSync(join(out, 'summary.md'), 'a previous run');
  const result = cli(['check', 'lease', '--nodes', '2', '--out', out]);
  t.is(result.status, 2);
  t.is(result.stderr, 'leadercheck: lease needs at least 3 nodes, got 2\n');
  t.is(readFileSync(join(out, 'summary.md'), 'utf8'), 'a previous run');
});

// Before minNodes the shrinker took lease's crash liveness counterexample down to one node, a lone
// store, shown as a 0-event trace that said nothing; now it stops at the store, one candidate and the payment service.
test('the shrinker never shows a counterexample on fewer nodes than the model needs', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'leadercheck-minnodes-'));
  const result = cli(['check', 'lease', '--nodes', '4', '--profile', 'crash', '--property', 'liveness', '--out', out]);
  t.is(result.status, 1, result.stderr);
  const path = join(out, 'lease', 'crash', 'liveness.trace.json');
  t.true(existsSync(path));
  const trace = JSON.parse(readFileSync(path, 'utf8')) as { nodes: number; events: unknown[] };
  t.is(trace.nodes, 3);
  t.true(trace.events.length > 0);
});
