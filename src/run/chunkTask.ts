import { EVENTS_MAX_PER_RUN, livenessBoundTicks } from '../model/defaults.js';
import { propertiesNamed } from '../../properties/index.js';
import type { AnyProtocol, ModelConfig, PropertyName } from '../shared/protocol.js';
import type { Outcome, WorldEvent } from '../shared/world.js';
import { type FaultProfile, profileFor, profileNamed, type ProfileSpec } from '../schedule/profiles.js';
import { randomRun, type RandomRunResult, RunModelError } from '../schedule/randomRun.js';
import { runSeed } from '../schedule/rng.js';
import { type StrategySpec, strategyOfRun } from '../schedule/strategy.js';
import type { Trace } from '../trace/format.js';
import { createSystem } from '../world/world.js';
import { PLAIN_DATA_CHECKED_EVENTS } from '../kernel/execution.js';
import { modelErrorOnReplay } from '../trace/replay.js';
import { DETERMINISM_SAMPLE_EVERY, nondeterminismOf } from '../bridge/determinism.js';
import { configOfRun } from '../bridge/bridgedModel.js';
import { EachPropertyRun } from '../judge/eachPropertyRun.js';
import { type TraceOptions, traceOfRun } from './traceOfRun.js';
import { Monitor, type Violation } from '../judge/monitor.js';
import { CoverageCollector, type ProtocolCoverage } from '../coverage/protocolCoverage.js';

export { EVENTS_MAX_PER_RUN } from '../model/defaults.js';

/** The property name a model error is reported under, beside the real properties. */
export const MODEL_ERROR = 'model-error';

/**
 * A contiguous range of runs of one model x profile, as plain data so it crosses a worker
 * boundary: the model travels by name (built-in) or by module path (--model-file).
 * `first`: a Monitor over all properties, stopping at the first violation (plain `check`).
 * `each`: one verdict per property in every run (a catalog cell); only a model error stops it.
 */
export interface ChunkTask {
  kind: 'chunk';
  mode: 'first' | 'each';
  model: string;
  modelFile?: string;
  /** Config keys over the model's defaults (`--config`); absent for the defaults. */
  config?: ModelConfig;
  nodes: number;
  profile: string;
  properties: PropertyName[];
  seed: string;
  firstRun: number;
  runs: number;
  /** A run longer than this is cut off and reported as a model error (it may loop). */
  eventsMaxPerRun?: number;
  /** Replay every DETERMINISM_SAMPLE_EVERY-th passing run of a bridged model against fresh processes. */
  verifyDeterminism?: boolean;
  /** How each run orders what the timing allows (src/schedule/strategy.ts); absent: random. */
  strategy?: StrategySpec;
}

/** What one run did: enough for an aggregator to cut the sequence where a sequential loop would. */
export interface RunRecord {
  run: number;
  events: number;
  /** Properties this run violated (in `each` mode all of them, in `first` mode at most one). */
  violated: PropertyName[];
}

export interface FoundInChunk {
  run: number;
  violation: Violation;
  /** The run's trace, ending at the violation; not shrunk. */
  trace: Trace;
}

export interface ModelErrorInChunk {
  run: number;
  /** Events until the error: the last is the event the model failed on (or the event budget). */
  step: number;
  detail: string;
  /** True when the run hit the event budget; false when the model threw (or broke the world's rules). */
  cutOff: boolean;
  /** True when the last event's model call did not return within the deadline (replaying the trace would hang on it). */
  hung?: boolean;
  trace: Trace;
}

/** A chunk's outcome; every field is plain data (structured-clone safe). */
export interface ChunkResult {
  kind: 'chunk';
  firstRun: number;
  /** The runs done, in order; the chunk stops early after a model error (and in `first` mode after a violation). */
  runs: RunRecord[];
  /** The chunk's first violation of each property, by name. */
  found: Partial<Record<PropertyName, FoundInChunk>>;
  modelError: ModelErrorInChunk | null;
  /** Protocol coverage of the chunk's runs (up to its first incident in `first` mode). */
  coverage?: ProtocolCoverage;
}

/**
 * What only a chunk run in this thread can be given (the library's `checkModel`): none of it
 * crosses to a worker, so the CLI's tasks never carry it.
 */
export interface LocalChunkOptions {
  /** Flat options of the caller's own, in place of the task's named profile (whose name the traces still record). */
  profile?: ProfileSpec | FaultProfile;
  config?: ModelConfig;
  onStep?: (outcome: Outcome, event: WorldEvent, step: number) => void;
  /** Collect protocol coverage (default true); it costs about a sixth of the run time. */
  coverage?: boolean;
}

