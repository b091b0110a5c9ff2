import { execFileSync } from 'node:child_process';
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
