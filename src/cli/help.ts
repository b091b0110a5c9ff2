import { type CommandSpec, HELP_OPTION, type OptionSpec } from './commandSpec.js';

const EXIT_CODES = 'exit codes: 0 ok, 1 violation (or unexpected verdict, or model error), 2 bad usage or input, 130 interrupted';

/** How an option is written on the command line, as help shows it: `--property NAME...`. */
export function optionForm(name: string, option: OptionSpec): string {
  const value = option.placeholder === undefined ? '' : ` ${option.placeholder}${option.multiple === true ? '...' : ''}`;
  return `--${name}${value}`;
}

/** `leadercheck help CMD` and `leadercheck CMD --help`: its usage, every option of its table, its notes. */
export function commandHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, option]) => ({
    form: optionForm(name, option),
    text: option.default === undefined ? option.help : `${option.help} (default: ${option.default})`,
  }));
  rows.push({ form: `-${HELP_OPTION.short}, --${HELP_OPTION.name}`, text: HELP_OPTION.help });
  const width = Math.max(...rows.map((row) => row.form.length));
  const options = Object.keys(spec.options).length > 0 ? ' [options]' : '';
  const lines = [
    `leadercheck ${spec.name}: ${spec.summary}`,
    '',
    'usage:',
    ...spec.usage.map((form) => `  leadercheck ${[spec.name, form].filter((s) => s !== '').join(' ')}${options}`),
    '',
    'options:',
    ...rows.map((row) => `  ${row.form.padEnd(width)}  ${row.text}`),
  ];
  if (spec.notes !== undefined && spec.notes.length > 0) lines.push('', ...spec.notes);
  return `${lines.join('\n')}\n`;
}

/** `leadercheck help`: every command with its summary, and where each one's options are listed. */
export function usageText(specs: readonly CommandSpec[]): string {
  const width = Math.max(...specs.map((spec) => spec.name.length));
  return [
    'leadercheck: a deterministic model checker for leader-election protocols',
    '',
    'usage: leadercheck COMMAND [ARGUMENTS] [OPTIONS]',
    '',
    'commands:',
    ...specs.map((spec) => `  ${spec.name.padEnd(width)}  ${spec.summary}`),
    '',
    '`leadercheck help COMMAND` (or `leadercheck COMMAND --help`) lists its options; `leadercheck --version` prints the version.',
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}
