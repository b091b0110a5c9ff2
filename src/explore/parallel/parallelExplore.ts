import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { findBuiltinModel } from '../../../models/index.js';
import { bridgeOf } from '../../bridge/bridgedModel.js';
import type { ExploreOptions, ExploreResult } from '../exploreOptions.js';
import { AbortedSearch, Control, STAT } from './control.js';
import { LevelWorker } from './levelWorker.js';
import { type LevelOutcome, runLevels, traceBack } from './levels.js';
import { rebuildTrail } from './trail.js';

/** What a helper thread is handed (helperThread.ts). */
export interface HelperData {
  model: string;
  modelFile?: string;
  options: Omit<ExploreOptions, 'protocol' | 'onProgress'>;
  me: number;
  workers: number;
  control: SharedArrayBuffer;
  ports: (MessagePort | null)[];
  report: MessagePort;
}

/** A parallel search's result, or why it ran on one thread after all (the caller then runs the one-thread search). */
export type ParallelOutcome = { result: ExploreResult } | { fallback: string };

/**
 * Breadth first on `workers` threads, partitioned by fingerprint (levelWorker.ts ownerOf): each
 * worker expands the states it owns with its own encoder and step cache, successors travel to
 * their owners between levels (exchange.ts), and a level ends at a barrier (levels.ts). The states,
 * transitions and the counterexample are the same for any number of workers; a counterexample's
 * path is rebuilt from the workers' parent links (traceBack, trail.ts).
 */
export function exploreParallel(options: ExploreOptions, workers: number): ParallelOutcome {
  const started = performance.now();
  const first = new LevelWorker(options, 0, workers);
  const refused = first.refusal() ?? modelRefusal(options, workers);
  if (refused !== null) return { fallback: refused };
  const boot = first.boot();
  if (boot.violation !== null) return { fallback: 'the initial state breaks a property' };
  const control = Control.create(workers);
  const { ports, helpers, reports } = startHelpers(options, workers, control);
  let outcome: LevelOutcome;
  let depth: number;
  let levels: number;
  let chain: [number, number][] = [];
  try {
    ({ outcome, depth, levels } = runLevels(first, control, ports, {
      maxDepth: options.bounds.maxDepth,
      maxStates: options.maxStates ?? Infinity,
      deadline: started + (options.seconds ?? Infinity) * 1000,
      onLevel: (deepest, c) => options.onProgress?.({ states: c.total(STAT.states), transitions: c.total(STAT.transitions), depth: deepest, seconds: (performance.now() - started) / 1000 }),
    }));
    if (outcome === 'violation') chain = traceBack(first, control, leastViolating(control), levels, boot.fp);
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
  if (outcome === 'failed') return { fallback: 'a worker met a model error, whose trace the one-thread search finds' };
  let found: Pick<ExploreResult, 'violation' | 'modelError'> = { violation: null, modelError: null };
  if (outcome === 'violation') {
    const rebuilt = rebuildTrail(options, chain);
    if (rebuilt === null) return { fallback: 'the violation\'s path did not replay from its parent links' };
    found = rebuilt;
  }
  return { result: resultOf(first, control, { outcome, depth, levels, found, started, bootPastBound: boot.pastBound }) };
}

/** A helper thread loads the model itself: by name from the catalog, or from its file; a bridged model (one process per thread) is refused. */
function modelRefusal(options: ExploreOptions, workers: number): string | null {
  if (workers < 2) return null;
  if (bridgeOf(options.protocol) !== undefined) return 'a bridged model runs one process per thread';
  if (options.modelFile === undefined && findBuiltinModel(options.protocol.name) !== options.protocol) return 'the model is neither built in nor given by --model-file, so a worker thread cannot load it';
  return null;
}

function startHelpers(options: ExploreOptions, workers: number, control: Control) {
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
    const data: HelperData = { model: options.protocol.name, ...(options.modelFile === undefined ? {} : { modelFile: options.modelFile }), options: plain, me, workers, control: control.buffer, ports: portOf[me], report: report.port2 };
    const transfer = [...portOf[me].filter((p): p is MessagePort => p !== null), report.port2];
    helpers.push(new Worker(new URL('./helperThread.js', import.meta.url), { workerData: data, transferList: transfer }));
  }
  return { ports: portOf[0], helpers, reports };
}

function leastViolating(control: Control): [number, number] {
  let best: [number, number] | null = null;
  for (let w = 0; w < control.workers; w++) {
    if (control.stat(w, STAT.violating) !== 1) continue;
    const h = control.stat(w, STAT.violationHigh);
    const l = control.stat(w, STAT.violationLow);
    if (best === null || h < best[0] || (h === best[0] && l < best[1])) best = [h, l];
  }
  return best!;
}

interface Ending {
  outcome: LevelOutcome;
  depth: number;
  levels: number;
  found: Pick<ExploreResult, 'violation' | 'modelError'>;
  started: number;
  bootPastBound: string | null;
}

function resultOf(first: LevelWorker, control: Control, end: Ending): ExploreResult {
  const seconds = (performance.now() - end.started) / 1000;
  const states = control.total(STAT.states);
  const stoppedBy = end.outcome === 'max-states' || end.outcome === 'seconds' ? end.outcome : null;
  return {
    states,
    transitions: control.total(STAT.transitions),
    depth: end.depth,
    seconds,
    statesPerSecond: seconds > 0 ? states / seconds : 0,
    bytesPerState: control.total(STAT.bytes) / states,
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
    parallel: { workers: control.workers, levels: end.levels, sentStates: control.total(STAT.sentStates), sentBytes: control.total(STAT.sentBytes) },
  };
}
