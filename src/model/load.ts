import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinModels, findBuiltinModel } from '../../models/index.js';
import { bridgedBuiltins, bridgedDescriptorPath } from '../../models/bridged/index.js';
import { InputError } from '../shared/errors.js';
import type { AnyProtocol } from '../shared/protocol.js';
import { userModelDefaults } from './defaults.js';
import { importTypeScript, isTypeScriptFile } from './loadTypeScript.js';

const REQUIRED = ['init', 'step', 'stored', 'recover', 'view'] as const;

/** A built-in model by name, or an InputError listing the names there are. */
export function builtinModel(name: string): AnyProtocol {
  const model = findBuiltinModel(name) ?? bridgedBuiltinModel(name);
  if (model === undefined) {
    const names = [...builtinModels, ...bridgedBuiltins].map((m) => m.name);
    throw new InputError(`unknown model "${name}"; known models: ${names.join(', ')} (or use --model-file)`);
  }
  return model;
}

/**
 * Loaders for --model-file kinds other than ES modules, by extension: src/bridge registers `.json`
 * (a bridged model's descriptor) from above this layer (src/bridge/install.ts), as the CLI, the
 * worker threads and the library entry do at startup.
 */
type FileLoader = (file: string) => AnyProtocol;
const fileLoaders = new Map<string, FileLoader>();

export function registerModelFileLoader(extension: string, loader: FileLoader): void {
  fileLoaders.set(extension, loader);
}

/** A bridged built-in's protocol, one per thread (its process lives as long as the thread). */
const bridgedLoaded = new Map<string, AnyProtocol>();

function bridgedBuiltinModel(name: string): AnyProtocol | undefined {
  const builtin = bridgedBuiltins.find((m) => m.name === name);
  const loader = fileLoaders.get('.json');
  if (builtin === undefined || loader === undefined) return undefined;
  let model = bridgedLoaded.get(name);
  if (model === undefined) {
    model = loader(bridgedDescriptorPath(builtin));
    if (model.name !== name) throw new InputError(`built-in ${name}: its process says it is "${model.name}"`);
    bridgedLoaded.set(name, model);
  }
  return model;
}

/**
 * Loads a user's model: an ES module whose default export is a Protocol, in JavaScript or in
 * TypeScript (`.ts`, `.mts`, `.cts`: compiled on load, see loadTypeScript.ts).
 * Missing optional fields get their defaults (model/defaults.ts), so a ten-line model works.
 */
export async function loadModelFile(file: string): Promise<AnyProtocol> {
  const path = resolve(file);
  if (!existsSync(path)) throw new InputError(`--model-file ${file}: no such file`);
  const loader = fileLoaders.get(extname(path));
  if (loader !== undefined) return loader(file);
  let module: Record<string, unknown>;
  try {
    module = isTypeScriptFile(path) ? await importTypeScript(path) : await import(pathToFileURL(path).href);
  } catch (error) {
    throw new InputError(`--model-file ${file}: cannot load it as an ES module (${oneLine(error)})`);
  }
  const value = module.default as Partial<AnyProtocol> | undefined;
  if (typeof value !== 'object' || value === null) {
    throw new InputError(`--model-file ${file}: its default export must be a Protocol object`);
  }
  for (const key of REQUIRED) {
    if (typeof value[key] !== 'function') throw new InputError(`--model-file ${file}: the Protocol has no ${key}() function`);
  }
  if (typeof value.name !== 'string' || value.name === '') throw new InputError(`--model-file ${file}: the Protocol needs a name`);
  return { ...userModelDefaults(file), ...value } as AnyProtocol;
}

/** The model for a name, from --model-file when given (its name must then match, if a name is given). */
export async function resolveModel(name: string | undefined, modelFile: string | undefined): Promise<AnyProtocol> {
  if (modelFile !== undefined) {
    const model = await loadModelFile(modelFile);
    if (name !== undefined && name !== model.name) {
      throw new InputError(`--model-file ${modelFile} defines model "${model.name}", not "${name}"`);
    }
    return model;
  }
  if (name === undefined) throw new InputError('no model given; try `leadercheck list`');
  return builtinModel(name);
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  // esbuild's "Transform failed with 1 error:" is a heading: the line after it says where and what.
  return lines.length > 1 && lines[0].endsWith(':') ? `${lines[0]} ${lines[1]}` : (lines[0] ?? '');
}
