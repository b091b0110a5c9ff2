import { performance } from 'node:perf_hooks';
import { findBuiltinModel } from '../models/index.js';
import { checkModel } from '../src/run/check.js';
import { findProfile, profileFor } from '../src/schedule/profiles.js';
import { shrinkTrace } from '../src/shrink/shrinkTrace.js';

const mutants = [
  { model: 'raft/volatile-vote', nodes: 3, profile: 'crash' },
  { model: 'raft/double-vote', nodes: 3, profile: 'reliable' },
  { model: 'raft/majority-off-by-one', nodes: 4, profile: 'reliable' },
] as const;

const SEEDS = 20;

/**
 * Per mutant, averaged over 20 seeds: time to the first violation, time to shrink it, and the
 * trace length before and after shrinking (with the longest shrunk length, which should equal the mean).
 */
export async function shrinkBench(): Promise<{ name: string; unit: string; value: number }[]> {
  const results: { name: string; unit: string; value: number }[] = [];
  for (const m of mutants) {
    const protocol = findBuiltinModel(m.model)!;
    const profile = findProfile(m.profile)!;
    let findMs = 0;
    let shrinkMs = 0;
    let before = 0;
    let after = 0;
    let afterMax = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const t0 = performance.now();
      const found = checkModel({ protocol, nodes: m.nodes, profile, properties: ['election-safety'], seed: String(seed), runs: 10_000 }).found;
      const t1 = performance.now();
      if (found === null) throw new Error(`shrinkBench: no violation of ${m.model} with seed ${seed}`);
      const shrunk = shrinkTrace(found.trace, protocol, { profile: profileFor(profile, protocol, '') });
      const t2 = performance.now();
      findMs += t1 - t0;
      shrinkMs += t2 - t1;
      before += shrunk.lengthBefore;
      after += shrunk.lengthAfter;
      afterMax = Math.max(afterMax, shrunk.lengthAfter);
    }
    const name = `shrink ${m.model} (${m.nodes} nodes, ${m.profile})`;
    results.push(
      { name: `${name}: time to first violation`, unit: 'ms', value: round(findMs / SEEDS) },
      { name: `${name}: time to shrink`, unit: 'ms', value: round(shrinkMs / SEEDS) },
      { name: `${name}: length before shrinking`, unit: 'events', value: round(before / SEEDS) },
      { name: `${name}: length after shrinking`, unit: 'events', value: round(after / SEEDS) },
      { name: `${name}: longest shrunk length`, unit: 'events', value: afterMax },
    );
  }
  return results;
}

const livenessCases = [
  { model: 'bully/no-reelection', nodes: 3, profile: 'lossy' },
  { model: 'raft/majority-off-by-one', nodes: 4, profile: 'crash' },
] as const;

const LIVENESS_SEEDS = 5;

/**
 * Liveness counterexamples (a lasso, or no leader by the bound), averaged over 5 seeds: their
 * length as found and shrunk, the time to shrink, and how many stopped at the shrinking budget.
 */
export async function livenessShrinkBench(): Promise<{ name: string; unit: string; value: number }[]> {
  const results: { name: string; unit: string; value: number }[] = [];
  for (const c of livenessCases) {
    const protocol = findBuiltinModel(c.model)!;
    const profile = findProfile(c.profile)!;
    let shrinkMs = 0;
    let before = 0;
    let after = 0;
    let exhausted = 0;
    for (let seed = 1; seed <= LIVENESS_SEEDS; seed++) {
      const found = checkModel({ protocol, nodes: c.nodes, profile, properties: ['liveness'], seed: String(seed), runs: 2_000 }).found;
      if (found === null) throw new Error(`livenessShrinkBench: no liveness violation of ${c.model} with seed ${seed}`);
      const t0 = performance.now();
      const shrunk = shrinkTrace(found.trace, protocol, { profile: profileFor(profile, protocol, '') });
      shrinkMs += performance.now() - t0;
      before += shrunk.lengthBefore;
      after += shrunk.lengthAfter;
      if (shrunk.exhausted) exhausted++;
    }
    const name = `shrink liveness ${c.model} (${c.nodes} nodes, ${c.profile})`;
    results.push(
      { name: `${name}: time to shrink`, unit: 'ms', value: round(shrinkMs / LIVENESS_SEEDS) },
      { name: `${name}: length before shrinking`, unit: 'events', value: round(before / LIVENESS_SEEDS) },
      { name: `${name}: length after shrinking`, unit: 'events', value: round(after / LIVENESS_SEEDS) },
      { name: `${name}: stopped at the budget`, unit: `of ${LIVENESS_SEEDS}`, value: exhausted },
    );
  }
  return results;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
