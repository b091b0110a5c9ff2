import { InputError } from '../shared/errors.js';
import { ModelError } from '../shared/errors.js';
import { checkCommand } from './commands/check.js';
import { exploreCommand } from './commands/explore.js';
import { listCommand } from './commands/list.js';
import { mergeCommand } from './commands/merge.js';
import { replayCommand } from './commands/replay.js';
import { shrinkCommand } from './commands/shrink.js';
import { simulateCommand } from './commands/simulate.js';

type Command = (argv: string[]) => Promise<number>;

/** Every subcommand, by name. A new command is one file in commands/ and one line here. */
export const commands: Record<string, Command> = {
  list: listCommand,
  check: checkCommand,
  replay: replayCommand,
  simulate: simulateCommand,
  explore: exploreCommand,
  shrink: shrinkCommand,
  merge: mergeCommand,
};

const USAGE = `leadercheck: a deterministic model checker for leader-election protocols

usage:
  leadercheck list
  leadercheck check [MODEL...] [--profile P] [--nodes N] [--runs R] [--seed S] [--run I]
                    [--property NAME]... [--out DIR] [--model-file FILE] [--workers N] [--shard K/N]
  leadercheck check --all [--profile P] [--runs R] [--budget EVENTS] [--seed S] [--out DIR]
                    [--workers N] [--shard K/N]
  leadercheck merge DIR... [--out DIR]
  leadercheck replay TRACE [--json] [--model-file FILE]
  leadercheck shrink TRACE [--out FILE] [--model-file FILE]
  leadercheck simulate MODEL [--nodes N] [--seed S] [--crash-leader-at T] [--model-file FILE]
  leadercheck explore MODEL [--nodes N] [--max-term T] [--max-messages M] [--max-crashes C]
                    [--max-partitions P] [--max-drops D] [--max-dups D] [--max-depth D]
                    [--max-states S] [--seconds S] [--property NAME]... [--no-symmetry] [--dfs]
                    [--json] [--out FILE] [--model-file FILE]

exit codes: 0 ok, 1 violation (or unexpected verdict, or model error), 2 bad usage or input, 130 interrupted
`;

/** Runs the CLI and returns its exit code; errors become one line on stderr, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  try {
    if (command === undefined) throw new InputError(`unknown command "${name}"; commands: ${Object.keys(commands).join(', ')}`);
    return await command(rest);
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`leadercheck: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ModelError) {
      process.stderr.write(`leadercheck: model error: ${error.message.split('\n')[0]}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`leadercheck: internal error: ${message.split('\n')[0]}\n`);
    if (process.env.LEADERCHECK_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}
