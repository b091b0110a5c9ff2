import { readFileSync } from 'node:fs';
import { resolveModel } from '../model/load.js';
import { InputError } from '../shared/errors.js';
import type { AnyProtocol } from '../shared/protocol.js';
import { decodeTrace } from '../trace/decode.js';
import type { Trace } from '../trace/format.js';

/** Reads a trace file and the model it names; every problem is a one-line InputError. */
export async function loadTrace(path: string, modelFile: string | undefined): Promise<{ trace: Trace; protocol: AnyProtocol }> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot read it'}`);
  }
  const trace = decodeTrace(text, path);
  if (trace.modelFile !== undefined && modelFile === undefined) {
    throw new InputError(`${path}: this trace is of a user model; replay it with --model-file ${trace.modelFile}`);
  }
  const protocol = await resolveModel(trace.model, modelFile);
  return { trace, protocol };
}
