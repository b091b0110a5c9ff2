import { readFileSync } from 'node:fs';
import { InputError } from '../shared/errors.js';
import { validatorFor } from './compiled.js';
import { fieldError, got } from './fieldError.js';
import { problemOf } from './problemOf.js';
import { formatOf, type SchemaName } from './schemas.js';

/**
 * Checks a parsed value against its format's schema and returns it; the first problem is one
 * InputError line naming the field (`what: events[3].node: must be an integer, got "2"`).
 */
export function validate(value: unknown, schema: SchemaName, what: string): unknown {
  // A file of another format (or version) is told so first: its other fields are not wrong for it.
  const format = formatOf(schema);
  if (isObject(value) && value.format !== undefined && value.format !== format) {
    throw fieldError(what, 'format', `must be ${JSON.stringify(format)}${got(value.format)}`);
  }
  const valid = validatorFor(schema);
  if (!valid(value)) {
    const { path, problem } = problemOf(valid.errors ?? [], value);
    throw fieldError(what, path, problem);
  }
  return value;
}

/** JSON text to a value; text that does not parse is one InputError line. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(`${what}: not valid JSON (${reason.split('\n')[0]})`);
  }
}

/** Reads, parses and validates a file (`what` names it in messages, the path by default). */
export function readJsonFile(path: string, schema: SchemaName, what: string = path): unknown {
  return validate(parseJson(readTextFile(path, what), what), schema, what);
}

/** A file's UTF-8 text; a file that cannot be read is one InputError line. */
export function readTextFile(path: string, what: string = path): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${what}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot read it'}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
