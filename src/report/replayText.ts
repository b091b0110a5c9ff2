import type { AnyProtocol } from '../protocol.js';
import type { ReplayResult } from '../trace/replay.js';
import { describeEvent, viewsLine } from './describe.js';

/** One line per step: index, time, event, and every node's view after it. */
export function replayText(protocol: AnyProtocol, result: ReplayResult): string {
  const rows: string[][] = [];
  result.steps.forEach((step, i) => {
    const event = step.event === null ? 'boot' : describeEvent(protocol, result.steps[i - 1].world, step.event);
    rows.push([String(step.index), `t=${step.world.now}`, event, viewsLine(step.world)]);
  });
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => `${r[0].padStart(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`);
  const v = result.violation;
  lines.push(v === null ? 'no property violated' : `VIOLATION ${v.property} at step ${v.step}: ${v.detail}`);
  return `${lines.join('\n')}\n`;
}
