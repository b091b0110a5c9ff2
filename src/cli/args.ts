import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../shared/errors.js';
import { type CommandSpec, HELP_OPTION, type OptionTable, type OptionValues } from './commandSpec.js';

type ParserOptions = NonNullable<ParseArgsConfig['options']>;

/** The node:util parseArgs options of a command's table, with `--help`/`-h` added. */
export function parserOptions(spec: CommandSpec): ParserOptions {
  const options: ParserOptions = {};
  for (const [name, option] of Object.entries(spec.options)) {
    options[name] = option.multiple === true ? { type: option.type, multiple: true } : { type: option.type };
  }
  options[HELP_OPTION.name] = { type: 'boolean', short: HELP_OPTION.short };
  return options;
}

/** The command line of one subcommand, read by its table; errors become one-line InputErrors. */
export function parse<O extends OptionTable>(spec: CommandSpec<O>, argv: string[]): { values: OptionValues<O>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: parserOptions(spec), allowPositionals: true, strict: true });
    delete values[HELP_OPTION.name];
    return { values: values as OptionValues<O>, positionals };
  } catch (error) {
    const text = (error as Error).message.split('\n')[0].replace(/\. To specify.*$/, '').replace(/\.$/, '');
    throw new InputError(`${spec.name}: ${text}; see \`leadercheck help ${spec.name}\``);
  }
}

/**
 * Whether the command line asks for the command's help. Read leniently, so `--help` wins over a
 * mistake elsewhere on the line (the help is what the user needs then), but not when it is an
 * option's value (`--seed --help`) or after `--`.
 */
export function helpRequested(spec: CommandSpec, argv: string[]): boolean {
  const { tokens } = parseArgs({ args: argv, options: parserOptions(spec), allowPositionals: true, strict: false, tokens: true });
  return tokens.some((token) => token.kind === 'option' && token.name === HELP_OPTION.name);
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
