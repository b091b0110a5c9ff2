import { parentPort, workerData } from 'node:worker_threads';
import { installBridge } from '../bridge/install.js';
import { builtinModel, loadModelFile } from '../model/load.js';
import { ENTERED, LEFT, modelCalls } from '../model/boundary.js';
import type { AnyProtocol } from '../shared/protocol.js';
import { runPoolTask, type PoolTask } from './tasks.js';
import { portableError, type ReplyMessage, type TaskMessage } from './workerMessages.js';

installBridge();

/** Models this thread has loaded, by module path or built-in name: a thread loads each once. */
const loaded = new Map<string, Promise<AnyProtocol>>();

function modelOf(task: PoolTask): Promise<AnyProtocol> {
  const key = task.modelFile === undefined ? `builtin:${task.model}` : `file:${task.modelFile}`;
  let model = loaded.get(key);
  if (model === undefined) {
    model = task.modelFile === undefined ? Promise.resolve(builtinModel(task.model)) : loadModelFile(task.modelFile);
    loaded.set(key, model);
  }
  return model;
}

/**
 * A worker thread of the pool (pool.ts): one task at a time in, plain data out. Its model calls
 * are counted in the buffer the main thread watches, from 0 at each task's start, so the call a
 * task hung on has the same number when a fresh worker runs the task again.
 */
async function runMessage(port: NonNullable<typeof parentPort>, message: TaskMessage): Promise<void> {
  const post = (reply: ReplyMessage): void => port.postMessage(reply);
  try {
    const protocol = await modelOf(message.task);
    modelCalls.calls[ENTERED] = 0;
    modelCalls.calls[LEFT] = 0;
    modelCalls.stopAt = message.stopAt === 0 ? Infinity : message.stopAt;
    modelCalls.refused = null;
    modelCalls.deadlineMs = message.deadlineMs;
    const result = runPoolTask(message.task, protocol, (progress) => post({ id: message.id, kind: 'progress', progress }));
    post({ id: message.id, kind: 'result', result });
  } catch (error) {
    post({ id: message.id, kind: 'error', error: portableError(error) });
  }
}

if (parentPort !== null) {
  const port = parentPort;
  modelCalls.calls = new Float64Array(workerData.calls as SharedArrayBuffer);
  port.on('message', (message: TaskMessage) => void runMessage(port, message));
}
