import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModel } from '../src/model/load.js';
import { decodeTrace } from '../src/trace/decode.js';
import { replay } from '../src/trace/replay.js';
import { filesUnder } from './helpers/reports.js';
import { SIGINT_READY } from '../src/cli/runControl.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));

const bin = fileURLToPath(new URL('../../bin/leadercheck.js', import.meta.url));

interface Interrupted {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From SIGINT to the child's exit. */
  exitMs: number;
}

/**
 * Spawns the CLI, sends SIGINT once it has printed `lines` lines and its SIGINT handler is
 * installed (it says so on stderr under LEADERCHECK_SIGINT_READY), and resolves with how it ended.
 * Waiting for the handler, not for a time, is what keeps the test from racing the child's start.
 */
function interruptAfter(args: string[], lines: number, delayMs = 0): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LEADERCHECK_SIGINT_READY: '1' } });
    let stdout = '';
    let stderr = '';
    let sentAt = -1;
    const maybeSend = (): void => {
      if (sentAt >= 0 || stdout.split('\n').length <= lines || !stderr.includes(SIGINT_READY)) return;
      sentAt = Infinity;
      setTimeout(() => {
        sentAt = performance.now();
        child.kill('SIGINT');
      }, delayMs);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      maybeSend();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      maybeSend();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, exitMs: performance.now() - sentAt }));
  });
}

for (const workers of ['1', '2']) {
  test(`SIGINT during check --all (${workers} worker${workers === '1' ? '' : 's'}) exits 130 with a summary and only complete, replayable traces`, async (t) => {
    const out = mkdtempSync(join(tmpdir(), 'leadercheck-sigint-'));
    // The default budget takes minutes: it is still running when the first cell is printed.
    const r = await interruptAfter(['check', '--all', '--workers', workers, '--out', out], 8);
    t.is(r.code, 130, `signal ${r.signal}; ${r.stdout.slice(-500)}${r.stderr}`);
    t.regex(r.stdout, /INTERRUPTED/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    t.true(summary.interrupted);
    t.false(summary.ok);
    t.true(summary.cells.length >= 1);
    t.true(existsSync(join(out, 'summary.md')));
    const files = Object.keys(filesUnder(out));
    t.deepEqual(files.filter((f) => f.endsWith('.tmp')), [], 'no half-written file is left');
    const traces = files.filter((f) => f.endsWith('.trace.json'));
    t.true(traces.length >= 1);
    for (const file of traces) {
      const trace = decodeTrace(readFileSync(join(out, file), 'utf8'), file);
      t.deepEqual(replay(trace, builtinModel(trace.model)).violation, trace.violation, file);
    }
    // Every violation the summary names has its trace on disk.
    for (const cell of summary.cells) {
      for (const p of cell.properties) if (p.violation !== null) t.true(files.includes(p.violation.trace), p.violation.trace);
    }
  });
}

test('SIGINT during a plain check exits 130 and writes the summary of the runs completed', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'leadercheck-sigint-check-'));
  const r = await interruptAfter(['check', 'raft', '--runs', '100000', '--workers', '2', '--out', out], 2);
  t.is(r.code, 130, `signal ${r.signal}; ${r.stdout.slice(-500)}${r.stderr}`);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  t.true(summary.interrupted);
  t.is(summary.kind, 'check');
  t.true(summary.cells.some((c: { interrupted?: boolean }) => c.interrupted === true));
  // Seven profiles, stopped during the first: the others say they never started.
  t.notRegex(r.stdout, /interrupted after 0 runs/);
  t.regex(r.stdout, /not started: interrupted before its first run/);
});

for (const workers of ['1', '2']) {
  test(`SIGINT while a model call hangs (--workers ${workers}) exits 130 within 2 s, with the summary of the runs completed`, async (t) => {
    const out = mkdtempSync(join(tmpdir(), 'leadercheck-sigint-hung-'));
    // A deadline far past the signal, however slow the machine: the worker is stuck in the call when it comes.
    const r = await interruptAfter(['check', '--model-file', fixture('hanging-step.mjs'), '--workers', workers, '--out', out, '--step-timeout', '600000'], 2, 1000);
    t.is(r.code, 130, `signal ${r.signal}; ${r.stdout.slice(-500)}${r.stderr}`);
    t.true(r.exitMs < 2000, `exited ${Math.round(r.exitMs)} ms after SIGINT`);
    t.regex(r.stdout, /INTERRUPTED/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    t.true(summary.interrupted);
    t.true(existsSync(join(out, 'summary.md')));
    t.true(existsSync(join(out, 'junit.xml')));
  });
}

for (const command of ['simulate', 'explore']) {
  test(`SIGINT while ${command}'s model call hangs exits 130 at once with one line`, async (t) => {
    const cwd = mkdtempSync(join(tmpdir(), 'leadercheck-sigint-hung-'));
    const args = [command, '--model-file', fixture('hanging-step.mjs'), '--step-timeout', '600000', ...(command === 'explore' ? ['--out', cwd] : [])];
    const r = await interruptAfter(args, 0, 1000);
    t.is(r.code, 130, `signal ${r.signal}; ${r.stdout}${r.stderr}`);
    t.true(r.exitMs < 2000, `exited ${Math.round(r.exitMs)} ms after SIGINT`);
    const lines = r.stderr.split('\n').filter((line) => line !== '' && line !== SIGINT_READY);
    t.deepEqual(lines, [`leadercheck: ${command} interrupted`]);
  });
}
