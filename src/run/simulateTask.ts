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
  /** Pause the leader at this tick for `pauseTicks`, and go on until the nodes agree on a leader after it resumes. */
  pauseAt?: number | null;
  pauseTicks?: number;
  /** Each node's clock drifts within 1 +- driftMax (drawn from the seed); 0 or left out: exact clocks. */
  driftMax?: number;
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
  /** Each node's clock rate, when the story drifts. */
  clockRates: number[] | null;
}

/** Runs the story: no faults but the scripted crash, only safety judged, until its point is made. */
export function runSimulate(task: SimulateTask, protocol: AnyProtocol): SimulateResult {
  const system = createSystem(protocol, task.nodes, task.config);
  const bound = livenessBoundTicks(protocol, task.nodes);
  const { crashAt } = task;
  let crashed: number | null = null;
  const pauseAt = task.pauseAt ?? null;
  const pauseTicks = task.pauseTicks ?? PAUSE_TICKS_DEFAULT;
  const pause = pauseAt === null ? null : pauseStory(pauseAt, pauseTicks);
  const scripted: ScriptedEvent[] =
    pause !== null
      ? pause.scripted
      : crashAt === null
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
  const result: SimulateResult = { kind: 'simulate', boot: null, steps: [], violation: null, elected: false, modelError: null, clockRates: null };
  const profile = task.driftMax === undefined || task.driftMax === 0 ? scriptedOnlyProfile : { ...scriptedOnlyProfile, driftMax: task.driftMax };
  try {
    result.boot = boot(system);
    const run = randomRun({
      system,
      profile,
      monitor: new Monitor(safety, bound),
      seed: task.seed,
      scripted,
      // One short run, reported as it is: every event is checked for plain data.
      plainDataChecks: Infinity,
      horizonTicks: (pauseAt === null ? (crashAt ?? 0) : pauseAt + pauseTicks) + bound,
      until: (world) => {
        const leader = settledLeader(world);
        if (pause !== null) return pause.over(world) && leader !== null;
        if (crashAt === null) return leader !== null;
        return crashed !== null && leader !== null && leader !== crashed;
      },
      onStep: (outcome, event) => {
        result.steps.push({ event, world: outcome.world });
      },
    });
    result.violation = run.violation;
    result.clockRates = run.clockRates;
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

/** How long `simulate --pause-leader-at` pauses the leader unless told: past every built-in model's timeouts. */
export const PAUSE_TICKS_DEFAULT = 40;

/**
 * The pause story: the leader (or, before one is settled, any node that believes it leads) stops at
 * `at` for `ticks`, then resumes with what piled up; the story is over once it has resumed.
 */
function pauseStory(at: number, ticks: number): { scripted: ScriptedEvent[]; over: (world: World) => boolean } {
  let paused: number | null = null;
  // Over once the paused node has resumed, or when there was no leader to pause.
  let over = false;
  const scripted: ScriptedEvent[] = [
    {
      at,
      make: (world) => {
        const leader = settledLeader(world) ?? world.nodes.findIndex((s) => s.view?.role === 'leader') + 1;
        if (leader <= 0) {
          over = true;
          return null;
        }
        paused = leader;
        return { kind: 'pause', node: leader };
      },
    },
    {
      at: at + ticks,
      make: (world) => {
        if (paused === null || world.nodes[paused - 1].pausedAt === undefined) return null;
        over = true;
        return { kind: 'resume', node: paused };
      },
    },
  ];
  return { scripted, over: () => over };
}
