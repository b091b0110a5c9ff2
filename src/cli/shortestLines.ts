import { join } from 'node:path';
import type { ExploreBounds } from '../explore/bounds.js';
import { SHORTEST_STATES_DEFAULT } from '../explore/shortest.js';
import type { PlainCheckOutcome } from '../run/plainCheck.js';
import type { ShortestTask } from '../run/shortestTask.js';
import type { Trace } from '../trace/format.js';
import { terminalLines, terminalText } from '../report/escape.js';
import { writeTraceFiles } from '../report/writeTraceFiles.js';
import { onWorker } from './runControl.js';

/**
 * `check --shortest`: each pair's shrunk counterexample searched again breadth first within its
 * own bounds (src/explore/shortest.ts); a shorter one replaces the trace under the same path. Runs
 * on a worker thread, as all model code does. Returns false when interrupted.
 */
export async function shortenCounterexamples(outcomes: readonly PlainCheckOutcome[], out: string, modelFile: string | undefined, stepTimeoutMs: number): Promise<boolean> {
  for (const outcome of outcomes) {
    const violation = outcome.violation;
    if (violation === null || violation.shrunk === null) continue;
    const { file } = violation;
    const trace = file.trace;
    const task: ShortestTask = { kind: 'shortest', model: outcome.pair.protocol.name, ...(modelFile === undefined ? {} : { modelFile }), trace, maxStates: SHORTEST_STATES_DEFAULT };
    const done = await onWorker('check', stepTimeoutMs, (pool) => pool.run(task));
    if (done === null) return false;
    const { bounds, result, shortest, reason } = done.outcome;
    const within = `breadth first within the trace's bounds (${boundsText(bounds)}; ${result.states} states)`;
    let line: string;
    if (shortest === null) {
      line = `  shortest: not proved, ${reason}; the shrunk trace stands`;
    } else if (shortest.events.length < trace.events.length) {
      const { stabilization: _stable, ...rest } = trace;
      const shorter: Trace = { ...rest, events: shortest.events, violation: { property: trace.violation!.property, step: shortest.step, detail: shortest.detail } };
      writeTraceFiles(out, [{ ...file, trace: shorter }]);
      line = `  shortest: ${trace.events.length} -> ${shortest.events.length} events, ${within}; ${join(out, file.path)} rewritten`;
    } else {
      line = `  shortest: the ${trace.events.length}-event trace is the shortest there is, ${within}`;
    }
    process.stdout.write(terminalLines(`${terminalText(outcome.pair.protocol.name)} / ${outcome.pair.profile.name}:\n${line}\n`));
  }
  return true;
}

function boundsText(b: ExploreBounds): string {
  const count = (n: number, one: string, many: string) => (n === 0 ? [] : [`${n} ${n === 1 ? one : many}`]);
  const faults = [...count(b.maxCrashes, 'crash', 'crashes'), ...count(b.maxPartitions, 'partition', 'partitions'), ...count(b.maxDrops, 'drop', 'drops'), ...count(b.maxDups, 'duplicate', 'duplicates'), ...count(b.maxPauses ?? 0, 'pause', 'pauses')];
  return [`term ${b.maxTerm}`, `${b.maxMessages} messages in flight`, ...faults, `depth ${b.maxDepth}`].join(', ');
}
