import type { World, WorldEvent } from '../shared/world.js';
import { EXACT_CLOCK } from '../world/clock.js';

/**
 * How long each pause in a run lasted: for the step index of every `pause`, the ticks until its
 * node's `resume` (null when the run ends with the node still paused). A pause event carries no
 * length (its resume does), so a rendering looks ahead for it.
 */
export function pauseLengths(steps: readonly { event: WorldEvent | null; world: World }[]): Map<number, number | null> {
  const lengths = new Map<number, number | null>();
  const open = new Map<number, { step: number; at: number }>();
  steps.forEach((step, i) => {
    const e = step.event;
    if (e?.kind === 'pause') {
      open.set(e.node, { step: i, at: step.world.now });
      lengths.set(i, null);
    } else if (e?.kind === 'resume') {
      const begun = open.get(e.node);
      if (begun !== undefined) lengths.set(begun.step, step.world.now - begun.at);
      open.delete(e.node);
    }
  });
  return lengths;
}

/** `40 ticks`, or `the rest of the trace` when it ends first. */
export function pauseLengthText(ticks: number | null | undefined): string {
  return ticks === null || ticks === undefined ? 'the rest of the trace' : `${ticks} tick${ticks === 1 ? '' : 's'}`;
}

/** Ticks a resuming node was paused for, read from the world before its resume. */
export function pausedFor(before: World, node: number, at: number): number | null {
  const since = before.nodes[node - 1]?.pausedAt;
  return since === undefined ? null : at - since;
}

/**
 * The nodes whose clocks drift, in words: `node 2's clock runs at 0.937 (6.3% slow), node 3's at
 * 1.05 (5% fast)`; null when every clock is exact.
 */
export function clockRatesText(rates: readonly number[] | undefined): string | null {
  if (rates === undefined) return null;
  const parts: string[] = [];
  rates.forEach((rate, i) => {
    if (rate === EXACT_CLOCK) return;
    const percent = Math.round(Math.abs(rate - 1) * 1000) / 10;
    parts.push(`${parts.length === 0 ? `node ${i + 1}'s clock runs at` : `node ${i + 1}'s at`} ${rate} (${percent}% ${rate < 1 ? 'slow' : 'fast'})`);
  });
  return parts.length === 0 ? null : `${parts.join(', ')}; a timer of after ticks fires round(after / rate) ticks later`;
}
