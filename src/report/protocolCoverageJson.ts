import { addCoverage, type ProtocolCoverage } from '../coverage/protocolCoverage.js';
import { fieldError, got } from '../schema/fieldError.js';
import { pathOfKeys } from '../schema/fieldPath.js';
import { parseJson, validate } from '../schema/validate.js';

export const PROTOCOL_COVERAGE_FORMAT = 'leadercheck/protocol-coverage@1';

/** One coverage per model, the coverages of the same model merged, in model-name order. */
export function coverageByModel(coverages: Iterable<ProtocolCoverage>): ProtocolCoverage[] {
  const byModel = new Map<string, ProtocolCoverage>();
  for (const c of coverages) {
    const seen = byModel.get(c.model);
    byModel.set(c.model, addCoverage(seen, c));
  }
  return [...byModel.keys()].sort().map((model) => byModel.get(model)!);
}

/**
 * protocol.json: `{ format, models: { <model>: coverage } }` with every object's keys sorted, so
 * the same runs give the same bytes however they were split across workers or shards.
 */
export function protocolCoverageJson(coverages: Iterable<ProtocolCoverage>): string {
  const models = Object.fromEntries(coverageByModel(coverages).map((c) => [c.model, c]));
  return `${pretty({ format: PROTOCOL_COVERAGE_FORMAT, models }, '')}\n`;
}

/**
 * Reads protocol.json back (shard outputs to merge), validated against
 * schemas/protocol-coverage.schema.json; a malformed file is one InputError line naming the field.
 */
export function parseProtocolCoverage(text: string, source: string): ProtocolCoverage[] {
  const file = validate(parseJson(text, source), 'protocolCoverage', source) as { models: Record<string, ProtocolCoverage> };
  return Object.entries(file.models).map(([name, coverage]) => {
    // A schema cannot tie a record to its key; merging goes by the record's own name.
    if (coverage.model !== name) throw fieldError(source, pathOfKeys(['models', name, 'model'], file), `must be ${JSON.stringify(name)}, its key${got(coverage.model)}`);
    return coverage;
  });
}

/**
 * JSON indented like JSON.stringify(value, null, 2), but with object keys sorted and arrays of
 * plain values on one line, so a 1024-hash state sketch is one line, not a thousand.
 */
function pretty(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return JSON.stringify(value);
    return value.length === 0 ? '[]' : `[\n${value.map((v) => inner + pretty(v, inner)).join(',\n')}\n${indent}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${pretty(record[k], inner)}`).join(',\n')}\n${indent}}`;
}
