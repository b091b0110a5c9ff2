import { InputError } from '../shared/errors.js';

/**
 * How a run orders what the timing allows (src/schedule/randomRun.ts runs them all):
 * - `random`: every message delay and timer drawn uniformly from its range (the discrete-event
 *   simulation leadercheck always ran);
 * - `pct`: PCT's priorities over the nodes, with depth d (src/schedule/pct.ts);
 * - `mix`: run i uses random when i is even and PCT of depth 2 + ((i - 1) / 2 mod 2) when i is
 *   odd, so a budget spends half its runs on each and PCT alternates depths 2 and 3.
 * Faults come from the profile's clocks under every strategy.
 */
export const STRATEGY_NAMES = ['random', 'buggify', 'pct', 'mix'] as const;
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

/** Run `run`'s strategy: a function of the spec and the run's index alone, so `--run I` regenerates it. */
export function strategyOfRun(spec: StrategySpec | undefined, run: number): RunStrategy {
  if (spec === undefined || spec.name === 'random') return RANDOM;
  if (spec.name === 'buggify') return { name: 'buggify' };
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
