import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The viewer's browser code as one classic script, to inline in a page that must load nothing
 * (no network, no file next to it). The client is TypeScript compiled by tsc like the rest of the
 * code (into dist/, which the npm package ships), as ES modules importing each other; a page
 * cannot import modules from inline scripts, so this joins them: each module becomes a function
 * scope that returns its exports, run after the modules it imports. Enough for the client's own
 * modules, which keep to two forms: `import { a, b as c } from './x.js'` and `export function` /
 * `const` / `class`; anything else is refused loudly, so a new client file cannot break a page
 * silently. No bundler dependency for some 300 lines of client code.
 */
export function clientBundle(entries: readonly string[]): string {
  const order: string[] = [];
  const sources = new Map<string, ModuleSource>();
  const visit = (path: string, trail: readonly string[]): void => {
    if (sources.has(path)) return;
    if (trail.includes(path)) throw new Error(`client modules import each other in a cycle: ${[...trail, path].join(' -> ')}`);
    const source = parseModule(path);
    for (const dep of source.imports) visit(dep.path, [...trail, path]);
    sources.set(path, source);
    order.push(path);
  };
  for (const entry of entries) visit(resolve(entry), []);
  const index = new Map(order.map((path, i) => [path, i]));
  const modules = order.map((path, i) => {
    const { body, imports, exports } = sources.get(path)!;
    const bindings = imports.map((dep) => `const { ${dep.names.map(([from, as]) => (from === as ? from : `${from}: ${as}`)).join(', ')} } = modules[${index.get(dep.path)}];`);
    return `// ${path.split('/').slice(-2).join('/')}\nmodules[${i}] = (() => {\n${bindings.join('\n')}\n${body}\nreturn { ${exports.join(', ')} };\n})();`;
  });
  return `(() => {\n'use strict';\nconst modules = [];\n${modules.join('\n')}\n})();\n`;
}

let viewerScriptText: string | undefined;

/** The compiled viewer page script: main.js and every client module it imports (read once per process). */
export function viewerScript(): string {
  viewerScriptText ??= clientBundle([fileURLToPath(new URL('./client/main.js', import.meta.url))]);
  return viewerScriptText;
}

interface ModuleSource {
  body: string;
  imports: { path: string; names: [string, string][] }[];
  exports: string[];
}

const IMPORT = /^import\s*(?:\{([^}]*)\}\s*from\s*)?'([^']+)';?[ \t]*$/gm;
const EXPORT = /^export\s+(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/gm;

function parseModule(path: string): ModuleSource {
  const text = readFileSync(path, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
  const imports: ModuleSource['imports'] = [];
  let body = text.replace(IMPORT, (_, names: string | undefined, from: string) => {
    if (!from.startsWith('.')) throw new Error(`${path}: client code may import only client modules, not ${from}`);
    const pairs = (names ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '')
      .map((n): [string, string] => {
        const [name, as] = n.split(/\s+as\s+/);
        return [name, as ?? name];
      });
    imports.push({ path: resolve(dirname(path), from), names: pairs });
    return '';
  });
  const exports = [...body.matchAll(EXPORT)].map((m) => m[1]);
  body = body.replace(/^export\s+(?=(?:async\s+)?(?:function|const|let|var|class)\b)/gm, '');
  const left = /^\s*(import|export)\b.*$/m.exec(body);
  if (left !== null) throw new Error(`${path}: the client bundle does not understand \`${left[0].trim()}\``);
  return { body, imports, exports };
}
