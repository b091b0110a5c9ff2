import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

/** One import from a source file to another, both repo-relative `.ts` paths. */
export interface ImportEdge {
  from: string;
  to: string;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s*)['"](\.{1,2}\/[^'"]+)['"]/gm;

/** Every relative import among the .ts files under `roots`, read as text (type-only imports count too). */
export function importEdges(repo: string, roots: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const walk = (dir: string): string[] =>
    readdirSync(join(repo, dir)).flatMap((name) => {
      const path = posix.join(dir, name);
      if (statSync(join(repo, path)).isDirectory()) return walk(path);
      return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
    });
  for (const file of roots.flatMap(walk)) {
    for (const match of readFileSync(join(repo, file), 'utf8').matchAll(IMPORT)) {
      edges.push({ from: file, to: posix.normalize(posix.join(posix.dirname(file), match[1])).replace(/\.js$/, '.ts') });
    }
  }
  return edges;
}

/** The layer a file belongs to: `src/<folder>` for code under src/, else its top folder (`models`, `properties`). */
export function layerOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : file.replace(/\.ts$/, '');
  return parts[0];
}

/**
 * The layers from the bottom up, as the README's architecture section draws them: a layer may
 * import its own files and those of layers listed before it, never one after it. `src/index` is
 * the library's entry and may import anything.
 */
export const LAYERS: readonly string[] = [
  'src/shared',
  'models',
  'properties',
  'src/model',
  'src/schema',
  'src/world',
  'src/judge',
  'src/coverage',
  'src/kernel',
  'src/trace',
  'src/bridge',
  'src/schedule',
  'src/explore',
  'src/shrink',
  'src/arbitraries',
  'src/run',
  'src/report',
  'src/cli',
  'src/index',
];

/** Imports that the layering rules forbid, one line each; an empty list is a clean graph. */
export function layeringProblems(edges: readonly ImportEdge[], layers: readonly string[] = LAYERS): string[] {
  const problems: string[] = [];
  const rank = new Map(layers.map((layer, i) => [layer, i]));
  const between = new Set<string>();
  for (const { from, to } of edges) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (a === b) continue;
    between.add(`${a} -> ${b}`);
    const ra = rank.get(a);
    const rb = rank.get(b);
    if (ra === undefined) problems.push(`${from}: ${a} is not a known layer`);
    else if (rb === undefined) problems.push(`${from} imports ${to}: ${b} is not a known layer`);
    else if ((a === 'models' || a === 'properties') && b !== 'src/shared' && !(a === 'properties' && b === 'models')) {
      problems.push(`${from} imports ${to}: ${a}/ may import only the shared types (src/shared)`);
    } else if (a === 'src/world' && (b === 'models' || b === 'properties')) {
      problems.push(`${from} imports ${to}: the world knows no model or property by name`);
    } else if (rb > ra) problems.push(`${from} imports ${to}: ${a} sits below ${b}`);
  }
  for (const pair of between) {
    const [a, b] = pair.split(' -> ');
    if (a < b && between.has(`${b} -> ${a}`)) problems.push(`${a} and ${b} import each other`);
  }
  return problems;
}

/** Cycles among files (each as `a -> b -> ... -> a`), found by a depth-first search over the import edges. */
export function fileCycles(edges: readonly ImportEdge[]): string[] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const to of next.get(file) ?? []) {
      if (state.get(to) === 'open') cycles.push([...stack.slice(stack.indexOf(to)), to].join(' -> '));
      else if (state.get(to) === undefined) visit(to);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...next.keys()].sort()) if (state.get(file) === undefined) visit(file);
  return cycles;
}
