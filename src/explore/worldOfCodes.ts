import type { MonitorState } from '../judge/monitor.js';
import type { InFlight, NodeSlot, World } from '../shared/world.js';
import type { StateEncoder } from './StateEncoder.js';

/**
 * The world of a packed state: the real parts behind its codes, messages numbered from 1 in row
 * order, no clock (explore is untimed). `partitions` is the search's table of partitions by index.
 */
export function worldOfCodes(encoder: StateEncoder, n: number, k: number, partitions: readonly NonNullable<World['partition']>[]) {
  return (partitionIndex: number, codes: Int32Array): { world: World; monitor: MonitorState } => {
    const nodes: NodeSlot[] = new Array(n);
    for (let i = 0; i < n; i++) nodes[i] = encoder.realPart(codes[i]) as NodeSlot;
    const memos: unknown[] = new Array(k);
    for (let i = 0; i < k; i++) memos[i] = encoder.realPart(codes[n + i]);
    const count = codes.length - n - k;
    const network: InFlight[] = new Array(count);
    for (let j = 0; j < count; j++) {
      const m = encoder.realPart(codes[n + k + j]) as InFlight;
      network[j] = { id: j + 1, from: m.from, to: m.to, msg: m.msg, sentAt: 0 };
    }
    const partition = partitionIndex < 0 ? null : partitions[partitionIndex];
    const world: World = { now: 0, nodes, network, nextMessageId: count + 1, nextTimerId: 1, partition };
    return { world, monitor: { memos, violation: null, stableSince: null, liveSatisfied: false } };
  };
}
