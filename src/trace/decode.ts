import { fieldError } from '../schema/fieldError.js';
import { parseJson, readJsonFile, validate } from '../schema/validate.js';
import type { Trace, TraceEvent } from './format.js';

/**
 * Parses a trace and validates it against schemas/trace.schema.json, then makes the checks a
 * schema cannot; every problem is one InputError line naming the field
 * (`t.json: events[3].node: must be an integer 1..3, got 7`).
 */
export function decodeTrace(text: string, source: string): Trace {
  return withNodesInRange(validate(parseJson(text, source), 'trace', source) as Trace, source);
}

/** Reads a trace file and validates it as decodeTrace does; an unreadable file is one line too. */
export function readTraceFile(path: string): Trace {
  return withNodesInRange(readJsonFile(path, 'trace') as Trace, path);
}

/** A schema cannot compare one field with another: every node id an event names is at most `nodes`. */
function withNodesInRange(trace: Trace, source: string): Trace {
  trace.events.forEach((event, i) => {
    for (const [field, node] of nodeIdsOf(event)) {
      if (node > trace.nodes) throw fieldError(source, `events[${i}].${field}`, `must be an integer 1..${trace.nodes}, got ${node}`);
    }
  });
  return trace;
}

/** The node ids an event names, by field (`node`, `from`, `groups[0][1]`); the schema made them integers >= 1. */
function nodeIdsOf(event: TraceEvent): [string, number][] {
  switch (event.kind) {
    case 'timer':
    case 'crash':
    case 'restart':
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
