import type { AnyProtocol } from '../shared/protocol.js';
import type { FaultProfile, TickRange } from '../shared/profile.js';
import { createRng } from './rng.js';
import { synchronousDelayTicksMax } from '../model/defaults.js';

/**
 * What swarm testing draws from (Groce et al., "Swarm Testing", ISSTA 2012): each fault is left
 * out of a run with probability 1/2, so some runs are free of the faults that would mask others
 * (a run without loss can reach the deep states loss keeps cutting short); the knobs of the faults
 * that are on are picked from these menus. `'synchronous'` is the model's own delay bound.
 */
export const swarmMenu = {
  faultOnProbability: 0.5,
  delayTicksMax: ['synchronous', 5, 8, 12],
  dropProbability: [0.05, 0.15, 0.3],
  duplicateProbability: [0.05, 0.1, 0.2],
  crashEveryTicks: [
    [5, 30],
    [10, 60],
  ],
  downTicks: [
    [1, 10],
    [1, 30],
    [20, 60],
  ],
  crashedMax: [1, 2],
  partitionEveryTicks: [
    [5, 50],
    [10, 100],
  ],
  partitionTicks: [
    [5, 20],
    [10, 60],
  ],
  faultPhaseTicks: [200, 400],
  downForGoodMax: [0, 1],
  pauseEveryTicks: [
    [20, 60],
    [40, 120],
  ],
  pauseTicks: [
    [5, 20],
    [10, 60],
  ],
  driftMax: [0.05, 0.1, 0.2],
} as const;

/**
 * One run's profile, drawn from the run's seed alone (on its own stream, so the run's schedule is
 * the same whichever profile it draws): the same seed always draws the same profile.
 */
export function drawSwarmProfile(protocol: AnyProtocol, runSeed: string): FaultProfile {
  const rng = createRng(`swarm:${runSeed}`);
  const on = (): boolean => rng.chance(swarmMenu.faultOnProbability);
  const delayMax = rng.pick(swarmMenu.delayTicksMax);
  const delayTicks: TickRange = [1, delayMax === 'synchronous' ? synchronousDelayTicksMax(protocol) : delayMax];
  const dropProbability = on() ? rng.pick(swarmMenu.dropProbability) : 0;
  const duplicateProbability = on() ? rng.pick(swarmMenu.duplicateProbability) : 0;
  const crashEveryTicks = on() ? rng.pick(swarmMenu.crashEveryTicks) : null;
  const downTicks = rng.pick(swarmMenu.downTicks);
  const crashedMax = rng.pick(swarmMenu.crashedMax);
  const partitionEveryTicks = on() ? rng.pick(swarmMenu.partitionEveryTicks) : null;
  const partitionTicks = rng.pick(swarmMenu.partitionTicks);
  const faultPhaseTicks = rng.pick(swarmMenu.faultPhaseTicks);
  // Drawn last, so the draws above are what they were before this knob existed.
  const downForGoodMax = crashEveryTicks === null ? 0 : rng.pick(swarmMenu.downForGoodMax);
  // Pauses and drift are drawn after everything else for the same reason, and a run that draws
  // neither records the same options (and runs the same schedule) as before they existed.
  const pauses = on() ? { pauseEveryTicks: rng.pick(swarmMenu.pauseEveryTicks), pauseTicks: rng.pick(swarmMenu.pauseTicks) } : {};
  const drift = on() ? { driftMax: rng.pick(swarmMenu.driftMax) } : {};
  return {
    name: 'swarm',
    description: 'drawn for this run from its seed',
    delayTicks,
    dropProbability,
    duplicateProbability,
    crashEveryTicks,
    downTicks,
    crashedMax,
    partitionEveryTicks,
    partitionTicks,
    faultPhaseTicks,
    downForGoodMax,
    ...pauses,
    ...drift,
  };
}
