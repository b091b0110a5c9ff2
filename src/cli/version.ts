import { readFileSync } from 'node:fs';

/**
 * The version in package.json, read at run time so it cannot disagree with the package installed.
 * The path is relative to the compiled file, dist/src/cli/version.js.
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string') throw new Error('package.json has no version');
  return manifest.version;
}
