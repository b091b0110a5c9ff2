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

const bin = fileURLToPath(new URL('../../bin/leadercheck.js', import.meta.url));

/** Spawns the CLI, sends SIGINT once it has printed `lines` lines, and resolves with its exit code. */
function interruptAfter(args: string[], lines: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!sent && stdout.split('\n').length > lines) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout }));
  });
}

for (const workers of ['1', '2']) {
  test(`SIGINT during check --all (${workers} worker${workers === '1' ? '' : 's'}) exits 130 with a summary and only complete, replayable traces`, async (t) => {
    const out = mkdtempSync(join(tmpdir(), 'leadercheck-sigint-'));
    // The default budget takes minutes: it is still running when the first cell is printed.
    const r = await interruptAfter(['check', '--all', '--workers', workers, '--out', out], 8);
    t.is(r.code, 130, r.stdout.slice(-500));
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
  t.is(r.code, 130);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  t.true(summary.interrupted);
  t.is(summary.kind, 'check');
  t.true(summary.cells.some((c: { interrupted?: boolean }) => c.interrupted === true));
  // Seven profiles, stopped during the first: the others say they never started.
  t.notRegex(r.stdout, /interrupted after 0 runs/);
  t.regex(r.stdout, /not started: interrupted before its first run/);
});
