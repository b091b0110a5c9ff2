import { builtinModel, loadModelFile } from '../model/load.js';
import type { AnyProtocol } from '../shared/protocol.js';
import { runTask as run, type WorkerResult, type WorkerTask } from './tasks.js';

/** Models this thread has loaded, by module path or built-in name: a thread loads each once. */
const loaded = new Map<string, Promise<AnyProtocol>>();

function modelOf(task: WorkerTask): Promise<AnyProtocol> {
  const key = task.modelFile === undefined ? `builtin:${task.model}` : `file:${task.modelFile}`;
  let model = loaded.get(key);
  if (model === undefined) {
    model = task.modelFile === undefined ? Promise.resolve(builtinModel(task.model)) : loadModelFile(task.modelFile);
    loaded.set(key, model);
  }
  return model;
}

/** The piscina worker: one chunk of runs (or one counterexample to shrink) in, plain data out. */
export default async function runTask(task: WorkerTask): Promise<WorkerResult> {
  return run(task, await modelOf(task));
}
