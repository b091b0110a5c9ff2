import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/leadercheck.js', ...args], { encoding: 'utf8' });

test('explore exits 1 on a violation and writes a trace into --out that replay reproduces', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'explore-'));
  const out = join(dir, 'raft/volatile-vote/explore/election-safety.trace.json');
  const found = cli('explore', 'raft/volatile-vote', '--nodes', '3', '--max-term', '2', '--max-crashes', '1', '--out', dir, '--json');
  t.is(found.status, 1, found.stderr);
  const json = JSON.parse(found.stdout);
  t.deepEqual(Object.keys(json).filter((k) => ['states', 'transitions', 'depth', 'seconds', 'statesPerSecond', 'bytesPerState', 'complete', 'violation'].includes(k)).length, 8);
  t.is(json.violation.property, 'election-safety');
  t.is(json.violation.events, 8);
  t.false(json.complete);
  t.is(json.violation.trace, out, 'the path written is printed');
  t.true(existsSync(out));
  t.is(JSON.parse(readFileSync(out, 'utf8')).events.length, 8);
  const replayed = cli('replay', out, '--json');
  t.is(replayed.status, 1);
  t.deepEqual(JSON.parse(replayed.stdout).violation, { property: 'election-safety', step: 8, detail: json.violation.detail });
});

test('explore exits 0 on a complete search without violation', (t) => {
  const result = cli('explore', 'raft', '--max-term', '1', '--max-messages', '2', '--json');
  t.is(result.status, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  t.true(json.complete);
  t.is(json.violation, null);
  t.true(json.states > 1);
});

test('explore --json says why symmetry reduction is off, as its text does, and carries the search counters', (t) => {
  const result = cli('explore', 'raft', '--nodes', '7', '--max-term', '1', '--max-messages', '2', '--max-states', '2000', '--json');
  t.is(result.status, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  t.false(json.symmetry);
  t.is(json.symmetryNote, 'more than 6 nodes: each state would be built under all 7! permutations of node ids');
  t.deepEqual(json.properties, ['election-safety', 'term-monotonic']);
  for (const counter of ['kernelSteps', 'cachedSteps', 'siblingRepeats', 'recentHits', 'sleptSteps']) t.is(typeof json[counter], 'number', counter);
  const text = cli('explore', 'raft', '--nodes', '7', '--max-term', '1', '--max-messages', '2', '--max-states', '2000');
  t.regex(text.stdout, /symmetry reduction: off \(more than 6 nodes: each state would be built under all 7! permutations of node ids\)/);
});

test('explore exits 2 on bad input, with one line on stderr', (t) => {
  for (const args of [['explore', 'nope'], ['explore', 'raft', '--max-term', 'x'], ['explore', 'raft', '--property', 'liveness'], ['explore']]) {
    const result = cli(...args);
    t.is(result.status, 2, args.join(' '));
    t.is(result.stderr.trim().split('\n').length, 1);
    t.is(result.stdout, '');
  }
});

test('explore refuses bounds the initial world is already past (exit 2), instead of a one-state search that reads complete', (t) => {
  // Bully with 4 nodes boots with 9 messages in flight; the default --max-messages is 8. It used
  // to print "complete: no violation within the bounds" and exit 0: a green run that checked nothing.
  for (const json of [[], ['--json']]) {
    const past = cli('explore', 'bully', '--nodes', '4', '--property', 'term-monotonic', ...json);
    t.is(past.status, 2, past.stderr);
    t.is(past.stdout, '');
    t.is(past.stderr, 'leadercheck: explore: the initial world is already past a bound (9 messages in flight, more than --max-messages 8), so nothing can be explored; raise the bound\n');
  }
  t.regex(cli('explore', 'bully', '--nodes', '4', '--property', 'term-monotonic', '--max-messages', '9', '--max-depth', '2').stdout, /distinct states/);
  const within = JSON.parse(cli('explore', 'raft', '--max-term', '1', '--max-messages', '2', '--json').stdout);
  t.is(within.bootPastBound, null);
  t.true(within.atBound > 0);
});

test('a model that throws during explore is a model error: exit 1, one line, and a trace that replays to it', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'explore-'));
  const out = join(dir, 'throwing/explore/model-error.trace.json');
  const r = cli('explore', '--model-file', 'test/fixtures/throwing.mjs', '--out', dir);
  t.is(r.status, 1, r.stderr);
  t.true(r.stdout.includes(`trace: ${out} `), r.stdout);
  t.regex(r.stdout, /MODEL ERROR at step \d+: model threw on node \d handling tick/);
  t.true(existsSync(out) && existsSync(out.replace('.trace.json', '.txt')));
  const replayed = cli('replay', out, '--model-file', 'test/fixtures/throwing.mjs');
  t.is(replayed.status, 1);
  t.regex(replayed.stderr, /model error: model threw on node \d handling tick/);
  const json = JSON.parse(cli('explore', '--model-file', 'test/fixtures/throwing.mjs', '--json', '--out', dir).stdout);
  t.false(json.complete);
  t.is(json.modelError.step, JSON.parse(readFileSync(out, 'utf8')).events.length);
  t.is(json.modelError.trace, out);
});

test('a user model that does not declare symmetry is not reduced, and explore says why', (t) => {
  const r = cli('explore', '--model-file', 'test/fixtures/bossy.mjs', '--out', mkdtempSync(join(tmpdir(), 'explore-')));
  t.regex(r.stdout, /symmetry reduction: off \(bossy does not declare symmetric: true\)/);
});

test('explore --out takes a directory; the old file form is one line, exit 2, and writes nothing', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'explore-'));
  const file = join(dir, 'vv.trace.json');
  const r = cli('explore', 'raft/volatile-vote', '--max-crashes', '1', '--out', file);
  t.is(r.status, 2);
  t.regex(r.stderr, /^leadercheck: explore: --out names a directory now .* got the file ".*vv\.trace\.json"\n$/);
  t.false(existsSync(file));
});
