/**
 * One option of a subcommand, declared once: the parser's configuration, `leadercheck help CMD`
 * and the usage text are all generated from it, so they cannot drift apart.
 */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** The option may be given more than once; its value is then the list, in order. */
  readonly multiple?: boolean;
  /** What a string option's value is, as help shows it: `N`, `DIR`, `FILE`. Booleans have none. */
  readonly placeholder?: string;
  /** One line: what the option does (and, if it matters, where it does not apply). */
  readonly help: string;
  /** The default as help shows it (`3`, `reports`, `every profile`); absent when there is none. */
  readonly default?: string;
}

/** A command's options by name (without the leading `--`). */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** A subcommand's whole declaration: its name, what it does, its arguments and its options. */
export interface CommandSpec<O extends OptionTable = OptionTable> {
  readonly name: string;
  /** One line for the command list of `leadercheck help`. */
  readonly summary: string;
  /** The forms of the command after its name, one per usage line: `['[MODEL...]', '--all']`. */
  readonly usage: readonly string[];
  readonly options: O;
  /** Lines printed after the options in `leadercheck help CMD`: what is written where, and so on. */
  readonly notes?: readonly string[];
}

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean' ? boolean : S['multiple'] extends true ? string[] : string;

/** The parsed values of a command's options: each one absent unless given on the command line. */
export type OptionValues<O extends OptionTable> = { -readonly [K in keyof O]?: ValueOf<O[K]> };

/** Every command understands `--help`; it is not declared in the tables, so no command can forget it. */
export const HELP_OPTION = { name: 'help', short: 'h', help: 'print this help' } as const;

/**
 * Declares a command, checking the table is well formed (a programmer's mistake, so it throws at
 * load time, which the CLI's tests exercise): kebab-case names, a placeholder on exactly the
 * string options, and no option that shadows `--help`.
 */
export function defineCommand<const O extends OptionTable>(spec: CommandSpec<O>): CommandSpec<O> {
  for (const [name, option] of Object.entries(spec.options)) {
    const where = `${spec.name} --${name}`;
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) throw new Error(`${where}: option names are kebab-case`);
    if (name === HELP_OPTION.name) throw new Error(`${where}: every command has --help already`);
    if ((option.type === 'string') !== (option.placeholder !== undefined)) throw new Error(`${where}: string options, and only they, name a placeholder`);
    if (option.multiple === true && option.type !== 'string') throw new Error(`${where}: only string options may repeat`);
  }
  return spec;
}
