import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetChild, watchChild } from './reaper.js';

/** How a bridge process is started: the descriptor's command, run in the descriptor's folder. */
export interface ProcessSpec {
  command: string;
  args: readonly string[];
  cwd: string;
}

/** Why a request got no answer: the process is gone, it missed the deadline, or it cannot be reached. */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly reason: 'exited' | 'timeout' | 'spawn',
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** Polls this many times before each short sleep: the round trip is ~25 us then, and a slow child costs no core. */
const SPINS_BEFORE_SLEEP = 50;
const SLEEP_MS = 0.02;
const STDERR_TAIL_BYTES = 4096;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

let stderrFiles = 0;

/**
 * One external process, spoken to synchronously: the model hooks that call it are synchronous, so
 * a request is written to the child's stdin with writeSync and its answer read by polling the
 * child's non-blocking stdout with readSync until a whole line or the deadline: about 25 us a
 * round trip against a Python echo on an idle machine. A helper thread doing async I/O while the
 * caller waits on Atomics would add two thread wake-ups to every round trip for the same result.
 * stderr goes to an unlinked temporary file, so a chatty process never blocks on a full pipe and
 * its last lines can be shown when it fails. The child leads its own process group, which dies
 * with it, and a reaper (reaper.ts) kills the group should this thread or process end first.
 */
export class ProcessChannel {
  private readonly child: ChildProcess;
  private readonly inFd: number;
  private readonly outFd: number;
  private readonly errFd: number;
  private readonly buffer = Buffer.alloc(1 << 16);
  private pending = '';
  private closed = false;

  constructor(readonly spec: ProcessSpec) {
    const errPath = join(tmpdir(), `leadercheck-bridge-${process.pid}-${stderrFiles++}-${Date.now()}.stderr`);
    this.errFd = openSync(errPath, 'w+');
    unlinkSync(errPath);
    const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, stdio: ['pipe', 'pipe', this.errFd], detached: true });
    // A command that cannot start is reported by `pid` being unset; the 'error' event would come too late.
    child.on('error', () => undefined);
    this.child = child;
    if (child.pid === undefined) {
      closeSync(this.errFd);
      throw new ChannelError(`cannot start ${JSON.stringify(spec.command)} (no such command, or not executable)`, 'spawn');
    }
    watchChild(child.pid);
    const stdin = handleOf(child.stdin);
    const stdout = handleOf(child.stdout);
    // This thread reads stdout itself; libuv must not read it too when the event loop runs.
    stdout.readStop?.();
    this.inFd = stdin.fd;
    this.outFd = stdout.fd;
    child.unref();
    stdin.unref?.();
    stdout.unref?.();
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Sends one line and returns the one line that answers it, or throws a ChannelError. */
  request(line: string, deadlineMs: number): string {
    if (this.closed) throw new ChannelError('was stopped', 'exited');
    // A line written after the last answer would be taken for this request's answer: look first.
    this.drainUnasked();
    if (this.pending !== '') throw new ChannelError(`printed a line nobody asked for: ${clip(this.pending)}`, 'exited');
    const deadline = performance.now() + deadlineMs;
    this.writeAll(line.endsWith('\n') ? line : `${line}\n`, deadline);
    return this.readLine(deadline, deadlineMs);
  }

  private writeAll(text: string, deadline: number): void {
    let data = Buffer.from(text, 'utf8');
    let spins = 0;
    while (data.length > 0) {
      try {
        const n = writeSync(this.inFd, data);
        data = data.subarray(n);
        continue;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN') throw new ChannelError(`stopped reading its input (${code ?? 'write failed'})`, 'exited');
      }
      if (performance.now() > deadline) throw new ChannelError('did not read its input within the deadline', 'timeout');
      if (++spins > SPINS_BEFORE_SLEEP) Atomics.wait(sleeper, 0, 0, SLEEP_MS);
    }
  }

  private drainUnasked(): void {
    try {
      const n = readSync(this.outFd, this.buffer, 0, this.buffer.length, null);
      if (n > 0) this.pending += this.buffer.toString('utf8', 0, n);
    } catch {
      // EAGAIN: nothing unasked; any other problem shows when the answer is read.
    }
  }

  private readLine(deadline: number, deadlineMs: number): string {
    let spins = 0;
    for (;;) {
      let n = -1;
      try {
        n = readSync(this.outFd, this.buffer, 0, this.buffer.length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN') throw new ChannelError(`has an output that cannot be read (${code ?? 'read failed'})`, 'exited');
      }
      if (n === 0) throw new ChannelError(this.pending === '' ? 'exited' : `exited in the middle of a line: ${clip(this.pending)}`, 'exited');
      if (n > 0) {
        spins = 0;
        this.pending += this.buffer.toString('utf8', 0, n);
        const end = this.pending.indexOf('\n');
        if (end >= 0) {
          const line = this.pending.slice(0, end);
          this.pending = this.pending.slice(end + 1);
          return line;
        }
        continue;
      }
      if (performance.now() > deadline) throw new ChannelError(`did not answer within ${deadlineMs} ms`, 'timeout');
      if (++spins > SPINS_BEFORE_SLEEP) Atomics.wait(sleeper, 0, 0, SLEEP_MS);
    }
  }

  /** The last lines the process wrote on stderr, for the message of its failure ('' if none). */
  stderrTail(lines = 3): string {
    try {
      const size = fstatSync(this.errFd).size;
      const length = Math.min(size, STDERR_TAIL_BYTES);
      const tail = Buffer.alloc(length);
      readSync(this.errFd, tail, 0, length, size - length);
      return tail.toString('utf8').trimEnd().split('\n').slice(-lines).join(' | ');
    } catch {
      return '';
    }
  }

  /** Kills the process group and frees the pipes; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const pid = this.child.pid!;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    forgetChild(pid);
    this.child.stdin?.destroy();
    this.child.stdout?.destroy();
    try {
      closeSync(this.errFd);
    } catch {
      // Already closed.
    }
  }
}

interface PipeHandle {
  fd: number;
  readStop?(): void;
  unref?(): void;
}

/** The libuv pipe behind a child's stdio stream: its fd is what readSync and writeSync use. */
function handleOf(stream: unknown): PipeHandle {
  const handle = (stream as { _handle?: PipeHandle } | null)?._handle;
  if (handle === undefined || typeof handle.fd !== 'number' || handle.fd < 0) throw new ChannelError('its pipes have no file descriptor', 'spawn');
  return handle;
}

function clip(text: string): string {
  const line = text.split('\n')[0];
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}...` : line);
}
