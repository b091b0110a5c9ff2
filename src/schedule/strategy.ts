import { InputError } from '../shared/errors.js';
import type { FaultProfile } from '../shared/profile.js';

/**
 * How a run orders what the timing allows (src/schedule/randomRun.ts runs them all):
 * - `random`: every message delay and timer drawn uniformly from its range (the discrete-event
 *   simulation leadercheck always ran);
 * - `buggify`: random's timing, plus crashes aimed at the moment a node's stored data changes,
 *   restarted a few ticks later (src/schedule/buggify.ts); under a profile that crashes nothing it
 *   is random, and its runs record no strategy;
 * - `random+buggify` (check's default): run i is random when i is even and buggify when i is odd,
 *   so random's own runs are half of every budget, byte for byte;
 * - `pct`: PCT's priorities over the nodes, with depth d (src/schedule/pct.ts);
 * - `mix`: run i uses random when i is even and PCT of depth 2 + ((i - 1) / 2 mod 2) when i is
 *   odd, so a budget spends half its runs on each and PCT alternates depths 2 and 3.
 * Faults come from the profile's clocks under every strategy.
 */
export const STRATEGY_NAMES = ['random', 'buggify', 'random+buggify', 'pct', 'mix'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** What one run uses. */
export type RunStrategy = { name: 'random' } | { name: 'buggify' } | { name: 'pct'; depth: number };

/** What a check asks for: a name, and PCT's depth (`--depth`; for `mix`, none: it alternates). */
export interface StrategySpec {
  name: StrategyName;
  depth?: number;
}

export const DEFAULT_PCT_DEPTH = 3;
export const RANDOM: RunStrategy = { name: 'random' };
const BUGGIFY: RunStrategy = { name: 'buggify' };

/** `check`'s strategy when `--strategy` is not given (`check --all` and `checkModel` without one: random). */
export const DEFAULT_CHECK_STRATEGY: StrategySpec = { name: 'random+buggify' };

/**
 * Run `run`'s strategy: a function of the spec, the run's index and its profile alone, so `--run I`
 * regenerates it. Buggify aims crashes, so under a profile without them it is random (and the run's
 * trace is random's, byte for byte).
 */
export function strategyOfRun(spec: StrategySpec | undefined, run: number, profile: Pick<FaultProfile, 'crashEveryTicks'>): RunStrategy {
  if (spec === undefined || spec.name === 'random') return RANDOM;
  if (spec.name === 'buggify' || spec.name === 'random+buggify') {
    if (profile.crashEveryTicks === null || (spec.name === 'random+buggify' && run % 2 === 0)) return RANDOM;
    return BUGGIFY;
  }
  if (spec.name === 'pct') return { name: 'pct', depth: spec.depth ?? DEFAULT_PCT_DEPTH };
  return run % 2 === 0 ? RANDOM : { name: 'pct', depth: 2 + (((run - 1) / 2) % 2) };
}

/** The spec of `--strategy NAME [--depth D]`, or an InputError naming what is wrong. */
export function strategyNamed(name: string, depth?: number): StrategySpec {
  if (!(STRATEGY_NAMES as readonly string[]).includes(name)) {
    throw new InputError(`unknown strategy "${name}"; known strategies: ${STRATEGY_NAMES.join(', ')}`);
  }
  if (depth !== undefined && name !== 'pct') throw new InputError(`--depth is PCT's; it does not apply to --strategy ${name}`);
  return depth === undefined ? { name: name as StrategyName } : { name: name as StrategyName, depth };
}

/** How a strategy reads on a reproduce line or a header: `pct --depth 3`. */
export function strategyLabel(spec: StrategySpec | RunStrategy): string {
  return 'depth' in spec && spec.depth !== undefined ? `${spec.name} --depth ${spec.depth}` : spec.name;
}
