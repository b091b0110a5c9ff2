import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { builtinModels } from '../models/index.js';
import { explorerApp, explorerSetup } from '../src/cli/commands/explorer.js';
import { InputError, ModelError } from '../src/shared/errors.js';
import { startExplorer } from '../src/explorer/server.js';
import { cli } from './helpers/cli.js';
import { post, raw, spawnExplorer } from './helpers/explorerHttp.js';

const VOLATILE = 'reports/regressions/raft-volatile-vote.crash.election-safety.trace.json';
const regression = JSON.parse(readFileSync(VOLATILE, 'utf8'));
const untimed = (e: Record<string, unknown>) => {
  const { at: _at, after: _after, ...rest } = e;
  return rest;
};

/** An explorer of `argv` on a free port in this process, closed when the test ends. */
async function serve(t: { teardown(fn: () => unknown): void }, argv: string[]) {
  const server = await startExplorer(await explorerApp(argv), 0);
  t.teardown(() => server.close());
  return server;
}

test('it binds 127.0.0.1 and serves the page, with a nonce policy and no model string in the markup', async (t) => {
  const server = await serve(t, ['--model-file', 'test/fixtures/img-onerror.mjs']);
  t.regex(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const page = await raw(server.port, {});
  t.is(page.status, 200);
  t.regex(String(page.headers['content-type']), /^text\/html/);
  const policy = String(page.headers['content-security-policy']);
  const nonce = /'nonce-([^']+)'/.exec(policy)![1];
  t.true(page.body.includes(`<script nonce="${nonce}">`));
  t.regex(policy, /default-src 'none'/);
  t.is(page.headers['x-content-type-options'], 'nosniff');
  t.false(page.body.includes('pwned'), 'model strings travel as JSON, never in the markup');
  t.false(/https?:\/\/(?!www\.w3\.org)/.test(page.body), 'nothing is fetched from elsewhere');
  const second = await raw(server.port, {});
  t.not(/'nonce-([^']+)'/.exec(String(second.headers['content-security-policy']))![1], nonce, 'a fresh nonce per page');
});

test('a request whose Host is not loopback with this port is refused with one line (DNS rebinding)', async (t) => {
  const server = await serve(t, ['raft']);
  for (const host of ['evil.example:' + server.port, `localhost:${server.port + 1}`, 'localhost', '127.0.0.1.evil.example', `192.168.1.2:${server.port}`]) {
    const response = await raw(server.port, { path: '/api/state', headers: { host } });
    t.is(response.status, 403, host);
    t.regex(response.body, /^refused: Host .* is not this explorer \(localhost only\)\n$/);
  }
  for (const host of [`localhost:${server.port}`, `LOCALHOST:${server.port}`, `127.0.0.1:${server.port}`, `[::1]:${server.port}`]) {
    t.is((await raw(server.port, { path: '/api/state', headers: { host } })).status, 200, host);
  }
  for (const origin of ['null', 'https://localhost:' + server.port, 'http://localhost:' + (server.port + 1)]) {
    const refused = await raw(server.port, { method: 'POST', path: '/api/undo', headers: { origin, 'content-type': 'application/json' }, body: '{}' });
    t.is(refused.status, 403, origin);
  }
  const cross = await raw(server.port, { method: 'POST', path: '/api/undo', headers: { origin: 'http://evil.example', 'content-type': 'application/json' }, body: '{}' });
  t.is(cross.status, 403);
  t.regex(cross.body, /^refused: Origin/);
  t.is((await raw(server.port, { method: 'POST', path: '/api/undo', headers: { origin: server.url.slice(0, -1), 'content-type': 'application/json' }, body: '{}' })).status, 200);
});

test('changes are POST with a JSON body only', async (t) => {
  const server = await serve(t, ['raft']);
  const form = await raw(server.port, { method: 'POST', path: '/api/step', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'event=1' });
  t.is(form.status, 415);
  t.is((await raw(server.port, { method: 'POST', path: '/api/step', headers: { 'content-type': 'text/plain' }, body: '{}' })).status, 415);
  t.is((await raw(server.port, { method: 'POST', path: '/api/step', body: '{}' })).status, 415);
  t.is((await raw(server.port, { method: 'PUT', path: '/api/step', headers: { 'content-type': 'application/json' }, body: '{}' })).status, 405);
  t.is((await raw(server.port, { method: 'POST', path: '/api/step', headers: { 'content-type': 'application/json' }, body: '{' })).status, 400);
  t.is((await raw(server.port, { method: 'POST', path: '/api/step', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '[]' })).status, 400);
  t.is((await raw(server.port, { path: '/nothing' })).status, 404);
  const wrong = await post(server.port, '/api/step', { event: { kind: 'deliver', id: 9 } });
  t.is(wrong.status, 400);
  t.regex(wrong.json.error, /not enabled at step 0/);
  const state = JSON.parse((await raw(server.port, { path: '/api/state' })).body);
  t.is(state.cursor, 0, 'a refused step changes nothing');
});

