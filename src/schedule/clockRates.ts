import { createRng } from './rng.js';

/**
 * Each node's clock rate for one run under a profile that draws drift: uniform in
 * 1 +- driftMax, in steps of 0.001 (src/world/clock.ts rounds exactly on those), from a stream
 * of its own (`drift:<seed>`), so the run's other draws are those of a run without drift.
 * Null when the profile draws none.
 */
export function drawClockRates(driftMax: number | undefined, seed: string, nodes: number): number[] | null {
  if (driftMax === undefined || driftMax <= 0) return null;
  const rng = createRng(`drift:${seed}`);
  const spread = Math.round(driftMax * 1000);
  return Array.from({ length: nodes }, () => (1000 + rng.int(-spread, spread)) / 1000);
}
