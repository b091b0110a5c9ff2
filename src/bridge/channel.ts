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
    return this.requestMany([line], deadlineMs)[0];
  }

  /**
   * Sends several lines at once and returns their answers, in order: one write and as few reads
   * as the process allows, instead of a round trip each (a rebuild's replay, a forget sent with
   * the request after it). Writing and reading interleave, so a long batch never fills both
   * pipes and deadlocks. Each answer may take `deadlineMs` after the one before it.
   */
  requestMany(lines: readonly string[], deadlineMs: number): string[] {
    if (this.closed) throw new ChannelError('was stopped', 'exited');
    // Polling a pipe with nothing in it throws EAGAIN, and an error's stack trace is most of its
    // cost: none is taken while this channel polls (the errors are caught here, never shown).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      // A line written after the last answer would be taken for this request's answer: look first.
      this.drainUnasked();
      if (this.pending !== '') throw new ChannelError(`printed a line nobody asked for: ${clip(this.pending)}`, 'exited');
      return this.exchange(Buffer.from(lines.map((l) => (l.endsWith('\n') ? l : `${l}\n`)).join(''), 'utf8'), lines.length, deadlineMs);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }

  private exchange(data: Buffer, count: number, deadlineMs: number): string[] {
    const answers: string[] = [];
    let deadline = performance.now() + deadlineMs;
    let spins = 0;
    while (answers.length < count) {
      let progress = false;
      if (data.length > 0) {
        const n = this.tryWrite(data);
        if (n > 0) {
          data = data.subarray(n);
          progress = true;
        }
      }
      const n = this.tryRead();
      if (n === 0) throw new ChannelError(this.pending === '' ? 'exited' : `exited in the middle of a line: ${clip(this.pending)}`, 'exited');
      if (n > 0) {
        progress = true;
        const before = answers.length;
        this.takeLines(answers, count);
        if (answers.length > before) deadline = performance.now() + deadlineMs;
      }
      if (progress) {
        spins = 0;
        continue;
      }
      if (performance.now() > deadline) {
        throw new ChannelError(data.length > 0 ? 'did not read its input within the deadline' : `did not answer within ${deadlineMs} ms`, 'timeout');
      }
      if (++spins > SPINS_BEFORE_SLEEP) Atomics.wait(sleeper, 0, 0, SLEEP_MS);
    }
    return answers;
  }

  /** Bytes written, or -1 when the pipe is full. */
  private tryWrite(data: Buffer): number {
    try {
      return writeSync(this.inFd, data);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN') throw new ChannelError(`stopped reading its input (${code ?? 'write failed'})`, 'exited');
      return -1;
    }
  }

  /** Bytes read into `pending`, 0 at the end of the stream, or -1 when nothing is there yet. */
  private tryRead(): number {
    let n: number;
    try {
      n = readSync(this.outFd, this.buffer, 0, this.buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN') throw new ChannelError(`has an output that cannot be read (${code ?? 'read failed'})`, 'exited');
      return -1;
    }
    if (n > 0) this.pending += this.buffer.toString('utf8', 0, n);
    return n;
  }

  /** Moves whole lines from `pending` to `answers`, at most up to `count`; the rest stays pending. */
  private takeLines(answers: string[], count: number): void {
    let from = 0;
    while (answers.length < count) {
      const end = this.pending.indexOf('\n', from);
      if (end < 0) break;
      answers.push(this.pending.slice(from, end));
      from = end + 1;
    }
    if (from > 0) this.pending = this.pending.slice(from);
  }

  private drainUnasked(): void {
    try {
      this.tryRead();
    } catch {
      // Any problem shows when the answer is read.
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