test('clicking the volatile-vote counterexample over HTTP warns at its step; the saved trace replays to the same violation', async (t) => {
  const server = await serve(t, ['raft/volatile-vote', '--property', 'election-safety']);
  let last: any;
  for (const event of regression.events) {
    last = await post(server.port, '/api/step', { event: untimed(event) });
    t.is(last.status, 200);
    const expectNew = last.json.cursor === regression.violation.step;
    t.is(last.json.newly.length, expectNew ? 1 : 0, `a warning exactly at step ${regression.violation.step}`);
  }
  t.deepEqual(last.json.violation, regression.violation);
  t.deepEqual(last.json.newly, [regression.violation]);
  const saved = await raw(server.port, { path: '/api/trace' });
  t.is(saved.status, 200);
  t.regex(String(saved.headers['content-disposition']), /attachment; filename="raft-volatile-vote\.explorer\.trace\.json"/);
  const dir = mkdtempSync(join(tmpdir(), 'explorer-'));
  writeFileSync(join(dir, 'saved.trace.json'), saved.body);
  const replayed = cli(['replay', join(dir, 'saved.trace.json')]);
  t.is(replayed.code, 1);
  t.is(replayed.stderr, '', 'replay observes the violation the trace records');
  t.true(replayed.stdout.includes(`VIOLATION election-safety at step 8: ${regression.violation.detail}`));
  // Undo past the violation and the warning is gone.
  const undone = await post(server.port, '/api/undo', {});
  t.is(undone.json.violation, null);
  t.is((await post(server.port, '/api/redo', {})).json.violation.step, 8);
});

test('a trace is loaded over HTTP and continued from one of its steps', async (t) => {
  const server = await serve(t, ['raft/volatile-vote']);
  const loaded = await post(server.port, '/api/load', { text: readFileSync(VOLATILE, 'utf8'), name: 'vv.trace.json' });
  t.is(loaded.status, 200);
  t.is(loaded.json.cursor, 8);
  t.is(loaded.json.timeline.length, 9);
  t.is(loaded.json.timeline[3].label, 'deliver #3 2->1 RequestVoteReply t1 granted');
  const back = await post(server.port, '/api/goto', { step: 3 });
  t.is(back.json.cursor, 3);
  t.is(back.json.violation, null);
  const other = await post(server.port, '/api/step', { event: { kind: 'crash', node: 2 } });
  t.is(other.json.timeline.length, 5);
  const bad = await post(server.port, '/api/load', { text: 'not json', name: 'x.txt' });
  t.is(bad.status, 400);
  t.regex(bad.json.error, /^x\.txt: not a trace/);
  const userTrace = { ...JSON.parse(readFileSync(VOLATILE, 'utf8')), modelFile: 'elsewhere.mjs' };
  const user = await post(server.port, '/api/load', { text: JSON.stringify(userTrace), name: 'user.trace.json' });
  t.is(user.status, 400);
  t.is(user.json.error, 'user.trace.json: this trace is of a user model; start the explorer with --model-file elsewhere.mjs');
  const otherModel = await post(server.port, '/api/load', { text: readFileSync('reports/regressions/raft-double-vote.reliable.election-safety.trace.json', 'utf8') });
  t.regex(otherModel.json.error, /the explorer runs "raft\/volatile-vote"/);
});

test('a bad model name, node count or port is one line and exit 2', (t) => {
  for (const [args, message] of [
    [['explorer', 'nope'], /^leadercheck: unknown model "nope"; known models: /],
    [['explorer'], /^leadercheck: explorer: name a model/],
    [['explorer', 'raft', '--nodes', '9'], /^leadercheck: --nodes must be an integer from 1 to 8/],
    [['explorer', 'raft', '--port', '70000'], /^leadercheck: --port must be an integer from 0 to 65535/],
    [['explorer', 'raft', '--property', 'nope'], /^leadercheck: unknown property "nope"/],
    [['explorer', 'raft', '--trace', VOLATILE], /is a trace of "raft\/volatile-vote", not "raft"/],
    [['explorer', '--trace', VOLATILE, '--nodes', '4'], /--trace brings its own node count; leave out --nodes/],
    [['explorer', '--trace', 'test/fixtures/bossy.mjs'], /not a trace/],
  ] as const) {
    const r = cli([...args]);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, message);
    t.is(r.stderr.split('\n').length, 2, 'one line');
  }
});

