import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parserOptions } from '../src/cli/args.js';
import { commands } from '../src/cli/commandList.js';
import { defineCommand, type OptionSpec } from '../src/cli/commandSpec.js';
import { checkSpec } from '../src/cli/checkSpec.js';
import { regressionName } from '../src/cli/commands/shrink.js';
import { commandHelp, optionForm, usageText } from '../src/cli/help.js';
import { InputError } from '../src/shared/errors.js';
import { decodeTrace } from '../src/trace/decode.js';
import { cli } from './helpers/cli.js';

/** A command line giving this option once (twice when it repeats), with a value if it takes one. */
function given(name: string, option: OptionSpec): string[] {
  const once = option.type === 'boolean' ? [`--${name}`] : [`--${name}`, 'v'];
  return option.multiple === true ? [...once, ...once] : once;
}

/** The options a help text lists, from its options section. */
function listedOptions(help: string): string[] {
  const section = help.slice(help.indexOf('\noptions:\n'));
  return [...section.matchAll(/^ {2}(?:-\w, )?--([a-z0-9-]+)/gm)].map((m) => m[1]);
}

test('every command\'s help lists each option of its table, with its placeholder, and nothing else', (t) => {
  for (const { spec } of commands) {
    const help = commandHelp(spec);
    t.deepEqual(listedOptions(help), [...Object.keys(spec.options), 'help'], spec.name);
    for (const [name, option] of Object.entries(spec.options)) {
      const row = help.split('\n').find((line) => line.startsWith(`  ${optionForm(name, option)} `));
      t.truthy(row, `${spec.name} --${name}`);
      t.true(row!.includes(option.help), `${spec.name} --${name}`);
      if (option.default !== undefined) t.true(row!.includes(`(default: ${option.default})`), `${spec.name} --${name}`);
    }
  }
});

test('parse accepts every option of every table, and only those', (t) => {
  for (const { spec } of commands) {
    t.deepEqual(Object.keys(parserOptions(spec)), [...Object.keys(spec.options), 'help'], spec.name);
    for (const [name, option] of Object.entries(spec.options)) {
      const { values } = parse(spec, given(name, option));
      const expected = option.type === 'boolean' ? true : option.multiple === true ? ['v', 'v'] : 'v';
      t.deepEqual((values as Record<string, unknown>)[name], expected, `${spec.name} --${name}`);
    }
    const error = t.throws(() => parse(spec, ['--no-such-option']), { instanceOf: InputError });
    t.is(error!.message, `${spec.name}: Unknown option '--no-such-option'; see \`leadercheck help ${spec.name}\``);
  }
});

test('the usage text lists every command with its summary', (t) => {
  const usage = usageText(commands.map((c) => c.spec));
  for (const { spec } of commands) t.regex(usage, new RegExp(`^ {2}${spec.name} +${spec.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
});

test('a malformed table is refused when it is declared', (t) => {
  const declare = (options: Record<string, OptionSpec>) => () => defineCommand({ name: 'x', summary: 's', usage: [''], options });
  t.throws(declare({ nodes: { type: 'string', help: 'h' } }), { message: /placeholder/ });
  t.throws(declare({ json: { type: 'boolean', placeholder: 'B', help: 'h' } }), { message: /placeholder/ });
  t.throws(declare({ help: { type: 'boolean', help: 'h' } }), { message: /--help already/ });
  t.throws(declare({ maxTerm: { type: 'string', placeholder: 'T', help: 'h' } }), { message: /kebab-case/ });
  t.throws(declare({ flags: { type: 'boolean', multiple: true, help: 'h' } }), { message: /repeat/ });
});

test('help, --help and no arguments print the usage; exit 0, and 2 with no arguments (on stderr: a mistake)', (t) => {
  const help = cli(['help']);
  t.is(help.code, 0);
  for (const { spec } of commands) t.regex(help.stdout, new RegExp(`^ {2}${spec.name} `, 'm'));
  t.is(cli(['--help']).stdout, help.stdout);
  t.is(cli(['-h']).stdout, help.stdout);
  const bare = cli([]);
  t.is(bare.code, 2);
  t.is(bare.stdout, '');
  t.is(bare.stderr, help.stdout);
});

test('help CMD, CMD --help and CMD -h print the command\'s table, exit 0', (t) => {
  for (const { spec } of commands) {
    const help = cli(['help', spec.name]);
    t.is(help.code, 0, spec.name);
    t.is(help.stdout, commandHelp(spec));
    t.is(cli([spec.name, '--help']).stdout, help.stdout, spec.name);
    t.is(cli([spec.name, '-h']).code, 0, spec.name);
  }
  // Help is what someone who got the line wrong needs; a value that happens to be "--help" is not a request for it.
  t.is(cli(['check', '--colour', '--help']).code, 0);
  t.is(cli(['explore', 'raft', '--', '--help']).code, 2);
});

test('help of an unknown command is one line, exit 2', (t) => {
  for (const args of [['help', 'nope'], ['help', 'check', 'explore']]) {
    const r = cli(args);
    t.is(r.code, 2, args.join(' '));
    t.is(r.stdout, '');
    t.is(r.stderr.trimEnd().split('\n').length, 1);
  }
  t.regex(cli(['help', 'nope']).stderr, /^leadercheck: help: unknown command "nope"; commands: list, check, /);
});

test('--version and -V print the version in package.json', (t) => {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const r = cli([flag]);
    t.is(r.code, 0);
    t.is(r.stdout, `leadercheck ${version}\n`);
  }
});

test('check --all refuses exactly the options its help says do not apply to it', (t) => {
  const refused = Object.entries(checkSpec.options).filter(([, option]) => option.help.includes('not with --all'));
  t.deepEqual(refused.map(([name]) => name), ['nodes', 'run', 'property', 'model-file', 'shortest', 'config', 'strategy', 'depth', 'verify-determinism']);
  for (const [name, option] of refused) {
    const r = cli(['check', '--all', ...given(name, option)]);
    t.is(r.code, 2, name);
    t.regex(r.stderr, new RegExp(`^leadercheck: check --all: --${name} does not apply`), name);
  }
  t.true(checkSpec.options.budget.help.startsWith('with --all only'));
  t.regex(cli(['check', 'raft', '--budget', '5']).stderr, /--budget is for the catalog; use it with --all/);
});

test('shrink names what it writes under --out as reports/regressions/ names its traces', (t) => {
  const dir = 'reports/regressions';
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.trace.json'))) {
    const trace = decodeTrace(readFileSync(join(dir, file), 'utf8'), file);
    // A name may say more after the property (liveness-lasso): what kind of liveness failure it is.
    t.true(file.startsWith(regressionName(trace).slice(0, -'.trace.json'.length)), file);
  }
});
