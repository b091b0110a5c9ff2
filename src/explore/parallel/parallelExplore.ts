import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { findBuiltinModel } from '../../../models/index.js';
import { bridgeOf } from '../../bridge/bridgedModel.js';
import type { ExploreOptions, ExploreResult } from '../exploreOptions.js';
import { SharedFingerprintSet } from '../SharedFingerprintSet.js';
import { AbortedSearch, Control, STAT } from './control.js';
import { LevelWorker } from './levelWorker.js';
import { type LevelsRun, runLevels } from './levels.js';
import { parentChain } from './parentChain.js';
import { initialCapacity } from './tableGrowth.js';
import { chainReaches, rebuildTrail } from './trail.js';

/** What a helper thread is handed (helperThread.ts). */
export interface HelperData {
  model: string;
  modelFile?: string;
  options: Omit<ExploreOptions, 'protocol' | 'onProgress'>;
  me: number;
  workers: number;
  control: SharedArrayBuffer;
  /** The shared fingerprint table at the start (it grows at level barriers: tableGrowth.ts), and its key shift (SharedFingerprintSet). */
  table: SharedArrayBuffer;
  keyShift: number;
  /** False only in a test: the table never grows, so a level can fill it. */
  growth: boolean;
  ports: (MessagePort | null)[];
  report: MessagePort;
}

/** A parallel search's result, or why it ran on one thread after all (the caller then runs the one-thread search). */
export type ParallelOutcome = { result: ExploreResult } | { fallback: string };

/** Settings tests use to reach rare paths: a small first table that may not grow, keys shortened so parents' keys tie. */
export interface ParallelTuning {
  capacity?: number;
  keyShift?: number;
  growth?: boolean;
}

/**
 * Breadth first on `workers` threads sharing one fingerprint set (SharedFingerprintSet): each worker
 * expands its frontier with its own encoder and step cache, a successor is the frontier of the
 * worker that inserted it first, and a level ends at a barrier (levels.ts). The states, transitions
 * and the counterexample are the same for any number of workers and any run: a counterexample is
 * the least violating step of its level, its path the chain of least parents (parentChain.ts),
 * replayed on this thread (trail.ts).
 */
export function exploreParallel(options: ExploreOptions, workers: number, tuning: ParallelTuning = {}): ParallelOutcome {
  const started = performance.now();
  const table = SharedFingerprintSet.allocate(tuning.capacity ?? initialCapacity(options.maxStates, workers));
  const keyShift = tuning.keyShift ?? 0;
  const growth = tuning.growth ?? true;
  const first = new LevelWorker(options, 0, workers, table, keyShift);
  const refused = first.refusal() ?? modelRefusal(options, workers);
  if (refused !== null) return { fallback: refused };
  const control = Control.create(workers);
  const boot = first.boot(control);
  if (boot.violation !== null) return { fallback: 'the initial state breaks a property' };
  const { ports, helpers, reports } = startHelpers(options, workers, control, { table, keyShift, growth });
  let run: LevelsRun;
  try {
    run = runLevels(first, control, ports, {
      maxDepth: options.bounds.maxDepth,
      maxStates: options.maxStates ?? Infinity,
      growth,
      deadline: started + (options.seconds ?? Infinity) * 1000,
      onLevel: (deepest, c) => options.onProgress?.({ states: c.total(STAT.states), transitions: c.total(STAT.transitions), depth: deepest, seconds: (performance.now() - started) / 1000 }),
    });
  } catch (error) {
    control.abort();
    if (!(error instanceof AbortedSearch)) throw error;
    const said = reports.map((port) => receiveMessageOnPort(port)?.message as string | undefined).find((m) => m !== undefined && !m.includes('another worker'));
    throw new Error(`explore --workers ${workers}: a worker thread failed: ${said ?? 'no message'}`);
  } finally {
    for (const port of ports) port?.close();
    for (const port of reports) port.close();
    for (const helper of helpers) helper.unref();
  }
  if (run.outcome === 'failed') return { fallback: failureOf(control) };
  let found: Pick<ExploreResult, 'violation' | 'modelError'> = { violation: null, modelError: null };
  if (run.outcome === 'violation') {
    const [state, parent] = leastViolating(control);
    const chain = parentChain(first.set, parent, run.levels - 1, (path, child) => chainReaches(options, path, child));
    const rebuilt = chain === null ? null : rebuildTrail(options, [...chain, state]);
    if (rebuilt === null) return { fallback: 'the violation\'s path did not replay from its parent keys' };
    found = rebuilt;
  }
  return { result: resultOf(first, control, { run, found, started, bootPastBound: boot.pastBound }) };
}

