import { type MessagePort, workerData } from 'node:worker_threads';
import { builtinModel, loadModelFile } from '../../model/load.js';
import { Control } from './control.js';
import { LevelWorker } from './levelWorker.js';
import { runLevels } from './levels.js';
import type { HelperData } from './parallelExplore.js';

/**
 * A worker thread of a parallel search (parallelExplore.ts starts workers 1..N-1; the calling
 * thread is worker 0): it loads the model by name or file, as every thread has its own copy of
 * the model's code, and runs the same levels as the others. Its failure raises the abort flag, so
 * no worker waits on a barrier forever, and its message goes to worker 0 by `report`.
 */
async function main(data: HelperData): Promise<void> {
  const control = new Control(data.control, data.workers);
  try {
    const protocol = data.modelFile === undefined ? builtinModel(data.model) : await loadModelFile(data.modelFile);
    const worker = new LevelWorker({ ...data.options, protocol }, data.me, data.workers, data.table, data.keyShift);
    worker.boot(control);
    runLevels(worker, control, data.ports, { maxDepth: data.options.bounds.maxDepth, maxStates: data.options.maxStates ?? Infinity, growth: data.growth });
  } catch (error) {
    data.report.postMessage(error instanceof Error ? (error.stack ?? error.message) : String(error));
    control.abort();
  } finally {
    for (const port of data.ports) port?.close();
    data.report.close();
  }
}

void main(workerData as HelperData & { ports: (MessagePort | null)[] });
