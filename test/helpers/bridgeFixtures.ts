import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const toy = fileURLToPath(new URL('../../../test/fixtures/bridge/toy.py', import.meta.url));
let tags = 0;

/**
 * A descriptor for the toy adapter (test/fixtures/bridge/toy.py) in a fresh folder, with a tag in
 * its arguments that no other process has, so `liveTagged` finds exactly its processes.
 */
export function toyDescriptor(mode: string, options: { at?: number; timeoutMs?: number } = {}): { path: string; tag: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'leadercheck-bridge-'));
  const tag = `lc-tag-${process.pid}-${Date.now()}-${tags++}`;
  const descriptor: Record<string, unknown> = { bridge: 'leadercheck/bridge@1', command: 'python3', args: [toy, mode, String(options.at ?? 10), tag] };
  if (options.timeoutMs !== undefined) descriptor.timeoutMs = options.timeoutMs;
  const path = join(dir, `${mode}.json`);
  writeFileSync(path, JSON.stringify(descriptor));
  return { path, tag, dir };
}

/** The command lines of live processes that carry `tag` (zombies, already dead, are not counted). */
export function liveTagged(tag: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'stat=,args='], { encoding: 'utf8' });
  return ps.split('\n').filter((line) => line.includes(tag) && !line.trim().startsWith('Z'));
}

/** Waits (up to `ms`) for every process carrying `tag` to be gone; returns those still there. */
export async function goneWithin(tag: string, ms: number): Promise<string[]> {
  const end = Date.now() + ms;
  for (;;) {
    const live = liveTagged(tag);
    if (live.length === 0 || Date.now() > end) return live;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const bin = fileURLToPath(new URL('../../../bin/leadercheck.js', import.meta.url));

/**
 * The CLI run as a child without blocking the test's event loop (helpers/cli.ts uses spawnSync):
 * bridged runs are slow enough that a file of synchronous ones would starve ava's timeout.
 */
export function cliAsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LEADERCHECK_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
