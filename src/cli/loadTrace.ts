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
  const protocol = await resolveModel(trace.model, modelFile);
  profileOfTrace(trace, protocol);
  return { trace, protocol };
}
