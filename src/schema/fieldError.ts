import { InputError } from '../shared/errors.js';

/**
 * The one line every invalid input gives: where the input is, the field's path in it, and what is
 * wrong (`trace.json: events[3].node: must be an integer 1..3, got 7`). The root's path is empty.
 */
export function fieldError(what: string, path: string, problem: string): InputError {
  return new InputError(path === '' ? `${what}: ${problem}` : `${what}: ${path}: ${problem}`);
}

/** `, got <value>` for a value short enough to quote, else what kind of value it is. */
export function got(value: unknown): string {
  if (value === undefined) return '';
  const json = JSON.stringify(value);
  if (json.length <= 40) return `, got ${json}`;
  return `, got ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}`;
}
