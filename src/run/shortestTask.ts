import { type ShortestOutcome, shortestCounterexample } from '../explore/shortest.js';
import type { AnyProtocol } from '../shared/protocol.js';
import type { Trace } from '../trace/format.js';

/** `check --shortest`: a counterexample's bounded breadth-first search, on a worker thread as all model code runs. */
export interface ShortestTask {
  kind: 'shortest';
  model: string;
  modelFile?: string;
  trace: Trace;
  maxStates: number;
}

export interface ShortestTaskResult {
  kind: 'shortest';
  outcome: ShortestOutcome;
}

export function runShortest(task: ShortestTask, protocol: AnyProtocol): ShortestTaskResult {
  return { kind: 'shortest', outcome: shortestCounterexample(protocol, task.trace, task.maxStates) };
}
