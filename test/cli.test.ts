import test from 'ava';
import { profiles } from '../src/schedule/profiles.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'leadercheck-'));

/** Bad input: exit 2 and exactly one line on stderr, no stack trace. */
function badInput(t: import('ava').ExecutionContext, args: string[], pattern: RegExp) {
  const r = cli(args);
  t.is(r.code, 2, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  t.is(lines.length, 1, r.stderr);
  t.regex(lines[0], pattern);
  t.notRegex(r.stderr, /\n\s+at /);
}

test('replay of a missing file is one line, exit 2', (t) => badInput(t, ['replay', '/no/such/file'], /no such file/));
test('check of an unknown model is one line, exit 2', (t) => badInput(t, ['check', 'nosuchmodel'], /unknown model "nosuchmodel"/));
test('an unknown profile is one line, exit 2', (t) => badInput(t, ['check', 'raft', '--profile', 'windy'], /unknown profile "windy"/));
test('an impossible option is one line, exit 2', (t) => badInput(t, ['check', 'raft', '--nodes', '0'], /--nodes must be an integer from 1/));
test('an unknown option is one line, exit 2', (t) => badInput(t, ['check', 'raft', '--colour'], /check: Unknown option '--colour'/));
test('an unknown command is one line, exit 2', (t) => badInput(t, ['frobnicate'], /unknown command "frobnicate"/));

test('replay of truncated JSON is one line, exit 2', (t) => {
  const file = join(tmp(), 'cut.json');
  writeFileSync(file, '{"format": "leadercheck/trace@1", "model": "raft", "ev');
  badInput(t, ['replay', file], /not valid JSON/);
});

test('replay of an event that is not enabled names its index', (t) => {
  const file = join(tmp(), 'bad.json');
  writeFileSync(file, JSON.stringify({ format: 'leadercheck/trace@1', model: 'raft', nodes: 3, events: [{ kind: 'timer', node: 1, timer: 'election' }, { kind: 'deliver', id: 9 }] }));
  badInput(t, ['replay', file], /: events\[1\] \(step 2\) is not enabled: deliver 9/);
  // The line names the file first, as the decoder's own lines do.
  badInput(t, ['replay', file], /^leadercheck: \S+bad\.json: events\[1\]/);
});

test('replay of a trace naming an unknown model names the file', (t) => {
  const file = join(tmp(), 'nomodel.json');
  writeFileSync(file, JSON.stringify({ format: 'leadercheck/trace@1', model: 'nosuch', nodes: 3, events: [] }));
  badInput(t, ['replay', file], /^leadercheck: .*nomodel\.json: unknown model "nosuch"/);
});

test('replay of a node out of range is one line, exit 2', (t) => {
  const file = join(tmp(), 'range.json');
  writeFileSync(file, JSON.stringify({ format: 'leadercheck/trace@1', model: 'raft', nodes: 3, events: [{ kind: 'crash', node: 7 }] }));
  badInput(t, ['replay', file], /range\.json: events\[0\]\.node: must be an integer 1\.\.3, got 7$/);
});

test('replay of a malformed event names the field', (t) => {
  const file = join(tmp(), 'kind.json');
  writeFileSync(file, JSON.stringify({ format: 'leadercheck/trace@1', model: 'raft', nodes: 3, events: [{ kind: 'explode' }] }));
  badInput(t, ['replay', file], /events\[0\]\.kind: must be one of "deliver", "drop", "duplicate", "timer", "crash", "restart", "partition", "heal", "pause", "resume", got "explode"$/);
});

test('check finds raft/volatile-vote, writes a trace that replays to the same violation, byte-identical twice', (t) => {
  const [a, b] = [tmp(), tmp()];
  const args = ['check', 'raft/volatile-vote', '--profile', 'crash', '--runs', '5000', '--seed', '1'];
  const first = cli([...args, '--out', a]);
  const second = cli([...args, '--out', b]);
  t.is(first.code, 1, first.stdout + first.stderr);
  t.is(second.code, 1);
  const path = (dir: string) => join(dir, 'raft/volatile-vote/crash/election-safety.trace.json');
  t.is(readFileSync(path(a), 'utf8'), readFileSync(path(b), 'utf8'));
  t.regex(first.stdout, /reproduce: npx leadercheck check raft\/volatile-vote --profile crash --nodes 3 --seed 1 --run \d+/);
  const replayed = cli(['replay', path(a)]);
  t.is(replayed.code, 1);
  t.regex(replayed.stdout, /VIOLATION election-safety at step \d+/);
  const json = JSON.parse(cli(['replay', '--json', path(a)]).stdout);
  const trace = JSON.parse(readFileSync(path(a), 'utf8'));
  t.deepEqual(json.violation, trace.violation);
  t.is(json.steps.length, trace.events.length + 1);
  t.deepEqual(Object.keys(json.steps[0].views[0]), ['node', 'up', 'role', 'term', 'leader']);
});

test('the reproduction line reruns the one failing run', (t) => {
  const out = tmp();
  const first = cli(['check', 'raft/double-vote', '--profile', 'reliable', '--runs', '5000', '--seed', '3', '--out', out]);
  const line = first.stdout.match(/reproduce: npx leadercheck (.*)/)![1].split(' ');
  const again = cli([...line, '--out', tmp()]);
  t.is(again.code, 1);
  t.is(first.stdout.match(/VIOLATION .*/)![0], again.stdout.match(/VIOLATION .*/)![0]);
});

test('check of the real Raft passes in every profile', (t) => {
  const r = cli(['check', 'raft', '--runs', '100', '--seed', '7', '--out', tmp()]);
  t.is(r.code, 0, r.stdout);
  t.is(r.stdout.match(/ ok: 100 runs/g)?.length, profiles.length);
});

test('simulate tells the story of an election, a crash and a re-election', (t) => {
  const r = cli(['simulate', 'raft', '--nodes', '3', '--seed', '1', '--crash-leader-at', '100']);
  t.is(r.code, 0);
  const lines = r.stdout.split('\n');
  const fails = lines.findIndex((l) => / Node (\d) fails\./.test(l));
  t.true(fails > 0, r.stdout);
  const crashed = lines[fails].match(/Node (\d) fails/)![1];
  t.regex(lines.slice(0, fails).join('\n'), new RegExp(`Node ${crashed}: I am the leader!`));
  const after = lines.slice(fails).join('\n');
  const winner = after.match(/Node (\d): I am the leader!/)?.[1];
  t.truthy(winner);
  t.not(winner, crashed);
  t.regex(after, new RegExp(`Node \\d: Node ${winner} is the leader\\.`));
});

test('list names every model, profile and property', (t) => {
  const r = cli(['list']);
  t.is(r.code, 0);
  for (const name of ['raft/volatile-vote', 'bully', 'ring', 'chaos', 'swarm', 'election-safety', 'agreement']) t.true(r.stdout.includes(name), name);
  t.regex(r.stdout, /single-leader: violated under reliable, lossy, crash, partition, pauses, drift, chaos, swarm/, 'the catalog is listed');
});

test('--model-file loads a user model; its trace records the file and replays with it', (t) => {
  const out = tmp();
  const model = join(process.cwd(), 'test/fixtures/bossy.mjs');
  const r = cli(['check', '--model-file', model, '--profile', 'reliable', '--runs', '50', '--out', out]);
  t.is(r.code, 1, r.stdout + r.stderr);
  const path = join(out, 'bossy/reliable/election-safety.trace.json');
  t.is(JSON.parse(readFileSync(path, 'utf8')).modelFile, model);
  t.is(cli(['replay', path]).code, 2, 'replay without --model-file says how to run it');
  t.is(cli(['replay', path, '--model-file', model]).code, 1);
});

test('--model-file that does not exist is one line, exit 2', (t) => badInput(t, ['check', '--model-file', '/no/model.mjs'], /no such file/));

test('list with an argument is one line, exit 2', (t) => badInput(t, ['list', 'extra'], /list takes no arguments/));

test('a trace whose config the model cannot boot with is bad input, exit 2', (t) => {
  const dir = tmp();
  for (const [name, timeout] of [['abc', 'abc'], ['null', null]] as const) {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify({ format: 'leadercheck/trace@1', model: 'raft', nodes: 3, config: { electionTimeout: timeout }, events: [] }));
    badInput(t, ['replay', file], /trace: the model cannot boot with config/);
  }
});

