import type { Violation } from '../judge/monitor.js';
import type { AnyProtocol, ModelConfig, PropertyName } from '../shared/protocol.js';
import type { WorldEvent } from '../shared/world.js';
import type { ExploreBounds } from './bounds.js';

export interface ExploreOptions {
  protocol: AnyProtocol;
  nodes: number;
  config?: ModelConfig;
  /** Safety properties checked on every state (others are ignored: no clock, no liveness). */
  properties: readonly PropertyName[];
  bounds: ExploreBounds;
  /** Reduce by node-id symmetry where the model allows it. */
  symmetry: boolean;
  /** Depth-first: less memory (unless under a finite maxDepth, see reachedShallower), counterexamples not shortest. */
  dfs?: boolean;
  /** Replay steps met before on codes (StepCache; default on): off only to measure or to cross-check it. */
  stepCache?: boolean;
  /**
   * Partial-order reduction by sleep sets (sleepSets.ts): the same states, fewer transitions.
   * Breadth first only, and only when every property's memo commutes (memoCommutes).
   */
  por?: boolean;
  /**
   * Breadth first on this many threads (parallel/parallelExplore.ts), level by level, so a violation
   * ends its level: the counts equal for every number of workers (1 included) and the counterexample
   * too. Falls back to the one-thread search, with `workersNote`, where there is no step cache or symmetry is on.
   */
  workers?: number;
  /** The file the model was loaded from, so a worker thread can load it too (a built-in model loads by name). */
  modelFile?: string;
  /** Stop (incomplete) after this many distinct states. */
  maxStates?: number;
  /** Stop (incomplete) after this much wall time. */
  seconds?: number;
  onProgress?: (progress: ExploreProgress) => void;
}

export interface ExploreProgress {
  states: number;
  transitions: number;
  depth: number;
  seconds: number;
}

export interface ExploreResult {
  states: number;
  transitions: number;
  /** Deepest level (events from boot) holding a stored state. */
  depth: number;
  seconds: number;
  statesPerSecond: number;
  /** Bytes of the fingerprint set per stored state; the frontier and the interned parts come on top. */
  bytesPerState: number;
  /** Distinct node slots, messages and memos interned: what the codes of states refer to. */
  internedParts: number;
  /** True when every state within the bounds was visited (no limit stopped the search). */
  complete: boolean;
  stoppedBy: 'max-states' | 'seconds' | null;
  symmetry: boolean;
  /** Why symmetry reduction is off, when it is. */
  symmetryNote: string | null;
  properties: PropertyName[];
  /** The first violation found, with the events from boot that reach it and its depth in search steps (SPIN's trail length; events count a restart and a deliver-and-keep as two). */
  violation: (Violation & { events: WorldEvent[]; steps: number }) | null;
  /** A model that threw ends the search: what it said, and the events from boot, the last the one it threw on. */
  modelError: { detail: string; events: WorldEvent[] } | null;
  /** States checked but not expanded because they lie past --max-term or --max-messages. */
  atBound: number;
  /** Why the initial world itself is past a bound, so nothing was explored; null when it is not. */
  bootPastBound: string | null;
  /** Steps the step cache learnt (StepCache), each a few dozen bytes beside the fingerprint set. */
  cachedSteps: number;
  /** Steps that called the model through the kernel; with the step cache on, the rest were replayed from it. */
  kernelSteps: number;
  /**
   * Lookups of the fingerprint set that never reached its table: successors that repeated a sibling
   * (the packed search), and lookups its recent cache answered (FingerprintSet.ts).
   */
  siblingRepeats: number;
  recentHits: number;
  /**
   * The packed search's batched path (cachedSearch.ts expandKnown): states it expanded, and the
   * fingerprint set's slots it read ahead of their lookups. Absent where that path does not run.
   */
  batchedStates?: number;
  prefetched?: number;
  /** Whether partial-order reduction was on, why not when it was asked for, and the steps it skipped as asleep. */
  por: boolean;
  porNote: string | null;
  sleptSteps: number;
  /**
   * The parallel search (--workers), when it ran: its workers, its levels, the states and record bytes
   * sent between workers (to even out their levels), the states inserted into the shared fingerprint
   * set and the parent keys lowered there, and how often and to how many slots that set grew.
   */
  parallel?: { workers: number; levels: number; sentStates: number; sentBytes: number; sharedInserts: number; parentsLowered: number; tableGrowths: number; tableSlots: number };
  /** Why --workers ran on one thread after all. */
  workersNote?: string;
}
