import { InputError } from '../shared/errors.js';
import type { AnyProtocol, ModelConfig } from '../shared/protocol.js';

/**
 * `--config JSON`: keys over the model's defaults, as a trace's `config` is. Every key must be one
 * the model declares (defaultConfig or optionalConfig) and every value of the same kind as the
 * declared one, so a typo is one line naming the key, never a silently ignored option.
 */
export function parseConfigOption(text: string, protocols: readonly AnyProtocol[]): ModelConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`--config: not JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`--config: must be a JSON object of config keys, like '{"preVote":true}', got ${JSON.stringify(value)}`);
  }
  const config = value as ModelConfig;
  for (const protocol of protocols) checkConfigKeys(config, protocol);
  return config;
}

/** Refuses a key the model does not declare or a value unlike the declared one. */
export function checkConfigKeys(config: ModelConfig, protocol: AnyProtocol): void {
  // The defaults' keys first, as `leadercheck list` shows them; a default wins over its optional twin.
  const known: ModelConfig = { ...protocol.defaultConfig };
  for (const [key, off] of Object.entries(protocol.optionalConfig ?? {})) if (!Object.hasOwn(known, key)) known[key] = off;
  for (const [key, given] of Object.entries(config)) {
    if (!Object.hasOwn(known, key)) {
      const keys = Object.keys(known);
      const listed = keys.length === 0 ? 'it declares none' : `its keys: ${keys.join(', ')}`;
      throw new InputError(`--config: model ${protocol.name} has no config key ${JSON.stringify(key)}; ${listed}`);
    }
    if (!sameKind(given, known[key])) {
      throw new InputError(`--config: ${key} must be ${kindOf(known[key])}, got ${JSON.stringify(given)}`);
    }
  }
}

/** Same JSON kind as the declared value; lists also of the same length and element kinds; null declares any value. */
function sameKind(given: unknown, declared: unknown): boolean {
  if (declared === null) return true;
  if (Array.isArray(declared)) {
    return Array.isArray(given) && given.length === declared.length && given.every((g, i) => sameKind(g, declared[i]));
  }
  if (typeof declared === 'number') return typeof given === 'number' && Number.isFinite(given);
  if (typeof declared === 'object') return typeof given === 'object' && given !== null && !Array.isArray(given);
  return typeof given === typeof declared;
}

function kindOf(declared: unknown): string {
  if (Array.isArray(declared)) return `a list of ${declared.length} like ${JSON.stringify(declared)}`;
  if (typeof declared === 'boolean') return 'true or false';
  if (typeof declared === 'object') return 'an object';
  return `a ${typeof declared}`;
}
