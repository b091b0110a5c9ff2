import { registerModelFileLoader } from '../model/load.js';
import { loadBridgedModel } from './bridgedModel.js';

/**
 * Makes `--model-file DESCRIPTOR.json` and the bridged built-ins (models/bridged/) loadable:
 * src/model sits below the bridge, so the bridge registers its loader there. The CLI, every worker
 * thread and the library entry call this once at startup; calling it again changes nothing.
 */
export function installBridge(): void {
  registerModelFileLoader('.json', loadBridgedModel);
}
