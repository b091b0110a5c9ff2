import type { AnyProtocol } from '../shared/protocol.js';
import type { Trace } from '../trace/format.js';
import type { ReplayResult } from '../trace/replay.js';
import type { World, WorldEvent } from '../shared/world.js';
import { findMessage } from '../world/world.js';
import { describeMessage, shortView } from './describe.js';
import { markdownText, mermaidLabel as label } from './escape.js';
import { clockRatesText, pausedFor, pauseLengths, pauseLengthText } from './pauses.js';

/**
 * A counterexample as a Markdown page with a Mermaid sequence diagram, which GitHub and GitLab
 * render: participants are nodes, arrows are delivered messages, notes are timers, crashes,
 * restarts, partitions and losses, and the violation closes it.
 */
export function mermaidTrace(protocol: AnyProtocol, trace: Trace, result: ReplayResult): string {
  const v = result.violation;
  const broke = v === null ? 'no property violated' : `${v.property} violated`;
  const title = `${broke}: ${trace.model}, ${trace.nodes} nodes`;
  const nodes = Array.from({ length: trace.nodes }, (_, i) => i + 1);
  const all = trace.nodes === 1 ? 'N1' : `N1,N${trace.nodes}`;
  const lines = ['sequenceDiagram', `  title ${label(title)}`, ...nodes.map((n) => `  participant N${n} as node ${n}`)];
  const stableStep = trace.stabilization?.step;
  const clocks = clockRatesText(trace.clockRates);
  if (clocks !== null) lines.push(`  Note over ${all}: ${label(`clocks: ${clocks}`)}`);
  const pauses = pauseLengths(result.steps);
  result.steps.forEach((step, i) => {
    if (step.event?.kind === 'pause') {
      lines.push(`  Note over N${step.event.node}: ${label(`${step.index} t${step.world.now} pauses for ${pauseLengthText(pauses.get(i))}`)}`);
    } else if (step.event !== null) lines.push(...eventLines(protocol, result.steps[i - 1].world, step.world, step.event, step.index, all));
    if (step.index === stableStep) lines.push(`  Note over ${all}: ${label(`t=${step.world.now} faults stop (heal, restarts, no loss, bounded delays)`)}`);
  });
  if (v !== null) lines.push(`  Note over ${all}: ${label(`step ${v.step}: ${v.property} violated: ${v.detail}`)}`);
  const where = [trace.profile && `profile ${trace.profile}`, trace.seed && `seed ${trace.seed}`, trace.run !== undefined && `run ${trace.run}`]
    .filter(Boolean)
    .join(', ');
  return [
    `# ${markdownText(title)}`,
    '',
    markdownText(`${trace.events.length} events${where === '' ? '' : `; ${where}`}. ${v === null ? '' : `Step ${v.step}: ${v.detail}.`}`.trimEnd()),
    '',
    '```mermaid',
    ...lines,
    '```',
    '',
  ].join('\n');
}

function eventLines(protocol: AnyProtocol, before: World, after: World, event: WorldEvent, step: number, all: string): string[] {
  const at = `${step} t${after.now}`;
  const viewOf = (node: number) => shortView(after.nodes[node - 1].view);
  switch (event.kind) {
    case 'deliver': {
      const m = findMessage(before, event.id)!;
      return [`  N${m.from}->>N${m.to}: ${label(`${at} ${describeMessage(protocol, m.msg)}, now ${viewOf(m.to)}`)}`];
    }
    case 'drop':
    case 'duplicate': {
      const m = findMessage(before, event.id)!;
      const over = m.from === m.to ? `N${m.from}` : `N${m.from},N${m.to}`;
      const what = event.kind === 'drop' ? 'lost' : 'duplicated';
      return [`  Note over ${over}: ${label(`${at} ${describeMessage(protocol, m.msg)} from ${m.from} to ${m.to} ${what}`)}`];
    }
    case 'timer':
      return [`  Note over N${event.node}: ${label(`${at} ${event.timer} timer fires, now ${viewOf(event.node)}`)}`];
    case 'crash':
      return [`  Note over N${event.node}: ${label(`${at} crash`)}`];
    case 'restart':
      return [`  Note over N${event.node}: ${label(`${at} restart, now ${viewOf(event.node)}`)}`];
    case 'partition':
      return [`  Note over ${all}: ${label(`${at} partition ${event.groups.map((g) => `(${g.join(' ')})`).join(' ')}`)}`];
    case 'heal':
      return [`  Note over ${all}: ${label(`${at} partition heals`)}`];
    case 'pause':
      return [`  Note over N${event.node}: ${label(`${at} pauses`)}`];
    case 'resume': {
      const ticks = pausedFor(before, event.node, after.now);
      return [`  Note over N${event.node}: ${label(`${at} resumes${ticks === null ? '' : ` after ${ticks} ticks`}, handles what piled up`)}`];
    }
  }
}