/** Runs a chunk. Each run's seed derives from the base seed and its index, so a chunk's result never depends on which worker ran it. */
export function runChunk(task: ChunkTask, protocol: AnyProtocol, local: LocalChunkOptions = {}): ChunkResult {
  const config = task.config ?? local.config;
  const system = createSystem(protocol, task.nodes, config);
  const spec = local.profile ?? profileNamed(task.profile);
  const bound = livenessBoundTicks(protocol, task.nodes);
  const chunkTraceOptions: TraceOptions = {
    protocol,
    modelFile: task.modelFile,
    nodes: task.nodes,
    config,
    profile: spec,
    properties: task.properties,
    seed: task.seed,
    ...(task.strategy === undefined ? {} : { strategy: task.strategy }),
  };
  const each = task.mode === 'each' ? new EachPropertyRun(propertiesNamed(task.properties), bound) : null;
  const monitor = each ?? new Monitor(propertiesNamed(task.properties), bound);
  const eventsMax = task.eventsMaxPerRun ?? EVENTS_MAX_PER_RUN;
  const result: ChunkResult = { kind: 'chunk', firstRun: task.firstRun, runs: [], found: {}, modelError: null };
  // Coverage is per chunk: chunks are fixed run ranges whatever the worker count, so a cell's
  // coverage (the chunks folded up to its cut) is the same for any --workers. A `first` chunk
  // stops at its first incident, so its coverage ends where a sequential check would.
  const coverage = local.coverage === false ? null : new CoverageCollector(protocol);
  const finish = (): ChunkResult => (coverage === null ? result : { ...result, coverage: coverage.result() });
  const onStep = stepHook(coverage, local.onStep);
  const failed = (run: number, error: RunModelError): ChunkResult => {
    const events = [...error.events];
    const trace = traceOfRun({ ...chunkTraceOptions, config: configOfRun(protocol, config, runSeed(task.seed, run)) }, run, { events, violation: null, stabilization: null });
    // The last event is the one the model failed on: it never took effect, so neither the cell
    // nor its coverage counts it. A model that fails at boot has no events at all.
    result.runs.push({ run, events: Math.max(events.length - 1, 0), violated: [] });
    result.modelError = { run, step: events.length, detail: error.message, cutOff: false, trace };
    return finish();
  };
  for (let run = task.firstRun; run < task.firstRun + task.runs; run++) {
    const seed = runSeed(task.seed, run);
    // A bridged model's config carries the run's seed (src/bridge/seed.ts), so its trace does too.
    const configOfThisRun = configOfRun(protocol, config, seed);
    const runSystem = configOfThisRun === config ? system : createSystem(protocol, task.nodes, configOfThisRun);
    const traceOptions = configOfThisRun === config ? chunkTraceOptions : { ...chunkTraceOptions, config: configOfThisRun };
    let outcome: RandomRunResult;
    const profile = profileFor(spec, protocol, seed);
    const options = { system: runSystem, profile, monitor, seed, eventsMax, strategy: strategyOfRun(task.strategy, run, profile) };
    try {
      outcome = randomRun({ ...options, onStep });
    } catch (error) {
      return failed(run, error instanceof RunModelError ? error : dataFaultOnRerun(error, () => randomRun({ ...options, plainDataChecks: Infinity })));
    }
    const violations = each === null ? [outcome.violation] : each.violations(outcome.monitorState);
    const violated: PropertyName[] = [];
    for (const v of violations) {
      if (v === null) continue;
      violated.push(v.property);
      if (result.found[v.property] !== undefined) continue;
      // The trace stops at the violation and names only its property (in `each` mode), so replay judges it alone.
      const stabilization = outcome.stabilization !== null && outcome.stabilization.step <= v.step ? outcome.stabilization : null;
      const cut = { ...outcome, events: outcome.events.slice(0, v.step), violation: v, stabilization };
      const trace = traceOfRun(each === null ? traceOptions : { ...traceOptions, properties: [v.property] }, run, cut);
      // A bridged counterexample is replayed from boot against fresh processes before it is reported.
      const fault = faultOnReplay(trace, protocol) ?? nondeterminismOf(trace, protocol);
      if (fault !== null) return failed(run, fault);
      result.found[v.property] = { run, violation: v, trace };
    }
    if (task.verifyDeterminism === true && violated.length === 0 && !outcome.cutOff && run % DETERMINISM_SAMPLE_EVERY === 0) {
      const fault = nondeterminismOf(traceOfRun(traceOptions, run, outcome), protocol);
      if (fault !== null) return failed(run, fault);
    }
    result.runs.push({ run, events: outcome.events.length, violated });
    if (outcome.cutOff) {
      const detail = `run ${run} hit the event budget of ${eventsMax} events without ending (does the model loop?)`;
      result.modelError = { run, step: outcome.events.length, detail, cutOff: true, trace: traceOfRun(traceOptions, run, outcome) };
      return finish();
    }
    if (each === null && violated.length > 0) return finish();
  }
  return finish();
}

/**
 * A run checks only its first PLAIN_DATA_CHECKED_EVENTS events for plain data (the hot path
 * cannot afford more), so a counterexample is replayed with every event checked before it is
 * reported: a model that put a Map in its state later on is a model error with the trace that
 * leads there, never the violation the Map may have caused. A few replays per cell.
 */
function faultOnReplay(trace: Trace, protocol: AnyProtocol): RunModelError | null {
  return trace.events.length <= PLAIN_DATA_CHECKED_EVENTS ? null : modelErrorOnReplay(trace, protocol);
}

/**
 * A run checks only its first events for plain data, so a cycle that appears later breaks what
 * hashes the state (coverage's sketch overflows the stack) before any check sees it. The run is
 * deterministic: run again with every event checked (and no coverage), it fails on the event that
 * put the cycle there, with the events that led to it. An error the rerun does not explain is the
 * checker's own and is thrown as it is.
 */
function dataFaultOnRerun(error: unknown, rerun: () => unknown): RunModelError {
  try {
    rerun();
  } catch (again) {
    if (again instanceof RunModelError) return again;
  }
  throw error;
}

/** The coverage collector's step hook, the caller's, both or neither. */
function stepHook(coverage: CoverageCollector | null, own: LocalChunkOptions['onStep']): LocalChunkOptions['onStep'] {
  if (coverage === null) return own;
  if (own === undefined) return coverage.onStep;
  return (outcome, event, step) => {
    coverage.onStep(outcome, event);
    own(outcome, event, step);
  };
}
