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

/**
 * The command line with every string option's value attached (`--runs -1` becomes `--runs=-1`),
 * so a value may start with a dash: node's parseArgs would call `-1` ambiguous. What follows a
 * string option is its value unless it is the end of options (`--`), a long option (`--json`;
 * write `--seed=--x` for such a value) or the help (`-h`).
 */
function attachValues(spec: CommandSpec, argv: readonly string[]): { args: string[]; missing: string | undefined } {
  const args: string[] = [];
  // The first string option written without its value (`--seed`, last or followed by an option).
  let missing: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name === undefined || spec.options[name]?.type !== 'string') {
      args.push(arg);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--') || next === `-${HELP_OPTION.short}`) {
      missing ??= name;
      args.push(arg);
      continue;
    }
    args.push(`${arg}=${next}`);
    i++;
  }
  return { args, missing };
}

/** The first rule of the table the line breaks that parseArgs does not check: a repeat or an empty value. */
function tableRuleBroken(spec: CommandSpec, tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>): string | undefined {
  const seen = new Map<string, number>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = spec.options[token.name];
    if (option === undefined) continue;
    if (option.type === 'string' && token.value === '') return `--${token.name} is empty; give it a value (${option.placeholder})`;
    seen.set(token.name, (seen.get(token.name) ?? 0) + 1);
  }
  for (const [name, count] of seen) {
    if (count > 1 && spec.options[name].multiple !== true) return `--${name} given ${count === 2 ? 'twice' : `${count} times`}; give it once`;
  }
  return undefined;
}

/**
 * The command line of one subcommand, read by its table; errors become one-line InputErrors.
 * Beyond what parseArgs checks, the tables' rules hold for every command: a string option needs
 * a non-empty value (none of ours means anything empty), and only a `multiple` option repeats
 * (a second `--profile` is a mistake, not a correction to take silently).
 */
export function parse<O extends OptionTable>(spec: CommandSpec<O>, argv: string[]): { values: OptionValues<O>; positionals: string[] } {
  const { args, missing } = attachValues(spec, argv);
  const refuse = (text: string) => new InputError(`${spec.name}: ${text} (see \`leadercheck help ${spec.name}\`)`);
  if (missing !== undefined) throw refuse(`--${missing} needs a value (${spec.options[missing].placeholder})`);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: parserOptions(spec), allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    const text = (error as Error).message.split('\n')[0].replace(/\. To specify.*$/, '').replace(/\.$/, '');
    throw new InputError(`${spec.name}: ${text}; see \`leadercheck help ${spec.name}\``);
  }
  const broken = tableRuleBroken(spec, parsed.tokens!);
  if (broken !== undefined) throw refuse(broken);
  const { values, positionals } = parsed;
  delete values[HELP_OPTION.name];
  return { values: values as OptionValues<O>, positionals };
}

/**
 * Whether the command line asks for the command's help. Read leniently, so `--help` wins over a
 * mistake elsewhere on the line (the help is what the user needs then), but not when it is an
 * option's value (`--seed=--help`) or after `--`.
 */
export function helpRequested(spec: CommandSpec, argv: string[]): boolean {
  const { args } = attachValues(spec, argv);
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === `--${HELP_OPTION.name}` || arg === `-${HELP_OPTION.short}`);
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
