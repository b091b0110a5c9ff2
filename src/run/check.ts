import { propertiesNamed } from '../../properties/index.js';
import type { AnyProtocol, ModelConfig, PropertyName } from '../shared/protocol.js';
import { type FaultProfile, knobsOf, profileFor, type ProfileSpec } from '../schedule/profiles.js';
import { randomRun, type RandomRunResult } from '../schedule/randomRun.js';
import { runSeed } from '../schedule/rng.js';
import { TRACE_FORMAT, type Trace } from '../trace/format.js';
import type { Outcome, WorldEvent } from '../shared/world.js';
import { createSystem } from '../world/world.js';
import { livenessBoundTicks } from '../model/defaults.js';
import { Monitor } from '../judge/monitor.js';

export interface CheckOptions {
  protocol: AnyProtocol;
  /** Recorded in traces of a model loaded with --model-file. */
  modelFile?: string;
  nodes: number;
  config?: ModelConfig;
  /** A named profile (`synchronous` resolves per model, `swarm` per run) or flat options of your own. */
  profile: ProfileSpec | FaultProfile;
  properties: readonly PropertyName[];
  seed: string;
  runs: number;
  /** Index of the first run; `--run N` reruns run N alone. */
  firstRun?: number;
  eventsMaxPerRun?: number;
  /** Called every few runs, for progress on a terminal. */
  onProgress?: (progress: CheckProgress) => void;
  onStep?: (outcome: Outcome, event: WorldEvent, step: number) => void;
}

export interface CheckProgress {
  runsDone: number;
  runs: number;
  events: number;
}

export interface FoundViolation {
  run: number;
  result: RandomRunResult;
  trace: Trace;
}

export interface CheckResult {
  runsDone: number;
  events: number;
  /** The first violating run, if any (exploration stops there). */
  found: FoundViolation | null;
  /** Runs that hit the event budget without ending: their model may loop. */
  cutOffRuns: number[];
}

/** Seeded random exploration: run after run until one violates a property or the budget is spent. */
export function checkModel(options: CheckOptions): CheckResult {
  const system = createSystem(options.protocol, options.nodes, options.config);
  const monitor = new Monitor(propertiesNamed(options.properties), livenessBoundTicks(options.protocol));
  const first = options.firstRun ?? 0;
  let events = 0;
  const cutOffRuns: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const run = first + i;
    const seed = runSeed(options.seed, run);
    const result = randomRun({
      system,
      profile: profileFor(options.profile, options.protocol, seed),
      monitor,
      seed,
      eventsMax: options.eventsMaxPerRun,
      onStep: options.onStep,
    });
    events += result.events.length;
    if (result.cutOff) cutOffRuns.push(run);
    if (result.violation !== null) {
      return { runsDone: i + 1, events, found: { run, result, trace: traceOfRun(options, run, result) }, cutOffRuns };
    }
    if (options.onProgress !== undefined && (i + 1) % 50 === 0) options.onProgress({ runsDone: i + 1, runs: options.runs, events });
  }
  return { runsDone: options.runs, events, found: null, cutOffRuns };
}

export function traceOfRun(options: CheckOptions, run: number, result: RandomRunResult): Trace {
  const trace: Trace = {
    format: TRACE_FORMAT,
    model: options.protocol.name,
    nodes: options.nodes,
    config: { ...options.protocol.defaultConfig, ...options.config },
    profile: options.profile.name,
    // A swarm run's profile is drawn from its seed; the trace says what was drawn.
    ...('kind' in options.profile && options.profile.kind === 'swarm' ? { profileOptions: knobsOf(profileFor(options.profile, options.protocol, runSeed(options.seed, run))) } : {}),
    seed: options.seed,
    run,
    properties: [...options.properties],
    ...(result.stabilization === null ? {} : { stabilization: result.stabilization }),
    events: result.events,
    violation: result.violation,
  };
  return options.modelFile === undefined ? trace : { ...trace, modelFile: options.modelFile };
}
