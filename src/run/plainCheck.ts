import { performance } from 'node:perf_hooks';
import type { AnyProtocol, ModelConfig, PropertyName } from '../shared/protocol.js';
import type { ProfileName, ProfileSpec } from '../schedule/profiles.js';
import type { StrategySpec } from '../schedule/strategy.js';
import type { ShrinkResult } from '../shrink/shrinkTrace.js';
import { emptyCoverage } from '../coverage/protocolCoverage.js';
import { CheckJob } from './checkJob.js';
import { EVENTS_MAX_PER_RUN, type FoundInChunk } from './chunkTask.js';
import { drive, type ChunkRunner } from './drive.js';
import type { PlainCheckCellResult, PlainCheckSummary, PropertyVerdict, Shard, TraceFile } from './results.js';
import { mismatchesOf, modelErrorOutcome, propertyVerdict, tracePathOf } from './verdicts.js';

/** Plain `leadercheck check`: every model x profile, its runs up to the first violation. */
export interface PlainCheckOptions {
  models: readonly AnyProtocol[];
  /** Recorded in the traces of a model loaded with --model-file (and how a worker loads it). */
  modelFile?: string;
  /** `--config`: keys over each model's defaults, recorded in every trace. */
  config?: ModelConfig;
  profiles: readonly ProfileSpec[];
  nodes: number;
  /** The properties checked; null: each model's promises. */
  properties: readonly PropertyName[] | null;
  seed: string;
  /** Runs per model x profile (before sharding). */
  runs: number;
  /** `--run N`: run N alone (then `runs` is 1 and there is no shard). */
  run?: number;
  shard?: Shard;
  /** `--verify-determinism`: replay a sample of passing runs of a bridged model too (src/bridge/determinism.ts). */
  verifyDeterminism?: boolean;
  /** `--strategy` (src/schedule/strategy.ts); absent: random. */
  strategy?: StrategySpec;
}

/** One model x profile of a plain check, as it starts. */
export interface PlainCheckPair {
  protocol: AnyProtocol;
  profile: ProfileSpec;
  properties: PropertyName[];
  firstRun: number;
}

/** One model x profile, done (or cut short by an interrupt): its summary cell and what it found. */
export interface PlainCheckOutcome {
  pair: PlainCheckPair;
  cell: PlainCheckCellResult;
  /** The first violation as found, shrunk (null: interrupted before it shrank), and its trace to write. */
  violation: { found: FoundInChunk; shrunk: ShrinkResult | null; file: TraceFile } | null;
  /** Every trace the cell's verdicts link, for the caller to write. */
  traces: TraceFile[];
}

/** What the caller (the CLI) is told as a plain check goes, and how it stops one. */
export interface PlainCheckHooks {
  /** Polled between results; once true the run stops and reports the runs completed. */
  stopped(): boolean;
  onProgress?(counts: { runs: number; events: number; violations: number; shrinking: number }): void;
  /** Called in pair order, each pair before it is done and as soon as the one before it is. */
  onPairStart?(pair: PlainCheckPair): void;
  /** Called in pair order. */
  onPairDone?(outcome: PlainCheckOutcome): void;
}

/** The runs each model x profile explores, the same for all of them: `--run N` alone, or this shard's slice of `runs`. */
export function runSliceOf(options: Pick<PlainCheckOptions, 'runs' | 'run' | 'shard'>): { firstRun: number; runs: number } {
  const { runs, run, shard } = options;
  if (run !== undefined) return { firstRun: run, runs: 1 };
  if (shard === undefined) return { firstRun: 0, runs };
  const firstRun = Math.floor(((shard.index - 1) * runs) / shard.count);
  return { firstRun, runs: Math.floor((shard.index * runs) / shard.count) - firstRun };
}

interface Pair extends PlainCheckPair {
  job: CheckJob;
  startedMs: number;
}

/**
 * Runs every model x profile side by side on `runner` and reports them in order (hooks); the
 * result is the summary. It writes no files: each outcome hands out the traces its verdicts link.
 */
