import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../shared/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with its errors turned into one-line InputErrors. */
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

export function parse<O extends Options>(command: string, argv: string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const text = (error as Error).message.split('\n')[0].replace(/\. To specify.*$/, '');
    throw new InputError(`${command}: ${text}; see \`leadercheck help\``);
  }
}

/** An integer option within [min, max], or an InputError that says so. */
export function intOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new InputError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}
