import type { CommandSpec } from './commandSpec.js';
import { checkCommand, checkSpec } from './commands/check.js';
import { exploreCommand, exploreSpec } from './commands/explore.js';
import { explorerCommand, explorerSpec } from './commands/explorer.js';
import { listCommand, listSpec } from './commands/list.js';
import { mergeCommand, mergeSpec } from './commands/merge.js';
import { replayCommand, replaySpec } from './commands/replay.js';
import { shrinkCommand, shrinkSpec } from './commands/shrink.js';
import { simulateCommand, simulateSpec } from './commands/simulate.js';
import { viewCommand, viewSpec } from './commands/view.js';

/** A subcommand: its declared options, and what runs it with its arguments. */
export interface Command {
  readonly spec: CommandSpec;
  readonly run: (argv: string[]) => Promise<number>;
}

/** Every subcommand, in the order help lists them. A new command is one file in commands/ and one line here. */
export const commands: readonly Command[] = [
  { spec: listSpec, run: listCommand },
  { spec: checkSpec, run: checkCommand },
  { spec: replaySpec, run: replayCommand },
  { spec: viewSpec, run: viewCommand },
  { spec: simulateSpec, run: simulateCommand },
  { spec: exploreSpec, run: exploreCommand },
  { spec: explorerSpec, run: explorerCommand },
  { spec: shrinkSpec, run: shrinkCommand },
  { spec: mergeSpec, run: mergeCommand },
];

/** The command of this name, if there is one. */
export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.spec.name === name);
}
