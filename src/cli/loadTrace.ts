import { resolveModel } from '../model/load.js';
import { InputError } from '../shared/errors.js';
import type { AnyProtocol } from '../shared/protocol.js';
import { profileOfTrace } from '../schedule/profiles.js';
import { readTraceFile } from '../trace/decode.js';
import type { Trace } from '../trace/format.js';

/**
 * Reads a trace file and the model it names; every problem is a one-line InputError. The recorded
 * profile options are checked here for every command (a negative pause, a drift bound of 2, an
 * unknown knob), not only by those that go on to use them as shrink does.
 */
export async function loadTrace(path: string, modelFile: string | undefined): Promise<{ trace: Trace; protocol: AnyProtocol }> {
  const trace = readTraceFile(path);
  if (trace.modelFile !== undefined && modelFile === undefined) {
    throw new InputError(`${path}: this trace is of a user model; replay it with --model-file ${trace.modelFile}`);
  }
  const protocol = await inTraceFile(path, () => resolveModel(trace.model, modelFile));
  await inTraceFile(path, () => profileOfTrace(trace, protocol));
  return { trace, protocol };
}

/**
 * Runs `work` on what a trace file says; a bad-input line it throws names the file first, as the
 * decoder's own lines do (`t.json: events[3].node: ...`), unless it already does.
 */
export async function inTraceFile<T>(path: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof InputError) || error.message.startsWith(`${path}:`) || error.message.startsWith('--')) throw error;
    throw new InputError(`${path}: ${error.message}`);
  }
}
