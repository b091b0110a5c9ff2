import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';

// On a log (stderr not a terminal) the progress of a run is plain lines of figures; the bar's
// glyphs ("------------------------ 0/20 runs") belong to a terminal that redraws them.
test('check on a log prints plain progress lines, at the start and the end, without the bar', (t) => {
  const r = cli(['check', 'raft', '--profile', 'reliable', '--runs', '20', '--out', mkdtempSync(join(tmpdir(), 'lc-progress-'))]);
  t.is(r.code, 0, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  t.true(lines.length >= 2, r.stderr);
  for (const line of lines) t.regex(line, /^progress: \d+\/20 runs \| \d+ runs? \| \d+ events\/s \| \d+ violations?$/);
  t.regex(lines[lines.length - 1], /^progress: 20\/20 runs /);
});

// `check ... | head -1` closed the pipe after one line, and the next write died with an EPIPE stack trace.
test('a reader that closes stdout early gets no stack trace, and the run still writes its reports', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'lc-pipe-'));
  const bin = fileURLToPath(new URL('../../bin/leadercheck.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'check', 'raft', '--profile', 'reliable', '--runs', '300', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  t.is(code, 0, stderr);
  t.notRegex(stderr, /EPIPE|at .+\(.+:\d+:\d+\)/);
  t.true(existsSync(join(out, 'summary.json')));
});

test('check refuses --runs beside --run, and checks a property named twice once', (t) => {
  const both = cli(['check', 'raft', '--run', '5', '--runs', '3']);
  t.is(both.code, 2);
  t.is(both.stderr, 'leadercheck: check: --run reruns one run; --runs does not apply to it\n');
  const twice = cli(['check', 'raft', '--profile', 'reliable', '--property', 'liveness', '--property', 'liveness', '--runs', '3', '--out', mkdtempSync(join(tmpdir(), 'lc-twice-'))]);
  t.is(twice.code, 0, twice.stderr);
  t.regex(twice.stdout, /properties liveness\n/);
});

// A model-error trace's replay printed only the error line, and its .txt numbered the step one
// lower than check's MODEL ERROR line did.
test('replay of a model-error trace shows the events before the failing step, numbered as check numbers it', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'lc-model-error-'));
  const check = cli(['check', 'raft', '--profile', 'reliable', '--runs', '5', '--config', '{"heartbeat":-3}', '--out', out]);
  t.is(check.code, 1, check.stderr);
  const step = /MODEL ERROR in run \d+ at step (\d+):/.exec(check.stdout)![1];
  const path = join(out, 'raft', 'reliable', 'model-error.trace.json');
  t.regex(readFileSync(path.replace('.trace.json', '.txt'), 'utf8'), new RegExp(`model error at step ${step}: node \\d's step returned timers`));
  const r = cli(['replay', path]);
  t.is(r.code, 1);
  t.regex(r.stdout, /^0 +t=0 +boot/);
  t.regex(r.stdout, new RegExp(`\\n${Number(step) - 1} +t=\\d+ `));
  t.regex(r.stdout, new RegExp(`MODEL ERROR at step ${step}: node \\d's step returned timers`));
  t.regex(r.stderr, /^leadercheck: model error: [^\n]+\n$/);
});

// Shard 1 of 2 printed "10 runs" and shard 2 "10 runs (this shard: from run 5)": each now names its slice.
test('every shard names its slice of the runs in its header', (t) => {
  const headers = [1, 2].map((k) => cli(['check', 'raft', '--profile', 'reliable', '--runs', '10', '--shard', `${k}/2`, '--out', mkdtempSync(join(tmpdir(), 'lc-shard-'))]).stdout.split('\n')[0]);
  t.regex(headers[0], /10 runs \(shard 1\/2: runs 0 to 4\); properties/);
  t.regex(headers[1], /10 runs \(shard 2\/2: runs 5 to 9\); properties/);
});

// A new user's model re-armed a 0-tick timer that sent a message on every firing: the network grew
// without end, each event cost more than the last, and check ran for ten minutes without a report.
test('a model that floods the network is a model error with its trace, not a run that never ends', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-flood-'));
  const file = join(dir, 'flood.mjs');
  writeFileSync(
    file,
    `export default {
  name: 'flood', summary: 'sends on a 0-tick timer', defaultConfig: {}, promises: ['election-safety'],
  init: () => ({ state: { role: 'follower', leader: null }, timers: [{ name: 't', after: 0 }] }),
  step: (s, input, ctx) => ({ state: s, send: [{ to: ctx.id === 1 ? 2 : 1, msg: { type: 'X' } }], timers: input.kind === 'timer' ? [{ name: 't', after: 0 }] : [] }),
  stored: () => null,
  recover: () => ({ state: { role: 'follower', leader: null } }),
  view: (s) => ({ role: s.role, term: 0, leader: s.leader }),
};
`,
  );
  const r = cli(['check', '--model-file', file, '--profile', 'reliable', '--runs', '2', '--out', join(dir, 'out')]);
  t.is(r.code, 1, r.stderr);
  t.regex(r.stdout, /MODEL ERROR in run 0 at step \d+: node \d's step leaves 10001 messages in flight, more than 10000: the model floods the network/);
  t.true(existsSync(join(dir, 'out', 'flood', 'reliable', 'model-error.trace.json')));
});
