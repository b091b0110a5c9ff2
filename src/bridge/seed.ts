import { createHash } from 'node:crypto';
import type { ModelConfig } from '../shared/protocol.js';
import { canonicalJson } from '../world/canonicalJson.js';

/**
 * The config key a check sets, per run, on a bridged model: the run's own seed (docs/bridge.md,
 * "Seeds"). It is part of the merged config, so it reaches every instance's seed below and is
 * recorded in every trace's `config`, from which a replay, a shrink and the determinism check
 * rebuild the same seeds; the bridge never sends it to the process (`configForProcess`).
 */
export const RUN_SEED_KEY = 'bridgeRunSeed';

/**
 * The seed an instance gets (docs/bridge.md): the first 16 hex digits of the SHA-256 of
 * canonical JSON of [model name, cluster size, node id, merged config, boot op, stored value
 * (recover only)]. It is a function of what the hook receives, as a model step must be: a node
 * rebuilt by replay, a replayed trace and a rerun on another machine get the same seed, and the
 * trace already holds everything it depends on (model, nodes, config with the run's seed, and the
 * events that lead to each restart).
 */
export function instanceSeed(model: string, nodes: number, id: number, config: unknown, op: 'init' | 'recover', stored?: unknown): string {
  const parts = op === 'init' ? [model, nodes, id, config, op] : [model, nodes, id, config, op, stored ?? null];
  return createHash('sha256').update(canonicalJson(parts)).digest('hex').slice(0, 16);
}

/** The config the process sees: the harness's own key left out (an adapter refuses keys it does not know). */
export function configForProcess(config: ModelConfig): ModelConfig {
  if (!Object.hasOwn(config, RUN_SEED_KEY)) return config;
  const { [RUN_SEED_KEY]: _runSeed, ...rest } = config;
  return rest;
}

