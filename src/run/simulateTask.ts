import { settledLeader } from '../../properties/liveness.js';
import { propertiesNamed } from '../../properties/index.js';
import type { Violation } from '../judge/monitor.js';
import { Monitor } from '../judge/monitor.js';
import { RunModelError } from '../kernel/runModelError.js';
import { livenessBoundTicks } from '../model/defaults.js';
import { modelCalls } from '../model/boundary.js';
import { scriptedOnlyProfile } from '../schedule/profiles.js';
import { randomRun, type ScriptedEvent } from '../schedule/randomRun.js';
import type { AnyProtocol, ModelConfig } from '../shared/protocol.js';
import type { World, WorldEvent } from '../shared/world.js';
import { boot, createSystem } from '../world/world.js';
import { ModelError } from '../shared/errors.js';

/** `simulate`'s one run, as plain data so it runs on a worker thread the main thread can stop. */
export interface SimulateTask {
  kind: 'simulate';
  model: string;
  modelFile?: string;
  /** Config keys over the model's defaults (`--config`). */
  config?: ModelConfig;
  nodes: number;
  seed: string;
  /** Crash the leader at this tick and go on until another one is elected; null: stop at the first leader. */
  crashAt: number | null;
}

/** The run as a story is told from it: the world after boot and after each event. */
export interface SimulateResult {
  kind: 'simulate';
  boot: World | null;
  steps: { event: WorldEvent; world: World }[];
  violation: Violation | null;
  elected: boolean;
  /** The model failed: what it threw, or which call did not return at which step. */
  modelError: string | null;
}

/** Runs the story: no faults but the scripted crash, only safety judged, until its point is made. */
export function runSimulate(task: SimulateTask, protocol: AnyProtocol): SimulateResult {
  const system = createSystem(protocol, task.nodes, task.config);
  const bound = livenessBoundTicks(protocol);
  const { crashAt } = task;
  let crashed: number | null = null;
  const scripted: ScriptedEvent[] =
    crashAt === null
      ? []
      : [
          {
            at: crashAt,
            make: (world) => {
              const leader = settledLeader(world) ?? world.nodes.findIndex((s) => s.view?.role === 'leader') + 1;
              if (leader <= 0) return null;
              crashed = leader;
              return { kind: 'crash', node: leader };
            },
          },
        ];
  // A story runs to its horizon: judging liveness-kind properties (liveness, agreement) would end it early.
  const safety = propertiesNamed(protocol.promises).filter((p) => p.kind === 'safety');
  const result: SimulateResult = { kind: 'simulate', boot: null, steps: [], violation: null, elected: false, modelError: null };
  try {
    result.boot = boot(system);
    const run = randomRun({
      system,
      profile: scriptedOnlyProfile,
      monitor: new Monitor(safety, bound),
      seed: task.seed,
      scripted,
      // One short run, reported as it is: every event is checked for plain data.
      plainDataChecks: Infinity,
      horizonTicks: (crashAt ?? 0) + bound,
      until: (world) => {
        const leader = settledLeader(world);
        if (crashAt === null) return leader !== null;
        return crashed !== null && leader !== null && leader !== crashed;
      },
      onStep: (outcome, event) => {
        result.steps.push({ event, world: outcome.world });
      },
    });
    result.violation = run.violation;
    result.elected = settledLeader(run.world) !== null;
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    // A throw names its node and hook as it always did; a call that hung also says at which step,
    // as no trace is written here to show it.
    const hung = modelCalls.refused !== null;
    result.modelError = hung ? `step ${error instanceof RunModelError ? error.events.length : 0}: ${error.message}` : error.message;
  }
  return result;
}
