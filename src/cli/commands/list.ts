import { builtinModels } from '../../../models/index.js';
import { allProperties } from '../../../properties/index.js';
import { profiles } from '../../schedule/profiles.js';
import { parse } from '../args.js';

export async function listCommand(argv: string[]): Promise<number> {
  parse('list', argv, {});
  const width = Math.max(...builtinModels.map((m) => m.name.length));
  const out: string[] = ['models:'];
  for (const m of builtinModels) out.push(`  ${m.name.padEnd(width)}  ${m.summary}`, `  ${''.padEnd(width)}  promises: ${m.promises.join(', ')}`);
  out.push('profiles:');
  for (const p of profiles) out.push(`  ${p.name.padEnd(width)}  ${p.description}`);
  out.push('properties:');
  for (const p of allProperties) out.push(`  ${p.name.padEnd(width)}  ${p.description}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
