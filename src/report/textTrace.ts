import type { AnyProtocol } from '../shared/protocol.js';
import type { Trace } from '../trace/format.js';
import type { ReplayResult } from '../trace/replay.js';
import type { NodeSlot } from '../shared/world.js';
import { describeEvent, slotView } from './describe.js';
import { terminalText } from './escape.js';
import { faultsStopLine, violationLine } from './replayText.js';
import { clockRatesText, pauseLengths, pauseLengthText } from './pauses.js';

/**
 * A counterexample to read: one line per event with its time, the event, and every node's view
 * after it; a view that the event changed is marked with `*`.
 */
export function textTrace(protocol: AnyProtocol, trace: Trace, result: ReplayResult): string {
  const head = [
    terminalText(
      `${trace.model}, ${trace.nodes} nodes${trace.profile === undefined ? '' : `, profile ${trace.profile}`}` +
        `${trace.seed === undefined ? '' : `, seed ${trace.seed}`}${trace.run === undefined ? '' : `, run ${trace.run}`}`,
    ),
    `views: L leader, C candidate, F follower, then the term; >N names leader N; -- down;${trace.events.some((e) => e.kind === 'pause') ? ' ~ paused;' : ''} * changed by the event`,
    ...clockLines(trace),
    '',
  ];
  const pauses = pauseLengths(result.steps);
  const rows = result.steps.map((step, i) => {
    let event = step.event === null ? 'boot' : describeEvent(protocol, result.steps[i - 1].world, step.event);
    if (pauses.has(i)) event += ` for ${pauseLengthText(pauses.get(i))}`;
    const before = i === 0 ? null : result.steps[i - 1].world.nodes;
    const views = step.world.nodes.map((slot, n) => `${n + 1}:${slotView(slot)}${changed(before?.[n], slot) ? '*' : ''}`);
    return [String(step.index), `t=${step.world.now}`, event, views];
  });
  // A loop, not Math.max(...rows): spreading a 200,000-event trace overflows the call stack.
  const widths = [0, 0, 0, 0];
  for (const row of rows) {
    for (let c = 0; c < 3; c++) widths[c] = Math.max(widths[c], (row[c] as string).length);
    for (const view of row[3] as string[]) widths[3] = Math.max(widths[3], view.length);
  }
  const [w0, w1, w2, viewWidth] = widths;
  const lines = rows.map(([index, time, event, views]) =>
    `${(index as string).padStart(w0)}  ${(time as string).padEnd(w1)}  ${(event as string).padEnd(w2)}  ${(views as string[]).map((v) => v.padEnd(viewWidth)).join(' ')}`.trimEnd(),
  );
  const stable = trace.stabilization;
  if (stable !== undefined && stable.step < result.steps.length) {
    const at = result.steps[stable.step].world.now;
    // After the row of the step faults stopped at (row 0 is boot).
    lines.splice(stable.step + 1, 0, `${' '.repeat(w0)}  ${faultsStopLine(at, stable)}`);
  }
  lines.push('', violationLine(result.violation));
  return `${[...head, ...lines].join('\n')}\n`;
}

function changed(before: NodeSlot | undefined, after: NodeSlot): boolean {
  if (before === undefined) return false;
  return slotView(before) !== slotView(after);
}

/** The header line on drifting clocks, if any drift. */
function clockLines(trace: Trace): string[] {
  const text = clockRatesText(trace.clockRates);
  return text === null ? [] : [`clocks: ${text}`];
}