test('the command prints its URL on one line, serves the trace it was given, and Ctrl-C stops it with exit 130', async (t) => {
  const explorer = await spawnExplorer(['--trace', VOLATILE]);
  const state = JSON.parse((await raw(explorer.port, { path: '/api/state' })).body);
  t.is(state.cursor, 8);
  t.deepEqual(state.violation, regression.violation);
  explorer.child.kill('SIGINT');
  const { code, stderr } = await explorer.exited;
  t.is(code, 130);
  t.regex(stderr, /explorer stopped/);
});

test('a port in use is one line and exit 2', async (t) => {
  const server = await serve(t, ['raft']);
  const r = cli(['explorer', 'raft', '--port', String(server.port)]);
  t.is(r.code, 2);
  t.regex(r.stderr, /^leadercheck: explorer: port \d+ is in use; give another with --port \(0 picks a free one\)\n$/);
});

test('an event the model throws on is refused with the model\'s one line, and the path stays as it was', async (t) => {
  const server = await serve(t, ['--model-file', 'test/fixtures/throwing.mjs']);
  const tick = { kind: 'timer', node: 2, timer: 'tick' };
  t.is((await post(server.port, '/api/step', { event: tick })).status, 200);
  t.is((await post(server.port, '/api/step', { event: tick })).status, 200);
  const thrown = await post(server.port, '/api/step', { event: tick });
  t.is(thrown.status, 422);
  t.is(thrown.json.error, 'model error: model threw on node 2 handling tick: fired three times');
  const state = JSON.parse((await raw(server.port, { path: '/api/state' })).body);
  t.is(state.cursor, 2);
  t.is(state.timeline.length, 3);
  // Undo, and the event that threw is offered again from an earlier step; another one is taken.
  await post(server.port, '/api/undo', {});
  t.is((await post(server.port, '/api/step', { event: { kind: 'timer', node: 1, timer: 'tick' } })).json.cursor, 2);
});

test('a model that fails at boot is a model error, exit 1, one line', (t) => {
  const r = cli(['explorer', '--model-file', 'test/fixtures/throwing-init.mjs', '--port', '0']);
  t.is(r.code, 1);
  t.regex(r.stderr, /^leadercheck: model error: .*init/);
  t.is(r.stderr.split('\n').length, 2);
});

test('the command line, fuzzed without listening: it is read whole, or refused with one InputError line, never another error', async (t) => {
  const values: Record<string, string[]> = {
    nodes: ['1', '3', '8', '0', '9', 'x', '', '2.5'],
    port: ['0', '7357', '65535', '-1', '65536', 'x', ''],
    trace: [VOLATILE, 'reports/regressions/raft-double-vote.reliable.election-safety.trace.json', 'missing.trace.json', 'test/fixtures/bossy.mjs', 'test'],
    property: ['election-safety', 'liveness', 'agreement', 'nope', ''],
    'model-file': ['test/fixtures/bossy.mjs', 'test/fixtures/img-onerror.mjs', 'test/fixtures/throwing-init.mjs', 'nope.mjs', VOLATILE],
  };
  const chunk = fc.oneof(
    ...Object.entries(values).map(([name, vs]) => fc.constantFrom(...vs).map((v) => [`--${name}`, v])),
    fc.constantFrom(...builtinModels.map((m) => m.name), 'nope', '').map((m) => [m]),
    fc.constantFrom('--nope', '-x', '--nodes').map((j) => [j]),
  );
  let read = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(chunk, { maxLength: 4 }), async (chunks) => {
      const argv = chunks.flat();
      try {
        await explorerSetup(argv);
        read++;
      } catch (error) {
        if (error instanceof InputError) {
          if (error.message.includes('\n') || error.message === '') throw new Error(`${JSON.stringify(argv)}: not one line: ${error.message}`);
        } else if (!(error instanceof ModelError)) throw new Error(`${JSON.stringify(argv)}: ${(error as Error).stack}`);
      }
    }),
    { seed: 16, numRuns: 300 },
  );
  t.true(read > 10, `some command lines are read whole (${read})`);
});
