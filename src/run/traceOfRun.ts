import type { AnyProtocol, ModelConfig, PropertyName } from '../shared/protocol.js';
import { type FaultProfile, knobsOf, profileFor, type ProfileSpec } from '../schedule/profiles.js';
import type { RandomRunResult } from '../schedule/randomRun.js';
import { runSeed } from '../schedule/rng.js';
import { drawClockRates } from '../schedule/clockRates.js';
import { type StrategySpec, strategyOfRun } from '../schedule/strategy.js';
import { TRACE_FORMAT, type Trace } from '../trace/format.js';

/** What a trace records of the run that made it, besides its events. */
export interface TraceOptions {
  protocol: AnyProtocol;
  /** Recorded in traces of a model loaded with --model-file. */
  modelFile?: string;
  nodes: number;
  config?: ModelConfig;
  /** A named profile (`synchronous` resolves per model, `swarm` per run) or flat options of your own. */
  profile: ProfileSpec | FaultProfile;
  properties: readonly PropertyName[];
  seed: string;
  /** The strategy of the check (absent: random); a trace records the one its run used. */
  strategy?: StrategySpec;
}

/** The trace of run `run`: enough to replay it (a swarm run's drawn options included). */
export function traceOfRun(
  options: TraceOptions,
  run: number,
  result: Pick<RandomRunResult, 'events' | 'violation' | 'stabilization'>,
): Trace {
  const seed = runSeed(options.seed, run);
  const profile = profileFor(options.profile, options.protocol, seed);
  const clockRates = drawClockRates(profile.driftMax, seed, options.nodes);
  const strategy = strategyOfRun(options.strategy, run, profile);
  const trace: Trace = {
    format: TRACE_FORMAT,
    model: options.protocol.name,
    nodes: options.nodes,
    config: { ...options.protocol.defaultConfig, ...options.config },
    profile: options.profile.name,
    // A swarm run's profile is drawn from its seed; the trace says what was drawn.
    ...('kind' in options.profile && options.profile.kind === 'swarm' ? { profileOptions: knobsOf(profileFor(options.profile, options.protocol, seed)) } : {}),
    // Drawn from the run's seed when the profile drifts; replay needs none, shrinking and reports read them.
    ...(clockRates === null ? {} : { clockRates }),
    // Replay needs none of it (it replays events); it says how the run was generated.
    ...(strategy.name === 'random' ? {} : { strategy }),
    seed: options.seed,
    run,
    properties: [...options.properties],
    ...(result.stabilization === null ? {} : { stabilization: result.stabilization }),
    events: result.events,
    violation: result.violation,
  };
  return options.modelFile === undefined ? trace : { ...trace, modelFile: options.modelFile };
}
