import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeTrace } from '../src/trace/decode.js';
import { SIGINT_READY } from '../src/cli/runControl.js';
import { cliAsync, goneWithin, toyDescriptor } from './helpers/bridgeFixtures.js';

// A bridge process that hangs, dies or writes garbage is a model error with the trace that led
// there, and no process is left behind whichever way leadercheck ends.

const tmp = () => mkdtempSync(join(tmpdir(), 'leadercheck-bridge-out-'));
const bin = fileURLToPath(new URL('../../bin/leadercheck.js', import.meta.url));

const failures = [
  { mode: 'hang', says: /did not answer within 1500 ms \(node 1, timer tick\); its stderr ends: toy: hanging now/ },
  { mode: 'die', says: /exited \(node 1, timer tick\); its stderr ends: toy: dying now/ },
  { mode: 'garbage', says: /printed a line that is not JSON: "<html>oops<\/html>" \(node 1, timer tick\)/ },
  { mode: 'fail', says: /the adapter failed \(node 1, timer tick\): toy: step 10 refused/ },
  { mode: 'extra-line', says: /printed a line nobody asked for/ },
];

for (const { mode, says } of failures) {
  // Each thread has its own process: hangs and deaths are tried with one worker and with two.
  for (const workers of mode === 'hang' || mode === 'die' ? ['1', '2'] : ['1']) {
    test.serial(`a bridge process that answers "${mode}" is a model error with its trace (--workers ${workers}), and leaves no process`, async (t) => {
      const { path, tag } = toyDescriptor(mode, { timeoutMs: 1500 });
      const out = tmp();
      const r = await cliAsync(['check', '--model-file', path, '--profile', 'reliable', '--runs', '3', '--workers', workers, '--out', out]);
      t.is(r.code, 1, r.stdout + r.stderr);
      t.notRegex(r.stderr, /internal error/);
      t.regex(r.stdout, /MODEL ERROR in run 0 at step \d+/);
      t.regex(r.stdout, says);
      const tracePath = join(out, `toy-${mode}`, 'reliable', 'model-error.trace.json');
      t.true(existsSync(tracePath), r.stdout);
      const trace = decodeTrace(readFileSync(tracePath, 'utf8'), tracePath);
      t.like(trace.events.at(-1), { kind: 'timer', timer: 'tick' });
      t.deepEqual(await goneWithin(tag, 3000), []);
    });
  }
}

test.serial('a hang the watchdog catches first (--step-timeout below the descriptor deadline) leaves no process either', async (t) => {
  const { path, tag } = toyDescriptor('hang', { timeoutMs: 60_000 });
  const r = await cliAsync(['check', '--model-file', path, '--profile', 'reliable', '--runs', '3', '--workers', '2', '--step-timeout', '1000', '--out', tmp()]);
  t.is(r.code, 1, r.stdout + r.stderr);
  t.regex(r.stdout, /MODEL ERROR in run 0 at step \d+: node 1's step did not return within 1000 ms/);
  t.deepEqual(await goneWithin(tag, 3000), []);
});

test.serial('Ctrl-C while a bridge process hangs ends leadercheck and every bridge process', async (t) => {
  const { path, tag } = toyDescriptor('hang', { timeoutMs: 60_000 });
  const child = spawn(process.execPath, [bin, 'check', '--model-file', path, '--profile', 'reliable', '--runs', '3', '--workers', '2', '--step-timeout', '60000', '--out', tmp()], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LEADERCHECK_SIGINT_READY: '1' },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.resume();
  // Once the handler is in and the processes are hanging (the toy hangs at its 10th step), interrupt.
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (stderr.includes(SIGINT_READY) && stderr.length > 0) {
        clearInterval(poll);
        setTimeout(resolve, 1500);
      }
    }, 50);
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.kill('SIGINT');
  t.is(await closed, 130, stderr);
  t.deepEqual(await goneWithin(tag, 3000), []);
});

test.serial('a command that does not exist is exit 2 with one line', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'leadercheck-nocmd-'));
  const path = join(dir, 'missing.json');
  const descriptor = { bridge: 'leadercheck/bridge@1', command: 'leadercheck-no-such-command' };
  writeFileSync(path, JSON.stringify(descriptor));
  const r = await cliAsync(['check', '--model-file', path, '--runs', '1']);
  t.is(r.code, 2, r.stdout + r.stderr);
  t.is(r.stderr, `leadercheck: --model-file ${path}: cannot start "leadercheck-no-such-command" (no such command, or not executable)\n`);
});

test.serial('a process that exits at hello is exit 2 with one line showing its stderr', async (t) => {
  const { path } = toyDescriptor('hello-exit');
  const r = await cliAsync(['check', '--model-file', path, '--runs', '1']);
  t.is(r.code, 2, r.stdout + r.stderr);
  t.regex(r.stderr, /^leadercheck: --model-file .*: the bridge process \(python3 .*\) exited at hello \(stderr: toy: refusing to start\)\n$/);
});

test.serial('a process that answers hello with garbage is exit 2 with one line', async (t) => {
  const { path } = toyDescriptor('hello-garbage');
  const r = await cliAsync(['check', '--model-file', path, '--runs', '1']);
  t.is(r.code, 2, r.stdout + r.stderr);
  t.regex(r.stderr, /^leadercheck: --model-file .*: the bridge process \(python3 .*\) printed a line that is not JSON: "hello there" at hello\n$/);
});

test.serial('a descriptor of the wrong shape is exit 2 naming the field', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'leadercheck-baddesc-'));
  const path = join(dir, 'bad.json');
  writeFileSync(path, JSON.stringify({ bridge: 'leadercheck/bridge@1', command: 'python3', args: 'bully.py' }));
  const r = await cliAsync(['check', '--model-file', path, '--runs', '1']);
  t.is(r.code, 2);
  t.is(r.stderr, `leadercheck: --model-file ${path}: args must be a list of strings\n`);
});
