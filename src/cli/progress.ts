import { SingleBar } from 'cli-progress';
import { performance } from 'node:perf_hooks';
import { counted } from '../shared/counted.js';

/**
 * Progress for long runs: a self-overwriting line on a terminal, nothing in CI logs (where stderr
 * is not a TTY), so logs stay small and deterministic.
 */
export class Progress {
  private last = 0;
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(text: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    this.stream.write(`\r\x1b[K${text}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

export interface RunCounts {
  runs: number;
  events: number;
  violations: number;
  /** Violations found whose counterexamples are not shrunk yet: a shrink can outlast every run. */
  shrinking: number;
}

/**
 * Progress of `check` with cli-progress: a bar of units done (cells, or runs) with runs, events/s
 * and violations on a terminal; on a log (not a TTY) one plain line every `logEveryMs`, so CI
 * logs stay small.
 */
export class RunProgress {
  private readonly bar: SingleBar;
  private readonly started = performance.now();

  constructor(unit: string, total: number, options: { stream?: NodeJS.WriteStream; logEveryMs?: number } = {}) {
    const stream = options.stream ?? process.stderr;
    this.bar = new SingleBar({
      stream,
      // A log gets the figures without the bar's glyphs, which only a terminal redraws into a bar.
      format: `${stream.isTTY === true ? '{bar} ' : 'progress: '}{value}/{total} ${unit} | {runs} | {eventsPerSecond} events/s | {violations}{shrinking}`,
      noTTYOutput: stream.isTTY !== true,
      notTTYSchedule: options.logEveryMs ?? 30_000,
      clearOnComplete: true,
      hideCursor: null,
      barsize: 24,
    });
    this.bar.start(total, 0, { runs: counted(0, 'run'), eventsPerSecond: 0, violations: counted(0, 'violation'), shrinking: '' });
  }

  update(done: number, counts: RunCounts): void {
    const seconds = (performance.now() - this.started) / 1000;
    this.bar.update(done, {
      runs: counted(counts.runs, 'run'),
      eventsPerSecond: seconds > 0 ? Math.round(counts.events / seconds) : 0,
      violations: counted(counts.violations, 'violation'),
      shrinking: counts.shrinking === 0 ? '' : ` | shrinking ${counts.shrinking}`,
    });
  }

  stop(): void {
    this.bar.stop();
  }
}
