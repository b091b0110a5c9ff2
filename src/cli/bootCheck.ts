import { Monitor } from '../judge/monitor.js';
import { Execution } from '../kernel/execution.js';
import { RunModelError } from '../kernel/runModelError.js';
import { InputError } from '../shared/errors.js';
import type { AnyProtocol, ModelConfig } from '../shared/protocol.js';
import { createSystem } from '../world/world.js';

/**
 * `--config` reaches the model at boot, so a value the model refuses there (an election timeout
 * of [20, 10]) is bad input, as replay already says of a trace's config: one line, exit 2, before
 * any run starts or `--out` is touched. A model that cannot boot with its own defaults is still
 * the model's error, reported by the run with its empty trace.
 */
export function refuseUnbootableConfig(protocols: readonly AnyProtocol[], nodes: number, config: ModelConfig | undefined): void {
  if (config === undefined) return;
  for (const protocol of protocols) {
    try {
      Execution.boot(createSystem(protocol, nodes, config), new Monitor([], null), [], Infinity);
    } catch (error) {
      if (!(error instanceof RunModelError)) throw error;
      throw new InputError(`--config ${JSON.stringify(config)}: ${protocol.name} cannot boot with it (${error.message.split('\n')[0]})`);
    }
  }
}
