import { createHash } from 'node:crypto';
import { canonicalJson } from '../world/canonicalJson.js';

/**
 * The seed an instance gets (docs/bridge.md): the first 16 hex digits of the SHA-256 of
 * canonical JSON of [model name, cluster size, node id, merged config, boot op, stored value
 * (recover only)]. It is a function of what the hook receives, as a model step must be: a node
 * rebuilt by replay, a replayed trace and a rerun on another machine get the same seed, and the
 * trace already holds everything it depends on (model, nodes, config, and the events that lead
 * to each restart). To draw other randomness, change the config: any key changes every seed.
 */
export function instanceSeed(model: string, nodes: number, id: number, config: unknown, op: 'init' | 'recover', stored?: unknown): string {
  const parts = op === 'init' ? [model, nodes, id, config, op] : [model, nodes, id, config, op, stored ?? null];
  return createHash('sha256').update(canonicalJson(parts)).digest('hex').slice(0, 16);
}
