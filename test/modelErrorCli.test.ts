import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';
import { checkReportsAndReplays, exploreReportsAndReplays, fixture, oneModelErrorLine, tmp } from './helpers/modelErrors.js';

// A user's model that fails in any hook is a finding like a violation: exit 1, one line, and a
// trace that replays to the same error. Never `internal error`.

const hooks = [
  { hook: 'view', file: 'throwing-view.mjs', detail: /^model threw on node 2 in view\(\) after handling tick: no view of the third tick$/ },
  { hook: 'stored', file: 'throwing-stored.mjs', detail: /^model threw on node 2 in stored\(\) after handling tick: disk full on the third tick$/ },
  { hook: 'recover', file: 'throwing-recover.mjs', detail: /^model threw on node \d handling recover: cannot read back "saved"$/ },
];

for (const { hook, file, detail } of hooks) {
  test(`a model whose ${hook}() throws: check exits 1 with a model-error trace that replays to the same error`, (t) =>
    checkReportsAndReplays(t, file, detail));
  test(`a model whose ${hook}() throws: explore exits 1 with a model-error trace that replays to it`, (t) =>
    exploreReportsAndReplays(t, file, detail));
}

for (const { hook, file, detail } of hooks.slice(0, 2)) {
  test(`a model whose ${hook}() throws: simulate exits 1 with one line`, (t) => {
    t.regex(oneModelErrorLine(t, cli(['simulate', '--model-file', fixture(file)])), detail);
  });
}

test('a step result of the wrong shape is a model error naming the field, with its trace', (t) =>
  checkReportsAndReplays(t, 'malformed-send.mjs', /^node 2's step returned send\[1\]\.to = 7, which is no node \(nodes are 1\.\.3\)$/));

test('a model that fails at boot: check writes the empty trace, which replays to the same error', (t) => {
  const out = tmp();
  const r = cli(['check', '--model-file', fixture('broken-view.mjs'), '--profile', 'reliable', '--runs', '5', '--out', out]);
  t.is(r.code, 1, r.stdout + r.stderr);
  t.notRegex(r.stderr, /internal error/);
  const detail = /MODEL ERROR in run 0 at step 0: (.*)/.exec(r.stdout)?.[1] ?? '';
  t.regex(detail, /^model threw on node 1 in view\(\) after handling init: /);
  const path = join(out, 'broken-view', 'reliable', 'model-error.trace.json');
  t.deepEqual(JSON.parse(readFileSync(path, 'utf8')).events, []);
  t.is(readFileSync(path.replace('.trace.json', '.txt'), 'utf8'), `model error at boot: ${detail}\n`);
  t.is(oneModelErrorLine(t, cli(['replay', path, '--model-file', fixture('broken-view.mjs')])), detail);
  t.is(oneModelErrorLine(t, cli(['explore', '--model-file', fixture('broken-view.mjs')], tmp())), detail);
  t.is(oneModelErrorLine(t, cli(['simulate', '--model-file', fixture('broken-view.mjs')])), detail);
});

test('a model whose describeMessage() throws: replaying its trace is a model error, one line', (t) => {
  const file = join(tmp(), 'ping.trace.json');
  const events = [{ kind: 'timer', node: 1, timer: 'tick' }, { kind: 'deliver', id: 1 }];
  writeFileSync(file, JSON.stringify({ format: 'leadercheck/trace@1', model: 'throwing-describe', nodes: 3, events }));
  const detail = oneModelErrorLine(t, cli(['replay', file, '--model-file', fixture('throwing-describe.mjs')]));
  t.is(detail, 'model threw in describeMessage() on a Ping message: cannot render Ping');
});
