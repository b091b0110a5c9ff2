import { installBridge } from '../bridge/install.js';
import { oneLine } from '../report/escape.js';
import { InputError, ModelError } from '../shared/errors.js';
import { helpRequested } from './args.js';
import { commands, findCommand } from './commandList.js';
import { commandHelp, usageText } from './help.js';
import { packageVersion } from './version.js';

installBridge();

const usage = (): string => usageText(commands.map((command) => command.spec));

/**
 * Runs the CLI and returns its exit code; errors become one line on stderr, never a stack trace: a
 * newline or control character in a message (a path, a model's own text) is shown escaped.
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined) {
      // A mistake, not a request for help (that is `leadercheck help`): its usage goes where errors go, as exit 2 says.
      process.stderr.write(usage());
      return 2;
    }
    if (name === '--version' || name === '-V') {
      process.stdout.write(`leadercheck ${packageVersion()}\n`);
      return 0;
    }
    if (name === 'help' || name === '--help' || name === '-h') return help(rest);
    const command = findCommand(name);
    if (command === undefined) throw new InputError(`unknown command "${name}"; commands: ${commandNames()}`);
    if (helpRequested(command.spec, rest)) {
      process.stdout.write(commandHelp(command.spec));
      return 0;
    }
    return await command.run(rest);
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`leadercheck: ${oneLine(error.message)}\n`);
      return 2;
    }
    if (error instanceof ModelError) {
      process.stderr.write(`leadercheck: model error: ${oneLine(error.message)}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`leadercheck: internal error: ${oneLine(message)}\n`);
    if (process.env.LEADERCHECK_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}

/** `leadercheck help [COMMAND]`: the command list, or one command's options. */
function help(args: string[]): number {
  if (args.length === 0) {
    process.stdout.write(usage());
    return 0;
  }
  const command = args.length === 1 ? findCommand(args[0]) : undefined;
  if (command === undefined) {
    throw new InputError(args.length === 1 ? `help: unknown command "${args[0]}"; commands: ${commandNames()}` : 'help: name one command (leadercheck help COMMAND)');
  }
  process.stdout.write(commandHelp(command.spec));
  return 0;
}

function commandNames(): string {
  return commands.map((command) => command.spec.name).join(', ');
}
