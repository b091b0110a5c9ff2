import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import { AbortedSearch, type Control, STAT } from './control.js';
import type { Batch } from './exchange.js';
import { type LevelWorker, ownerOf } from './levelWorker.js';

export type LevelOutcome = 'done' | 'violation' | 'failed' | 'max-states' | 'seconds';

export interface LevelLimits {
  maxDepth: number;
  maxStates: number;
  /** Worker 0 only: its clock's deadline (ms, performance.now) and progress after each level. */
  deadline?: number;
  onLevel?: (depth: number, control: Control) => void;
}

/**
 * The level-synchronous loop every worker runs (the calling thread as worker 0): expand the states
 * it owns, post each other worker its batch, barrier, take in the batches it was sent, write its
 * figures, barrier, and stop where every worker stops, as all read the same figures. A level is
 * always finished, so the states, transitions and the violation reported are the same whatever
 * the number of workers (the least violating state of the level, by fingerprint).
 */
export function runLevels(worker: LevelWorker, control: Control, ports: readonly (MessagePort | null)[], limits: LevelLimits): { outcome: LevelOutcome; depth: number; levels: number } {
  const me = worker.me;
  let deepest = 0;
  // The figures hold the root even when no level is expanded (--max-depth 0).
  writeFigures(worker, control);
  control.barrier();
  for (let depth = 0; depth < limits.maxDepth; depth++) {
    worker.expand(depth);
    for (let peer = 0; peer < ports.length; peer++) {
      const port = ports[peer];
      if (port === null) continue;
      const batch = worker.failure === null ? worker.batchFor(peer) : EMPTY;
      port.postMessage(batch, batch === EMPTY ? [] : [batch.records.buffer as ArrayBuffer]);
    }
    control.barrier();
    for (let peer = 0; peer < ports.length; peer++) {
      const port = ports[peer];
      if (port !== null) worker.receive(peer, receive(port, control));
    }
    writeFigures(worker, control);
    if (me === 0 && limits.deadline !== undefined) control.setStat(0, STAT.outOfTime, performance.now() > limits.deadline ? 1 : 0);
    control.barrier();
    if (control.total(STAT.failed) > 0) return { outcome: 'failed', depth: deepest, levels: depth + 1 };
    worker.advance();
    const next = control.total(STAT.next);
    if (next > 0) deepest = depth + 1;
    limits.onLevel?.(deepest, control);
    if (control.total(STAT.violating) > 0) return { outcome: 'violation', depth: deepest, levels: depth + 1 };
    if (next === 0) return { outcome: 'done', depth: deepest, levels: depth + 1 };
    if (control.total(STAT.states) >= limits.maxStates) return { outcome: 'max-states', depth: deepest, levels: depth + 1 };
    if (control.stat(0, STAT.outOfTime) === 1) return { outcome: 'seconds', depth: deepest, levels: depth + 1 };
  }
  return { outcome: 'done', depth: deepest, levels: limits.maxDepth };
}

const EMPTY: Batch = { records: new Int32Array(0), parts: [], violating: [], partitions: [] };

/** The batch a peer posted before the barrier (a port delivers in order; it may still be on its way). */
function receive(port: MessagePort, control: Control): Batch {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const got = receiveMessageOnPort(port);
    if (got !== undefined) return got.message as Batch;
    if (control.words[2] !== 0) throw new AbortedSearch();
    Atomics.wait(nap, 0, 0, 1);
  }
}

function writeFigures(worker: LevelWorker, control: Control): void {
  const me = worker.me;
  const f = worker.figures();
  control.setStat(me, STAT.next, worker.failure === null ? worker.nextSize : 0);
  control.setStat(me, STAT.failed, worker.failure === null ? 0 : 1);
  const least = worker.leastViolating();
  control.setStat(me, STAT.violating, least === null ? 0 : 1);
  control.setStat(me, STAT.violationHigh, least?.[0] ?? 0);
  control.setStat(me, STAT.violationLow, least?.[1] ?? 0);
  control.setStat(me, STAT.states, f.states);
  control.setStat(me, STAT.transitions, f.transitions);
  control.setStat(me, STAT.atBound, f.atBound);
  control.setStat(me, STAT.kernelSteps, f.kernelSteps);
  control.setStat(me, STAT.siblingRepeats, f.siblingRepeats);
  control.setStat(me, STAT.recentHits, f.recentHits);
  control.setStat(me, STAT.cachedSteps, f.cachedSteps);
  control.setStat(me, STAT.internedParts, f.internedParts);
  control.setStat(me, STAT.bytes, f.bytes);
  control.setStat(me, STAT.sentStates, f.sentStates);
  control.setStat(me, STAT.sentBytes, f.sentBytes);
}

/**
 * After a violation, the path to it as fingerprints, from the violating state back to the root:
 * worker 0 asks, the owner of each state answers with its parent (FpParents), one barrier pair a
 * step. Other workers call it too and answer until worker 0 says the trail is whole.
 */
export function traceBack(worker: LevelWorker, control: Control, target: [number, number] | null, level: number, root: Uint32Array): [number, number][] {
  const chain: [number, number][] = [];
  let current = target;
  let at = level;
  if (worker.me === 0) chain.push(current!);
  for (;;) {
    if (worker.me === 0) {
      const atRoot = current![0] === root[0] && current![1] === root[1];
      control.done = atRoot;
      if (!atRoot) control.query(current![0], current![1], at);
    }
    control.barrier();
    if (control.done) return chain.reverse();
    const [high, low, queriedLevel] = control.queried();
    if (ownerOf(low, control.workers) === worker.me) {
      const parent = worker.parentOf(high, low, queriedLevel);
      control.setStat(worker.me, STAT.answered, parent === null ? 0 : 1);
      control.setStat(worker.me, STAT.parentHigh, parent?.[0] ?? 0);
      control.setStat(worker.me, STAT.parentLow, parent?.[1] ?? 0);
    }
    control.barrier();
    if (worker.me === 0) {
      const owner = ownerOf(low, control.workers);
      if (control.stat(owner, STAT.answered) !== 1) throw new Error('explore: a parallel worker lost a parent link');
      current = [control.stat(owner, STAT.parentHigh), control.stat(owner, STAT.parentLow)];
      chain.push(current);
      if (--at < 0) throw new Error('explore: a parallel trail does not reach the root');
    }
  }
}
