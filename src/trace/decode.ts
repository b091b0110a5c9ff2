import { fieldError } from '../schema/fieldError.js';
import { parseJson, readTextFile, validate } from '../schema/validate.js';
import { InputError } from '../shared/errors.js';
import type { Trace, TraceEvent } from './format.js';
import { withModelFileFromCwd } from './modelFilePath.js';
import { validClockRate } from '../world/clock.js';

/**
 * Parses a trace and validates it against schemas/trace.schema.json, then makes the checks a
 * schema cannot; every problem is one InputError line naming the field
 * (`t.json: events[3].node: must be an integer 1..3, got 7`). A UTF-8 byte order mark, which
 * some editors save, is skipped.
 */
export function decodeTrace(text: string, source: string): Trace {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  refuseNonJson(body, source);
  return withNodesInRange(validate(parseJson(body, source), 'trace', source) as Trace, source);
}

/**
 * Reads a trace file and validates it as decodeTrace does; an unreadable file is one line too.
 * Its modelFile, recorded relative to the file, comes back as a path from the working directory.
 */
export function readTraceFile(path: string): Trace {
  return withModelFileFromCwd(decodeTrace(readTextFile(path), path), path);
}

/**
 * A trace is a JSON object. Text that cannot start one (the `.txt` rendering, say) is told as
 * such rather than as the parser's complaint about its first character.
 */
function refuseNonJson(body: string, source: string): void {
  if (body.trim() === '') throw new InputError(`${source}: not a trace: the file is empty`);
  // UTF-16 text read as UTF-8 has a NUL beside every ASCII character.
  if (body.includes('\u0000')) throw new InputError(`${source}: not a trace: the file looks UTF-16 encoded; save it as UTF-8`);
  if (!/^\s*[{[]/.test(body)) {
    throw new InputError(`${source}: not a trace: plain text, not JSON (a trace is the .trace.json file; its .txt and .md are renderings)`);
  }
}

/** A schema cannot compare one field with another: every node id an event names is at most `nodes`, one clock rate per node. */
function withNodesInRange(trace: Trace, source: string): Trace {
  trace.events.forEach((event, i) => {
    for (const [field, node] of nodeIdsOf(event)) {
      if (node > trace.nodes) throw fieldError(source, `events[${i}].${field}`, `must be an integer 1..${trace.nodes}, got ${node}`);
    }
  });
  const rates = trace.clockRates;
  if (rates !== undefined) {
    if (rates.length !== trace.nodes) throw fieldError(source, 'clockRates', `must give one rate per node (${trace.nodes}), got ${rates.length}`);
    rates.forEach((rate, i) => {
      if (!validClockRate(rate)) throw fieldError(source, `clockRates[${i}]`, `must be a multiple of 0.001 above 0 and below 2, got ${rate}`);
    });
  }
  return trace;
}

/** The node ids an event names, by field (`node`, `from`, `groups[0][1]`); the schema made them integers >= 1. */
function nodeIdsOf(event: TraceEvent): [string, number][] {
  switch (event.kind) {
    case 'timer':
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      return [['node', event.node]];
    case 'partition':
      return event.groups.flatMap((group, g) => group.map((node, k): [string, number] => [`groups[${g}][${k}]`, node]));
    case 'heal':
      return [];
    default: {
      const { from, to } = event as { from?: number; to?: number };
      const ids: [string, number][] = [];
      if (from !== undefined) ids.push(['from', from]);
      if (to !== undefined) ids.push(['to', to]);
      return ids;
    }
  }
}
