import type { ErrorObject } from 'ajv';
import { got } from './fieldError.js';
import { fieldPath } from './fieldPath.js';

/** Where a value breaks its schema and how, in plain words: `events[3].node` and `must be an integer`. */
export interface Problem {
  path: string;
  problem: string;
}

/**
 * The first failure among ajv's errors. With allErrors off ajv stops at the first failing
 * keyword; the errors after it only name the combinators it failed inside (`if`, `anyOf`). An
 * `anyOf` is the exception: when every branch failed, no branch's error is more the cause than
 * another's, so the line names them all (`events[2]: must have id, from, to or type`).
 */
export function problemOf(errors: readonly ErrorObject[], root: unknown): Problem {
  const anyOf = errors.findIndex((e) => e.keyword === 'anyOf');
  if (anyOf > 0) {
    const branches = errors.slice(0, anyOf);
    const at = errors[anyOf].instancePath;
    if (branches.every((e) => e.keyword === 'required' && e.instancePath === at)) {
      const fields = branches.map((e) => String((e.params as { missingProperty: string }).missingProperty));
      return { path: fieldPath(at, root), problem: `must have ${alternatives(fields)}` };
    }
  }
  return problemOfError(errors[0], root);
}

function problemOfError(error: ErrorObject, root: unknown): Problem {
  const path = fieldPath(error.instancePath, root);
  const params = error.params as Record<string, unknown>;
  const value = got(error.data);
  switch (error.keyword) {
    case 'required': {
      const field = String(params.missingProperty).replaceAll('~', '~0').replaceAll('/', '~1');
      return { path: fieldPath(`${error.instancePath}/${field}`, root), problem: 'is required' };
    }
    case 'type':
      return { path, problem: `must be ${typeNames(params.type as string | string[])}${value}` };
    case 'const':
      return { path, problem: `must be ${JSON.stringify(params.allowedValue)}${value}` };
    case 'enum':
      return { path, problem: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${value}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const integer = (error.parentSchema as { type?: unknown } | undefined)?.type === 'integer';
      return { path, problem: `must be ${integer ? 'an integer' : 'a number'} ${String(params.comparison)} ${String(params.limit)}${value}` };
    }
    case 'minLength':
    case 'minItems':
      return { path, problem: params.limit === 1 ? 'must not be empty' : (error.message ?? 'is too short') };
    case 'pattern':
      return { path, problem: `must match ${String(params.pattern)}${value}` };
    default:
      return { path, problem: `${error.message ?? `fails ${error.keyword}`}${value}` };
  }
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function typeNames(types: string | string[]): string {
  return alternatives((Array.isArray(types) ? types : [types]).map((t) => TYPE_NAMES[t] ?? t));
}

/** "a", "a or b", "a, b or c". */
function alternatives(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
