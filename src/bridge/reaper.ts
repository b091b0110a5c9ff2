import { type ChildProcess, spawn } from 'node:child_process';
import { writeSync } from 'node:fs';

/**
 * No bridge process outlives leadercheck. Each thread that starts one also starts a reaper: a tiny
 * shell reading this thread's list of live process groups from a pipe. When the pipe closes (the
 * thread ends, the watchdog terminates it, Ctrl-C, even SIGKILL of leadercheck: the kernel closes
 * the pipe in every case) the reaper kills every group still listed. The reaper leads its own
 * process group and ignores SIGINT, so the terminal's Ctrl-C reaches leadercheck, not it.
 */
const SCRIPT = [
  "trap '' INT TERM HUP",
  'live=" "',
  'while IFS= read -r line; do',
  '  case "$line" in',
  '    +*) live="$live${line#+} " ;;',
  '    -*) live=$(printf "%s" "$live" | sed "s/ ${line#-} / /") ;;',
  '  esac',
  'done',
  'for g in $live; do kill -KILL "-$g" 2>/dev/null; done',
].join('\n');

let reaper: { child: ChildProcess; fd: number } | null = null;

function reaperFd(): number | null {
  if (reaper === null) {
    const child = spawn('sh', ['-c', SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    child.on('error', () => undefined);
    const handle = (child.stdin as unknown as { _handle?: { fd: number; unref?(): void } } | null)?._handle;
    if (child.pid === undefined || handle === undefined) return null;
    child.unref();
    handle.unref?.();
    reaper = { child, fd: handle.fd };
  }
  return reaper.fd;
}

function tell(line: string): void {
  const fd = reaperFd();
  if (fd === null) return;
  try {
    writeSync(fd, line);
  } catch {
    // The reaper is gone: the process group is still killed by close() on every path we control.
  }
}

/** A new bridge process (leading its own group): killed with its group if this thread ends first. */
export function watchChild(pid: number): void {
  tell(`+${pid}\n`);
}

/** A bridge process this thread killed itself: its id may be reused, so the reaper drops it. */
export function forgetChild(pid: number): void {
  tell(`-${pid}\n`);
}
