import { builtinModels } from '../../../models/index.js';
import { bridgedBuiltins } from '../../../models/bridged/index.js';
import { ALL_PROFILES, catalog, CATALOG_PROPERTIES, expectedCells } from '../../../properties/expectations.js';
import { allProperties } from '../../../properties/index.js';
import { profiles } from '../../schedule/profiles.js';
import { InputError } from '../../shared/errors.js';
import { parse } from '../args.js';
import { defineCommand } from '../commandSpec.js';

export const listSpec = defineCommand({
  name: 'list',
  summary: 'the models, profiles and properties, with where the catalog expects each violation',
  usage: [''],
  options: {},
});

export async function listCommand(argv: string[]): Promise<number> {
  const { positionals } = parse(listSpec, argv);
  if (positionals.length > 0) throw new InputError(`list takes no arguments, got "${positionals.join(' ')}"`);
  const width = Math.max(...[...builtinModels, ...bridgedBuiltins].map((m) => m.name.length));
  const pad = ''.padEnd(width);
  const out: string[] = ['models (with the catalog: where each property is expected to be violated):'];
  // A bridged model's promises come from its process's hello: `list` starts no process.
  const listed = [...builtinModels.map((m) => ({ ...m, bridged: null })), ...bridgedBuiltins.map((m) => ({ ...m, promises: null, bridged: m.descriptor }))];
  for (const m of listed) {
    const promises = m.promises === null ? `runs through the step bridge (${m.bridged}); promises: what its process says` : `promises: ${m.promises.join(', ')}`;
    out.push(`  ${m.name.padEnd(width)}  ${m.summary}`, `  ${pad}  ${promises}`);
    const row = catalog.find((r) => r.model === m.name);
    if (row === undefined) continue;
    const cells = expectedCells([row]);
    for (const property of CATALOG_PROPERTIES) {
      const unchecked = cells.find((c) => c.property === property && c.expected === 'not checked');
      if (unchecked !== undefined) {
        out.push(`  ${pad}  ${property}: not checked (${unchecked.reason})`);
        continue;
      }
      const violated = cells.filter((c) => c.property === property && c.expected === 'violated').map((c) => c.profile);
      const where = violated.length === 0 ? 'holds everywhere' : violated.length === ALL_PROFILES.length ? 'violated under every profile' : `violated under ${violated.join(', ')}`;
      out.push(`  ${pad}  ${property}: ${where}`);
    }
    out.push(`  ${pad}  (catalog runs it with ${row.nodes} nodes)`);
  }
  out.push('profiles:');
  for (const p of profiles) out.push(`  ${p.name.padEnd(width)}  ${p.description}`);
  out.push('properties:');
  for (const p of allProperties) out.push(`  ${p.name.padEnd(width)}  ${p.description}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
