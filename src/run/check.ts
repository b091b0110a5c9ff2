import type { PropertyName } from '../shared/protocol.js';
import type { Outcome, WorldEvent } from '../shared/world.js';
import type { ProtocolCoverage } from '../coverage/protocolCoverage.js';
import { CheckJob } from './checkJob.js';
import type { FoundInChunk, ModelErrorInChunk } from './chunkTask.js';
import { driveSync } from './drive.js';
import { runTask } from './tasks.js';
import type { TraceOptions } from './traceOfRun.js';

/** What `checkModel` explores: the trace fields, the properties and how many runs. */
export interface CheckOptions extends TraceOptions {
  properties: readonly PropertyName[];
  runs: number;
  /** Index of the first run; `--run N` reruns run N alone. */
  firstRun?: number;
  /** A run longer than this is cut off and reported as a model error (it may loop). */
  eventsMaxPerRun?: number;
  /** Collect protocol coverage into `result.coverage` (off by default: it costs about a sixth of the run time). */
  coverage?: boolean;
  /** Called after every chunk of runs, for progress on a terminal. */
  onProgress?: (progress: CheckProgress) => void;
  onStep?: (outcome: Outcome, event: WorldEvent, step: number) => void;
}

/** Progress of a `checkModel` call, after each chunk of runs. */
export interface CheckProgress {
  runsDone: number;
  runs: number;
  events: number;
}

/** The first violation: its run, the violation and the run's trace up to it (not shrunk). */
export type FoundViolation = FoundInChunk;

/** What `checkModel` found: counts, and the first violation or model error (each with a trace that replays to it). */
export interface CheckResult {
  runsDone: number;
  events: number;
  /** The first violating run, if any (exploration stops there). */
  found: FoundViolation | null;
  /** The model threw, broke the world's rules or ran past the event budget (exploration stops there); its trace replays to it. */
  modelError: ModelErrorInChunk | null;
  /** Runs that hit the event budget without ending: their model may loop (each is also the model error). */
  cutOffRuns: number[];
  /** Protocol coverage of the runs done, when `coverage` was asked for. */
  coverage?: ProtocolCoverage | null;
}

/**
 * Seeded random exploration: run after run until one violates a property, the model errs or the
 * budget is spent. The same chunks of runs as plain `check`, driven in this thread.
 */
export function checkModel(options: CheckOptions): CheckResult {
  const { protocol, modelFile, nodes, profile, seed } = options;
  const strategy = options.strategy === undefined ? {} : { strategy: options.strategy };
  const base = { model: protocol.name, ...(modelFile === undefined ? {} : { modelFile }), nodes, profile: profile.name, properties: [...options.properties], seed, eventsMaxPerRun: options.eventsMaxPerRun, ...strategy };
  const job = new CheckJob(base, options.firstRun ?? 0, options.runs, { shrink: false });
  const local = { profile, config: options.config, onStep: options.onStep, coverage: options.coverage === true };
  const { tally } = job;
  driveSync([job], (task) => runTask(task, protocol, local), () => options.onProgress?.({ runsDone: tally.runs, runs: options.runs, events: tally.events }));
  const result: CheckResult = {
    runsDone: tally.runs,
    events: tally.events,
    found: tally.found,
    modelError: tally.modelError,
    cutOffRuns: tally.modelError?.cutOff === true ? [tally.modelError.run] : [],
  };
  return options.coverage === true ? { ...result, coverage: tally.coverage } : result;
}
