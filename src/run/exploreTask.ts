import { explore } from '../explore/explore.js';
import type { ExploreOptions, ExploreProgress, ExploreResult } from '../explore/exploreOptions.js';
import type { AnyProtocol } from '../shared/protocol.js';

/** `explore`'s search, as plain data so it runs on a worker thread the main thread can stop. */
export interface ExploreTask {
  kind: 'explore';
  model: string;
  modelFile?: string;
  options: Omit<ExploreOptions, 'protocol' | 'onProgress'>;
}

export interface ExploreTaskResult {
  kind: 'explore';
  result: ExploreResult;
  /** True when the model error is a call that did not return within the deadline (the last event of its trace hangs). */
  hung?: boolean;
}

/** Runs the search; progress goes to `onProgress` (a worker posts it to the main thread). */
export function runExplore(task: ExploreTask, protocol: AnyProtocol, onProgress?: (progress: ExploreProgress) => void): ExploreTaskResult {
  return { kind: 'explore', result: explore({ ...task.options, protocol, onProgress }) };
}
