import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The formats leadercheck reads back, each published as a JSON Schema (draft-07) in the package's
 * top-level schemas/ folder, so people in other languages validate what they write by hand with
 * the same file leadercheck validates it with.
 */
export const SCHEMA_FILES = {
  trace: 'trace.schema.json',
  summary: 'summary.schema.json',
  protocolCoverage: 'protocol-coverage.schema.json',
  cellCoverage: 'cell-coverage.schema.json',
  bridge: 'bridge.schema.json',
} as const;

export type SchemaName = keyof typeof SCHEMA_FILES;

/** A schema as JSON: the fields leadercheck itself looks at, and the rest. */
export interface SchemaDocument {
  $id: string;
  title: string;
  properties?: { format?: { const?: string }; bridge?: { const?: string } };
  [keyword: string]: unknown;
}

// dist/src/schema/ in the repository and in the installed package alike: schemas/ is three up.
const SCHEMA_DIR = new URL('../../../schemas/', import.meta.url);

/** Where a schema file is on disk. */
export function schemaPath(name: SchemaName): string {
  return fileURLToPath(new URL(SCHEMA_FILES[name], SCHEMA_DIR));
}

const documents = new Map<SchemaName, SchemaDocument>();

/** A schema file, parsed once. */
export function schemaDocument(name: SchemaName): SchemaDocument {
  let document = documents.get(name);
  if (document === undefined) {
    document = JSON.parse(readFileSync(schemaPath(name), 'utf8')) as SchemaDocument;
    documents.set(name, document);
  }
  return document;
}

/** The format string a schema's files carry in their `format` field (`leadercheck/trace@1`). */
export function formatOf(name: SchemaName): string {
  // A bridge line names its version in `bridge` (docs/bridge.md); every file format in `format`.
  const fields = schemaDocument(name).properties;
  const format = fields?.format?.const ?? fields?.bridge?.const;
  if (format === undefined) throw new Error(`${SCHEMA_FILES[name]} names no format`);
  return format;
}