export async function runPlainCheck(options: PlainCheckOptions, runner: ChunkRunner, hooks: PlainCheckHooks): Promise<PlainCheckSummary> {
  const slice = runSliceOf(options);
  const pairs: Pair[] = options.models.flatMap((protocol) =>
    options.profiles.map((profile) => {
      const properties = [...(options.properties ?? protocol.promises)];
      const base = { model: protocol.name, modelFile: options.modelFile, ...(options.config === undefined ? {} : { config: options.config }), nodes: options.nodes, profile: profile.name, properties, seed: options.seed, ...(options.verifyDeterminism === true ? { verifyDeterminism: true } : {}), ...(options.strategy === undefined ? {} : { strategy: options.strategy }) };
      return { protocol, profile, properties, firstRun: slice.firstRun, job: new CheckJob(base, slice.firstRun, slice.runs), startedMs: performance.now() };
    }),
  );
  const cells: PlainCheckCellResult[] = [];
  let started = -1;
  const start = (i: number): void => {
    if (i < pairs.length && i > started) hooks.onPairStart?.(infoOf(pairs[i]));
    started = Math.max(started, i);
  };
  let reported = 0;
  const flush = (all: boolean): void => {
    for (; reported < pairs.length && (all || pairs[reported].job.done); reported++) {
      start(reported);
      const outcome = outcomeOf(pairs[reported], options.nodes);
      cells.push(outcome.cell);
      hooks.onPairDone?.(outcome);
      if (!all) start(reported + 1);
    }
  };
  start(0);
  const startedMs = performance.now();
  const interrupted = await drive(
    pairs.map((p) => p.job),
    runner,
    {
      stopped: hooks.stopped,
      onResult: () => {
        const tallies = pairs.map((p) => p.job.tally);
        hooks.onProgress?.({
          runs: tallies.reduce((n, t) => n + t.runs, 0),
          events: tallies.reduce((n, t) => n + t.events, 0),
          violations: tallies.filter((t) => t.found !== null || t.modelError !== null).length,
          shrinking: pairs.filter((p) => p.job.tally.found !== null && !p.job.done).length,
        });
        flush(false);
      },
    },
  );
  flush(interrupted);
  return {
    kind: 'check',
    seed: options.seed,
    budget: { runsPerCell: options.runs, eventsPerCell: options.runs * EVENTS_MAX_PER_RUN },
    cells,
    mismatches: mismatchesOf(cells),
    elapsedMs: performance.now() - startedMs,
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    interrupted,
  };
}

function infoOf(pair: Pair): PlainCheckPair {
  return { protocol: pair.protocol, profile: pair.profile, properties: pair.properties, firstRun: pair.firstRun };
}

/** A pair's verdicts (every property expected to hold) from its tally, with the traces they link. */
function outcomeOf(pair: Pair, nodes: number): PlainCheckOutcome {
  const { protocol, profile, job } = pair;
  const { tally } = job;
  const interrupted = !job.runsDone;
  const expect = (property: PropertyName) => ({ model: protocol.name, profile: profile.name, property, expected: 'holds' as const, reason: null });
  const properties: PropertyVerdict[] = pair.properties.map((property) => propertyVerdict(expect(property), null, tally.runs, interrupted));
  const traces: TraceFile[] = [];
  let violation: PlainCheckOutcome['violation'] = null;
  if (tally.found !== null) {
    const found = tally.found;
    // The shrunk trace is written (the found one if the run was interrupted first), while the
    // verdict gives the step and detail of the run as found.
    const trace = job.shrunk?.trace ?? found.trace;
    const file: TraceFile = { kind: 'counterexample', path: tracePathOf(protocol.name, profile.name, trace.violation!.property), trace, protocol };
    traces.push(file);
    violation = { found, shrunk: job.shrunk, file };
    const i = properties.findIndex((p) => p.property === found.violation.property);
    properties[i] = propertyVerdict(expect(found.violation.property), { ...found.violation, run: found.run, trace: file.path }, tally.runs, interrupted);
  }
  const error = tally.modelError;
  if (error !== null) {
    const { file, verdict } = modelErrorOutcome(protocol, profile.name, error);
    traces.push(file);
    properties.push(verdict);
  }
  const cell: PlainCheckCellResult = {
    kind: 'check',
    model: protocol.name,
    profile: profile.name as ProfileName,
    nodes,
    runs: tally.runs,
    events: tally.events,
    cutOffRuns: error?.cutOff === true ? [error.run] : [],
    properties,
    elapsedMs: performance.now() - pair.startedMs,
    firstRun: tally.firstRun,
    coverage: tally.coverage ?? emptyCoverage(protocol),
    interrupted,
  };
  return { pair: infoOf(pair), cell, violation, traces };
}
