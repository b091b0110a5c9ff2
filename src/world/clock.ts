/**
 * Clock drift (docs/design.md section 3): each node's clock runs at its own rate r, so a timer a
 * node sets for `after` ticks of its own clock fires after round(after / r) ticks of world time.
 * A rate is a multiple of 1/1000 (0.937, 1.05), so the rounding is exact integer arithmetic:
 * with r = k / 1000, round(after * 1000 / k), halves rounded up. The same on every machine.
 */

/** The clock rate of a node that does not drift. */
export const EXACT_CLOCK = 1;

/** A rate as its integer number of thousandths (0.937 -> 937). */
function thousandths(rate: number): number {
  return Math.round(rate * 1000);
}

/** World ticks until a timer of `after` local ticks fires on a clock running at `rate`. */
export function worldTicks(after: number, rate: number): number {
  if (rate === EXACT_CLOCK) return after;
  const k = thousandths(rate);
  return Math.floor((2000 * after + k) / (2 * k));
}

/** The rate of `node` (1-based) under a trace's or run's rates; null or a missing entry is exact. */
export function rateOf(rates: readonly number[] | null | undefined, node: number): number {
  return rates?.[node - 1] ?? EXACT_CLOCK;
}

/**
 * A local delay in [min, max] that fires `elapsed` world ticks after it was set on a clock at
 * `rate`, preferring `preferred` (the one a trace recorded); null when none does.
 */
export function localTicksFor(elapsed: number, rate: number, [min, max]: readonly [number, number], preferred?: number): number | null {
  if (preferred !== undefined && preferred >= min && preferred <= max && worldTicks(preferred, rate) === elapsed) return preferred;
  if (rate === EXACT_CLOCK) return elapsed >= min && elapsed <= max ? elapsed : null;
  // worldTicks grows with `after` by about 1/rate a tick, so the answers lie near elapsed * rate.
  const guess = Math.round(elapsed * rate);
  for (let after = Math.max(min, guess - 2); after <= Math.min(max, guess + 2); after++) {
    if (worldTicks(after, rate) === elapsed) return after;
  }
  return null;
}

/** True when every rate is a multiple of 1/1000 strictly between 0 and 2 (what traces may record). */
export function validClockRate(rate: number): boolean {
  return Number.isFinite(rate) && rate > 0 && rate < 2 && Math.abs(thousandths(rate) - rate * 1000) < 1e-6;
}