test('a model error prints one line even when the model throws a multi-line message', (t) => {
  const model = join(process.cwd(), 'test/fixtures/multiline-thrower.mjs');
  const r = cli(['simulate', '--model-file', model]);
  t.is(r.code, 1);
  t.is(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  t.regex(r.stderr, /model error: model threw on node 1 handling init: first line/);
});

test('a model named twice is checked once', (t) => {
  const r = cli(['check', 'raft', 'raft', '--profile', 'reliable', '--runs', '5', '--out', tmp()]);
  t.is(r.code, 0, r.stdout);
  t.is(r.stdout.match(/^check raft \/ reliable/gm)?.length, 1);
});

test('shrink --out DIR writes the regression-named trace there and prints its path', (t) => {
  const dir = tmp();
  const input = join(dir, 'by-hand.json');
  const regression = JSON.parse(readFileSync('reports/regressions/raft-volatile-vote.crash.election-safety.trace.json', 'utf8'));
  delete regression.profile;
  writeFileSync(input, JSON.stringify(regression));
  const r = cli(['shrink', input, '--out', join(dir, 'out')]);
  t.is(r.code, 1, r.stderr);
  const written = join(dir, 'out', 'raft-volatile-vote.handwritten.election-safety.trace.json');
  t.true(r.stdout.includes(`trace: ${written} (.txt, .md and .html beside it)`), r.stdout);
  t.is(JSON.parse(readFileSync(written, 'utf8')).violation.property, 'election-safety');
  t.true(readFileSync(written.replace('.trace.json', '.md'), 'utf8').startsWith('# election-safety violated'));
});

test('shrink --out with a file name (the old form) is one line, exit 2', (t) =>
  badInput(t, ['shrink', 'reports/regressions/raft-volatile-vote.crash.election-safety.trace.json', '--out', join(tmp(), 'x.trace.json')], /shrink: --out names a directory now/));

test('a one-event counterexample reads "1 event" on its trace line, a longer one "N events"', (t) => {
  const out = tmp();
  const r = cli(['check', 'bully', '--profile', 'chaos', '--runs', '50', '--out', out]);
  t.is(r.code, 1, r.stderr);
  const lengths = [...r.stdout.matchAll(/trace\.json \((\d+) (events?);/g)].map((m) => [Number(m[1]), m[2]] as const);
  t.true(lengths.length > 0, r.stdout);
  for (const [n, noun] of lengths) t.is(noun, n === 1 ? 'event' : 'events', r.stdout);
  t.true(lengths.some(([n]) => n === 1), r.stdout);
});
