import { InputError } from '../shared/errors.js';

/**
 * `--out DIR`, which names a directory in every command. `explore` and `shrink` once took a file
 * path there; a value ending in `.json` is that old form, and silently making a directory of that
 * name would hide the trace from the script that asked for it.
 */
export function outDirectory(command: string, value: string | undefined): string | undefined {
  if (value !== undefined && /\.json$/i.test(value)) {
    throw new InputError(`${command}: --out names a directory now (see \`leadercheck help ${command}\`), got the file "${value}"`);
  }
  return value;
}
