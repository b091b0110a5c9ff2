import type { AnyProtocol, PropertyName } from '../shared/protocol.js';
import { profileFor, profileNamed } from '../schedule/profiles.js';
import { runSeed } from '../schedule/rng.js';
import { type ShrinkResult, shrinkTrace } from '../shrink/shrinkTrace.js';
import type { Trace } from '../trace/format.js';
import { nondeterminismOf } from '../bridge/determinism.js';
import { ModelError } from '../shared/errors.js';

/**
 * One counterexample to shrink, as plain data so it crosses a worker boundary like a chunk: the
 * profile is rebuilt from its name and the run's seed, exactly as the run that found it drew it.
 */
export interface ShrinkTask {
  kind: 'shrink';
  model: string;
  modelFile?: string;
  profile: string;
  seed: string;
  run: number;
  property: PropertyName;
  /** The trace as found, ending at the violation. */
  trace: Trace;
}

export interface ShrinkTaskResult {
  kind: 'shrink';
  shrunk: ShrinkResult;
  /** Wall-clock milliseconds the shrink took, for the summary's timings only (nothing else reads it). */
  ms: number;
}

/** Shrinks with the budget counted in events, so the result is the same on any thread or machine. */
export function runShrink(task: ShrinkTask, protocol: AnyProtocol): ShrinkTaskResult {
  const started = performance.now();
  const profile = profileFor(profileNamed(task.profile), protocol, runSeed(task.seed, task.run));
  const shrunk = shrinkTrace(task.trace, protocol, { profile });
  // What is reported is the shrunk trace: a bridged one is replayed from boot on fresh processes first.
  const fault = nondeterminismOf(shrunk.trace, protocol);
  if (fault !== null) throw new ModelError(fault.message);
  return { kind: 'shrink', shrunk, ms: performance.now() - started };
}
