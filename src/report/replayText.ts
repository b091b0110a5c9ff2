import type { AnyProtocol } from '../shared/protocol.js';
import type { Stabilization, Violation } from '../judge/monitor.js';
import type { ReplayResult } from '../trace/replay.js';
import { describeEvent, viewsLine } from './describe.js';
import { terminalText } from './escape.js';

/** One line per step: index, time, event, and every node's view after it. */
export function replayText(protocol: AnyProtocol, result: ReplayResult, stabilization?: Stabilization): string {
  const rows: string[][] = [];
  result.steps.forEach((step, i) => {
    const event = step.event === null ? 'boot' : describeEvent(protocol, result.steps[i - 1].world, step.event);
    rows.push([String(step.index), `t=${step.world.now}`, event, viewsLine(step.world)]);
  });
  // A loop, not Math.max(...rows): spreading a 200,000-event trace overflows the call stack.
  const widths = [0, 0, 0];
  for (const r of rows) for (let c = 0; c < 3; c++) widths[c] = Math.max(widths[c], r[c].length);
  const lines = rows.map((r) => `${r[0].padStart(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`);
  if (stabilization !== undefined && stabilization.step < result.steps.length) {
    lines.splice(stabilization.step + 1, 0, `${' '.repeat(widths[0])}  ${faultsStopLine(result.steps[stabilization.step].world.now, stabilization)}`);
  }
  lines.push(violationLine(result.violation));
  return `${lines.join('\n')}\n`;
}

/** The line that marks where a trace's fault phase ends (row 0 is boot, so it follows row `step`). */
export function faultsStopLine(at: number, stabilization: Stabilization): string {
  return `-- faults stop at t=${at}: heal, restarts, no loss, bounded delays; a leader is due by t=${at + stabilization.boundTicks}`;
}

/** The last line of a replay or `.txt` trace: the violation, its detail on one line with no control character. */
export function violationLine(violation: Violation | null): string {
  return violation === null ? 'no property violated' : terminalText(`VIOLATION ${violation.property} at step ${violation.step}: ${violation.detail}`);
}