function failureOf(control: Control): string {
  for (let w = 0; w < control.workers; w++) if (control.stat(w, STAT.failed) === 2) return 'the shared fingerprint table filled within a level';
  return 'a worker met a model error, whose trace the one-thread search finds';
}

/** A helper thread loads the model itself: by name from the catalog, or from its file; a bridged model (one process per thread) is refused. */
function modelRefusal(options: ExploreOptions, workers: number): string | null {
  if (workers < 2) return null;
  if (bridgeOf(options.protocol) !== undefined) return 'a bridged model runs one process per thread';
  if (options.modelFile === undefined && findBuiltinModel(options.protocol.name) !== options.protocol) return 'the model is neither built in nor given by --model-file, so a worker thread cannot load it';
  return null;
}

function startHelpers(options: ExploreOptions, workers: number, control: Control, shared: Pick<HelperData, 'table' | 'keyShift' | 'growth'>) {
  // portOf[a][b]: a's end of the channel between a and b.
  const portOf: (MessagePort | null)[][] = Array.from({ length: workers }, () => new Array<MessagePort | null>(workers).fill(null));
  for (let a = 0; a < workers; a++) {
    for (let b = a + 1; b < workers; b++) {
      const channel = new MessageChannel();
      portOf[a][b] = channel.port1;
      portOf[b][a] = channel.port2;
    }
  }
  const { protocol: _protocol, onProgress: _onProgress, ...plain } = options;
  const helpers: Worker[] = [];
  const reports: MessagePort[] = [];
  for (let me = 1; me < workers; me++) {
    const report = new MessageChannel();
    reports.push(report.port1);
    const data: HelperData = { model: options.protocol.name, ...(options.modelFile === undefined ? {} : { modelFile: options.modelFile }), options: plain, me, workers, control: control.buffer, ...shared, ports: portOf[me], report: report.port2 };
    const transfer = [...portOf[me].filter((p): p is MessagePort => p !== null), report.port2];
    helpers.push(new Worker(new URL('./helperThread.js', import.meta.url), { workerData: data, transferList: transfer }));
  }
  return { ports: portOf[0], helpers, reports };
}

function lexicallyLess(a: readonly number[], b: readonly number[]): boolean {
  const i = a.findIndex((x, k) => x !== b[k]);
  return i >= 0 && a[i] < b[i];
}

/** The least violating step over the workers: the state (least fingerprint), then its parent (least of the violating steps into it). */
function leastViolating(control: Control): [[number, number], [number, number]] {
  let best: number[] | null = null;
  for (let w = 0; w < control.workers; w++) {
    if (control.stat(w, STAT.violating) !== 1) continue;
    const step = [STAT.violationHigh, STAT.violationLow, STAT.violationParentHigh, STAT.violationParentLow].map((which) => control.stat(w, which));
    if (best === null || lexicallyLess(step, best)) best = step;
  }
  return [[best![0], best![1]], [best![2], best![3]]];
}

interface Ending {
  run: LevelsRun;
  found: Pick<ExploreResult, 'violation' | 'modelError'>;
  started: number;
  bootPastBound: string | null;
}

function resultOf(first: LevelWorker, control: Control, end: Ending): ExploreResult {
  const seconds = (performance.now() - end.started) / 1000;
  const states = control.total(STAT.states);
  const { outcome, depth, levels, growths } = end.run;
  const stoppedBy = outcome === 'max-states' || outcome === 'seconds' ? outcome : null;
  return {
    states,
    transitions: control.total(STAT.transitions),
    depth,
    seconds,
    statesPerSecond: seconds > 0 ? states / seconds : 0,
    bytesPerState: first.set.bytes / states,
    internedParts: control.total(STAT.internedParts),
    complete: stoppedBy === null && end.found.violation === null && end.found.modelError === null,
    stoppedBy,
    symmetry: false,
    symmetryNote: first.notes.symmetry,
    properties: first.notes.properties,
    violation: end.found.violation,
    modelError: end.found.modelError,
    atBound: control.total(STAT.atBound),
    bootPastBound: end.bootPastBound,
    cachedSteps: control.total(STAT.cachedSteps),
    kernelSteps: control.total(STAT.kernelSteps),
    siblingRepeats: control.total(STAT.siblingRepeats),
    recentHits: control.total(STAT.recentHits),
    por: false,
    porNote: first.notes.por,
    sleptSteps: 0,
    parallel: {
      workers: control.workers,
      levels,
      sentStates: control.total(STAT.sentStates),
      sentBytes: control.total(STAT.sentBytes),
      sharedInserts: control.total(STAT.inserts),
      parentsLowered: control.total(STAT.lowered),
      tableGrowths: growths,
      tableSlots: first.set.capacity,
    },
  };
}
