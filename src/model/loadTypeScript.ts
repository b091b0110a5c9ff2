import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The extensions a --model-file is compiled on load for: TypeScript, with no build step. */
const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

export function isTypeScriptFile(path: string): boolean {
  return TYPESCRIPT_EXTENSIONS.has(extname(path).toLowerCase());
}

/**
 * Imports a TypeScript module through tsx's `tsImport`, which compiles it with esbuild on the
 * fly and scopes its loader to this one import (nothing else this process loads is touched).
 * Node 20 cannot strip types itself. tsx is imported here, on first use, so a run of built-in or
 * JavaScript models never loads it.
 *
 * A `.ts` file outside a `"type": "module"` package is compiled as CommonJS, and Node then hands
 * its `export default` back one level down (`default.default`): unwrapped here, so a model file
 * means the same wherever it sits.
 */
export async function importTypeScript(path: string): Promise<Record<string, unknown>> {
  const { tsImport } = await import('tsx/esm/api');
  const module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
  const inner = module.default as Record<string, unknown> | undefined;
  if (isCommonJsWrapper(inner)) return inner as Record<string, unknown>;
  return module;
}

/** `module.exports` of a compiled ES module: an object whose own `default` is the real export. */
function isCommonJsWrapper(value: Record<string, unknown> | undefined): boolean {
  return typeof value === 'object' && value !== null && 'default' in value && typeof value.step !== 'function';
}
