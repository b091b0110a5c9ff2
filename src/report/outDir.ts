import { mkdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { InputError } from '../shared/errors.js';

/**
 * Kernel file systems, not storage: a recursive mkdir under /proc never returns, and nothing a
 * run writes belongs in either. (/dev is left alone: /dev/shm is ordinary memory-backed storage.)
 */
const PSEUDO_ROOTS = ['/proc', '/sys'];

/**
 * Makes `--out` ready before the work starts, so that a bad directory costs a line, not a run:
 * creates it (with its parents) and proves it writable by writing and removing a probe file.
 * Anything in the way is one InputError line naming the command, the path and what to do.
 * `label` names the directory in that line when it is not the --out the user gave.
 */
export function prepareOutDir(path: string, command: string, label = `--out ${JSON.stringify(path)}`): void {
  const refuse = (why: string): never => {
    throw new InputError(`${command}: ${label}: ${why}`);
  };
  if (path.trim() === '') refuse('is empty; name a directory, or leave --out out for the default');
  const existing = nearestExisting(resolve(path));
  const real = realpathSync(existing);
  if (PSEUDO_ROOTS.some((root) => real === root || real.startsWith(root + sep))) {
    refuse(`is under ${real.split(sep).slice(0, 2).join(sep)}, a kernel file system, not storage; choose another directory`);
  }
  if (!statSync(existing).isDirectory()) {
    refuse(existing === resolve(path) ? 'is a file, not a directory; choose another path' : `${existing} is a file, not a directory; choose another path`);
  }
  try {
    // One level at a time from a directory known to exist: recursive mkdir is what hangs on odd file systems.
    for (const dir of missingBelow(existing, resolve(path))) mkdirSync(dir);
    const probe = resolve(path, `.leadercheck-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    refuse(`cannot write there (${reasonOf(error)}); choose a directory you can write to`);
  }
}

/** The path itself if it exists, else its closest ancestor that does (the root at worst). */
function nearestExisting(path: string): string {
  let at = path;
  while (!exists(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/** The directories between an existing ancestor and the target, outermost first. */
function missingBelow(existing: string, target: string): string[] {
  const dirs: string[] = [];
  for (let at = target; at !== existing; at = dirname(at)) dirs.unshift(at);
  return dirs;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'a read-only file system';
  if (code === 'ENOSPC') return 'no space left';
  return code ?? 'unknown error';
}
