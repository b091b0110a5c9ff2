import { builtinModel, loadModelFile } from './models.js';
import type { AnyProtocol } from '../protocol.js';
import { type ChunkResult, type ChunkTask, runChunk } from './workerTask.js';

/** Models this thread has loaded, by module path or built-in name: a thread loads each once. */
const loaded = new Map<string, Promise<AnyProtocol>>();

function modelOf(task: ChunkTask): Promise<AnyProtocol> {
  const key = task.modelFile === undefined ? `builtin:${task.model}` : `file:${task.modelFile}`;
  let model = loaded.get(key);
  if (model === undefined) {
    model = task.modelFile === undefined ? Promise.resolve(builtinModel(task.model)) : loadModelFile(task.modelFile);
    loaded.set(key, model);
  }
  return model;
}

/** The piscina worker: one chunk of runs in, plain data out. */
export default async function runTask(task: ChunkTask): Promise<ChunkResult> {
  return runChunk(task, await modelOf(task));
}
