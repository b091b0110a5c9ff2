import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { encodeTrace, type Trace } from './format.js';

/**
 * A trace's file text for `tracePath`. A relative `modelFile` (as given on the command line, from
 * the working directory) is recorded relative to the trace's own folder, so a report directory
 * and the model beside it can move, or be read from another directory, and still find each other.
 * An absolute one stays absolute.
 */
export function traceFileText(trace: Trace, tracePath: string): string {
  const { modelFile } = trace;
  if (modelFile === undefined || isAbsolute(modelFile)) return encodeTrace(trace);
  // Forward slashes: the trace is read on every platform, and Node takes them on Windows too.
  const fromTrace = relative(dirname(resolve(tracePath)), resolve(modelFile)).split(sep).join('/');
  return encodeTrace({ ...trace, modelFile: fromTrace });
}

/**
 * A trace read from `tracePath`, its `modelFile` made a path from the working directory again
 * (the inverse of traceFileText). A trace written before modelFile was recorded that way names
 * it from the run's working directory: that reading is kept when only it names a file that exists.
 */
export function withModelFileFromCwd(trace: Trace, tracePath: string): Trace {
  const { modelFile } = trace;
  if (modelFile === undefined || isAbsolute(modelFile)) return trace;
  const fromTrace = join(dirname(tracePath), modelFile);
  return { ...trace, modelFile: !existsSync(fromTrace) && existsSync(modelFile) ? modelFile : fromTrace };
}
