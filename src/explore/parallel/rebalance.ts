import type { MessagePort } from 'node:worker_threads';
import type { Control } from './control.js';
import type { Batch } from './exchange.js';
import type { LevelWorker } from './levelWorker.js';
import { receiveFrom } from './ports.js';

/** A level smaller than this is left where it is: moving it would cost more than the wait it saves. */
const SMALL_LEVEL = 512;
/** Workers are evened out when the fullest holds this much more than its share. */
const TOLERANCE = 0.03;

export interface Transfer {
  from: number;
  to: number;
  count: number;
}

/**
 * Which worker hands how many states of its next level to which (the same plan on every worker, from
 * the same figures). A worker's next level is what it inserted first into the shared set, which
 * depends on which states it expanded and how fast it ran, so levels drift apart (the root's
 * successors are all worker 0's): when the fullest holds more than its share by TOLERANCE, every
 * worker is brought to its share, the fullest first handing their surplus to the emptiest.
 */
export function rebalancePlan(sizes: readonly number[]): Transfer[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const n = sizes.length;
  if (n < 2 || total < SMALL_LEVEL || Math.max(...sizes) <= (total / n) * (1 + TOLERANCE)) return [];
  const share = (w: number) => Math.floor(total / n) + (w < total % n ? 1 : 0);
  const surplus = sizes.map((size, w) => size - share(w));
  const plan: Transfer[] = [];
  for (let from = 0, to = 0; from < n; from++) {
    while (surplus[from] > 0) {
      while (surplus[to] >= 0) to++;
      const count = Math.min(surplus[from], -surplus[to]);
      plan.push({ from, to, count });
      surplus[from] -= count;
      surplus[to] += count;
    }
  }
  return plan;
}

/** Carries out this worker's part of a plan: posts what it hands over, then takes in what it is handed (a port delivers in order). */
export function rebalance(worker: LevelWorker, control: Control, ports: readonly (MessagePort | null)[], plan: readonly Transfer[]): void {
  for (const t of plan) {
    if (t.from !== worker.me) continue;
    const batch = worker.batchOfLast(t.count, t.to);
    ports[t.to]!.postMessage(batch, [batch.records.buffer as ArrayBuffer]);
  }
  for (const t of plan) {
    if (t.to === worker.me) worker.receive(t.from, receiveFrom(ports[t.from]!, control) as Batch);
  }
}
