import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under a directory, by relative path, with its bytes as text. */
export function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

/** A report directory with its timings taken out: what must be equal for equal runs. */
export function untimed(dir: string): Record<string, unknown> {
  const files: Record<string, unknown> = filesUnder(dir);
  const json = JSON.parse(files['summary.json'] as string);
  files['summary.json'] = { ...json, timings: null };
  const md = files['summary.md'] as string;
  files['summary.md'] = md.slice(0, md.indexOf('## Timings'));
  files['junit.xml'] = (files['junit.xml'] as string).replace(/ time="[\d.]+"/g, '');
  return files;
}
