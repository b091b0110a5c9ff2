import { join } from 'node:path';
import type { TraceFile } from '../run/results.js';
import { writeCounterexample } from './writeCounterexample.js';
import { writeModelError } from './writeModelError.js';

/** Writes the traces a run handed back (counterexamples and model errors, each with its .txt and .md) under `out`. */
export function writeTraceFiles(out: string, traces: readonly TraceFile[]): void {
  for (const file of traces) {
    const path = join(out, file.path);
    if (file.kind === 'counterexample') writeCounterexample(path, file.trace, file.protocol);
    else writeModelError(path, file.trace, file.protocol, file.detail, file.hung === true);
  }
}
