/**
 * No bridge process outlives a leadercheck killed with SIGKILL (docs/bridge.md, "Process
 * lifetime"): the reaper kills them, and an adapter whose reaper died too exits by itself when
 * its stdin closes, which the protocol requires of every adapter. Checked with `ps`.
 */
import test, { type ExecutionContext } from 'ava';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goneWithin, liveTagged } from './helpers/bridgeFixtures.js';

const bin = fileURLToPath(new URL('../../bin/leadercheck.js', import.meta.url));
let tags = 0;

/**
 * A built-in adapter with a tag as its last argument, which both ignore (the Go flags stop at it,
 * the Python Bully reads only --no-reelection), so `ps` finds exactly this test's processes.
 */
function tagged(kind: 'go' | 'python'): { path: string; tag: string } {
  const dir = mkdtempSync(join(tmpdir(), 'leadercheck-kill-'));
  const tag = `lc-kill-${process.pid}-${Date.now()}-${tags++}`;
  const path = join(dir, 'adapter.json');
  const args = kind === 'go' ? [resolve('models/bridged/etcd-raft/launch.sh'), '-variant', 'etcd-raft', tag] : ['-u', resolve('models/bridged/python-bully/bully.py'), tag];
  writeFileSync(path, JSON.stringify({ bridge: 'leadercheck/bridge@1', command: kind === 'go' ? 'sh' : 'python3', args }));
  return { path, tag };
}

/** The pids of leadercheck's reapers (its `sh` children running the reaper loop). */
function reapersOf(pid: number): number[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return ps
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => Number(f[1]) === pid && f[2] === 'sh' && f[3] === '-c' && f[4] === 'trap')
    .map((f) => Number(f[0]));
}

/**
 * Starts a long check and resolves once `count` processes carry the tag (main thread and two
 * workers). Long because it checks a property both adapters keep under chaos: the Bully loses
 * single-leader at run 0, and a check that stops there, shrinks (to one event, in well under a
 * second) and exits may have no processes left by the time this test looks.
 */
async function startCheck(t: ExecutionContext, path: string, tag: string, count: number): Promise<number> {
  const out = mkdtempSync(join(tmpdir(), 'leadercheck-kill-out-'));
  // stderr goes to a file the failure message shows: a check that ends before the test looks (a
  // model error under load, a failed build) must say why, and holds no pipe of this test's.
  const stderrPath = join(out, 'stderr.txt');
  const stderrFd = openSync(stderrPath, 'w');
  // Load (CI runs every file at once) must not make a step miss its deadline: that would end the
  // check this test means to kill, so its deadline is far above the default.
  const child = spawn(process.execPath, [bin, 'check', '--model-file', path, '--profile', 'chaos', '--property', 'term-monotonic', '--runs', '100000', '--workers', '2', '--step-timeout', '120000', '--out', out], { stdio: ['ignore', 'ignore', stderrFd] });
  closeSync(stderrFd);
  const running = () => child.exitCode === null && child.signalCode === null;
  // Whatever the assertions say, the check never outlives its test, so this file always exits
  // (kill of a child that has ended is a no-op).
  t.teardown(() => child.kill('SIGKILL'));
  // A worktree without `npm ci` builds the Go adapter on first use: over a minute at a load of 20.
  const end = Date.now() + 180_000;
  while (liveTagged(tag).length < count && running() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  const live = liveTagged(tag).length;
  // stderr is shown either way: a check that is failing (a worker's process gone) may not have ended yet.
  const state = running() ? 'still running' : `the check ended (exit ${child.exitCode ?? child.signalCode})`;
  const why = `${state}: ${lastWords(readFileSync(stderrPath, 'utf8')) || 'nothing on stderr'}`;
  t.true(live >= count, `the processes started: ${live} of ${count} live, ${why}`);
  return child.pid!;
}

/**
 * The last lines of a check's stderr that say something: its progress lines (one per update, off
 * a terminal) would crowd out the reason it ended.
 */
function lastWords(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('progress: '))
    .slice(-3)
    .join(' | ');
}

/** SIGKILL, where a process already gone (the failure startCheck reported) is not a second error. */
function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // ESRCH: it ended by itself.
  }
}

for (const kind of ['etcd (Go)', 'python-bully (Python)'] as const) {
  const descriptor = () => tagged(kind === 'etcd (Go)' ? 'go' : 'python');

  test.serial(`SIGKILL of leadercheck: the reaper ends every ${kind} bridge process`, async (t) => {
    const { path, tag } = descriptor();
    const pid = await startCheck(t, path, tag, 2);
    killIfAlive(pid);
    t.deepEqual(await goneWithin(tag, 5000), []);
  });

  test.serial(`SIGKILL of leadercheck and its reapers at once: each ${kind} bridge process exits when its stdin closes`, async (t) => {
    const { path, tag } = descriptor();
    const pid = await startCheck(t, path, tag, 2);
    const reapers = reapersOf(pid);
    t.true(reapers.length >= 1, 'leadercheck has its reapers');
    for (const reaper of reapers) killIfAlive(reaper);
    killIfAlive(pid);
    t.deepEqual(await goneWithin(tag, 5000), []);
  });
}
