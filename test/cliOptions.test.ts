import test from 'ava';
import { parse } from '../src/cli/args.js';
import { commands } from '../src/cli/commandList.js';
import { commandHelp } from '../src/cli/help.js';
import { InputError } from '../src/shared/errors.js';
import { mainInProcess } from './helpers/inProcess.js';

const stringOptions = commands.flatMap(({ spec }) =>
  Object.entries(spec.options)
    .filter(([, option]) => option.type === 'string')
    .map(([name]) => ({ spec, name })),
);

/** Every option that takes an integer, with a command line that reads it before any work starts. */
const integerOptions: readonly { argv: string[]; name: string }[] = [
  ...['nodes', 'runs', 'run', 'workers'].map((name) => ({ argv: ['check', 'raft'], name })),
  ...['runs', 'budget', 'workers'].map((name) => ({ argv: ['check', '--all'], name })),
  ...['nodes', 'max-term', 'max-messages', 'max-crashes', 'max-partitions', 'max-drops', 'max-dups', 'max-depth', 'max-states'].map((name) => ({ argv: ['explore', 'raft'], name })),
  ...['nodes', 'crash-leader-at', 'pause-leader-at'].map((name) => ({ argv: ['simulate', 'raft'], name })),
];

function inputError(t: { throws: (fn: () => unknown, expectations: object) => unknown }, run: () => unknown): string {
  return (t.throws(run, { instanceOf: InputError }) as InputError).message;
}

test('a string option takes a value that starts with one dash, in either form, in every table', (t) => {
  for (const { spec, name } of stringOptions) {
    for (const argv of [[`--${name}`, '-1'], [`--${name}=-1`]]) {
      const { values } = parse(spec, argv);
      const value = (values as Record<string, unknown>)[name];
      t.deepEqual(value, spec.options[name].multiple === true ? ['-1'] : '-1', `${spec.name} ${argv.join(' ')}`);
    }
  }
});

test.serial('a negative integer is judged by its option, not taken for an option: one line, exit 2', async (t) => {
  for (const { argv, name } of integerOptions) {
    const line = [...argv, `--${name}`, '-1'];
    const r = await mainInProcess(line);
    t.is(r.code, 2, line.join(' '));
    t.regex(r.stderr, new RegExp(`^leadercheck: --${name} must be an integer from \\d+ to \\d+, got "-1"\\n$`), line.join(' '));
  }
  t.regex((await mainInProcess(['explore', 'raft', '--seconds', '-1'])).stderr, /^leadercheck: --seconds must be a positive number, got "-1"\n$/);
});

test.serial('an option that does not repeat, given twice, is refused in every table', async (t) => {
  for (const { spec } of commands) {
    for (const [name, option] of Object.entries(spec.options)) {
      if (option.multiple === true) continue;
      const once = option.type === 'boolean' ? [`--${name}`] : [`--${name}`, 'v'];
      const message = inputError(t, () => parse(spec, [...once, ...once]));
      t.is(message, `${spec.name}: --${name} given twice; give it once (see \`leadercheck help ${spec.name}\`)`);
    }
  }
  t.regex(inputError(t, () => parse(commands[1].spec, ['--seed', '1', '--seed=2', '--seed', '3'])), /--seed given 3 times/);
  const r = await mainInProcess(['check', 'raft', '--profile', 'crash', '--profile', 'partition']);
  t.is(r.code, 2);
  t.regex(r.stderr, /^leadercheck: check: --profile given twice; give it once/);
});

test.serial('an empty value is refused for every string option, saying which', async (t) => {
  for (const { spec, name } of stringOptions) {
    for (const argv of [[`--${name}`, ''], [`--${name}=`]]) {
      const message = inputError(t, () => parse(spec, argv));
      t.regex(message, new RegExp(`^${spec.name}: --${name} is empty; give it a value \\(${spec.options[name].placeholder}\\)`), `${spec.name} ${argv.join(' ')}`);
    }
  }
  const r = await mainInProcess(['check', 'raft', '--seed', '']);
  t.is(r.code, 2);
  t.is(r.stderr, 'leadercheck: check: --seed is empty; give it a value (S) (see `leadercheck help check`)\n');
});

test('an option missing its value says so, whether it is last or followed by another option', (t) => {
  const check = commands[1].spec;
  for (const argv of [['raft', '--seed'], ['raft', '--seed', '--profile', 'crash'], ['--seed', '--']]) {
    t.is(inputError(t, () => parse(check, argv)), 'check: --seed needs a value (S) (see `leadercheck help check`)', argv.join(' '));
  }
});

test.serial('--help and -h win over a mistake elsewhere on the line, but not as a value written with =', async (t) => {
  for (const { spec } of commands) {
    for (const argv of [[spec.name, '-h'], [spec.name, '--help', '--no-such-option'], [spec.name, '--out', '--help']]) {
      const r = await mainInProcess(argv);
      t.is(r.code, 0, argv.join(' '));
      t.is(r.stdout, commandHelp(spec), argv.join(' '));
    }
  }
  const asValue = await mainInProcess(['explore', '--model-file=--help']);
  t.is(asValue.code, 2);
  t.notRegex(asValue.stdout, /usage:/);
});
