import type { AnyProtocol } from '../protocol.js';
import type { Trace } from '../trace/format.js';
import type { ReplayResult } from '../trace/replay.js';
import type { NodeSlot } from '../world/types.js';
import { describeEvent, shortView } from './describe.js';

/**
 * A counterexample to read: one line per event with its time, the event, and every node's view
 * after it; a view that the event changed is marked with `*`.
 */
export function textTrace(protocol: AnyProtocol, trace: Trace, result: ReplayResult): string {
  const head = [
    `${trace.model}, ${trace.nodes} nodes${trace.profile === undefined ? '' : `, profile ${trace.profile}`}` +
      `${trace.seed === undefined ? '' : `, seed ${trace.seed}`}${trace.run === undefined ? '' : `, run ${trace.run}`}`,
    'views: L leader, C candidate, F follower, then the term; >N names leader N; -- down; * changed by the event',
    '',
  ];
  const rows = result.steps.map((step, i) => {
    const event = step.event === null ? 'boot' : describeEvent(protocol, result.steps[i - 1].world, step.event);
    const before = i === 0 ? null : result.steps[i - 1].world.nodes;
    const views = step.world.nodes.map((slot, n) => `${n + 1}:${shortView(slot.view)}${changed(before?.[n], slot) ? '*' : ''}`);
    return [String(step.index), `t=${step.world.now}`, event, views];
  });
  const width = (c: number) => Math.max(...rows.map((r) => (r[c] as string).length));
  const viewWidth = Math.max(...rows.flatMap((r) => (r[3] as string[]).map((v) => v.length)));
  const [w0, w1, w2] = [width(0), width(1), width(2)];
  const lines = rows.map(([index, time, event, views]) =>
    `${(index as string).padStart(w0)}  ${(time as string).padEnd(w1)}  ${(event as string).padEnd(w2)}  ${(views as string[]).map((v) => v.padEnd(viewWidth)).join(' ')}`.trimEnd(),
  );
  const v = result.violation;
  lines.push('', v === null ? 'no property violated' : `VIOLATION ${v.property} at step ${v.step}: ${v.detail}`);
  return `${[...head, ...lines].join('\n')}\n`;
}

function changed(before: NodeSlot | undefined, after: NodeSlot): boolean {
  if (before === undefined) return false;
  return shortView(before.view) !== shortView(after.view);
}
