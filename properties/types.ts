import type { NodeId, PropertyName } from '../src/shared/protocol.js';
import type { World } from '../src/shared/world.js';

/**
 * A safety property is a monitor: it folds each world of a run into a memo (plain data, so
 * exhaustive search can fingerprint it like raft.tla's history variables) and reports a violation
 * as soon as one exists. `observe` returns the same memo object when nothing changed.
 */
export interface SafetyProperty<Memo = unknown> {
  name: PropertyName;
  kind: 'safety';
  description: string;
  initial(world: World): Memo;
  observe(memo: Memo, world: World): Memo;
  /** A one-line reason when the memo shows a violation, else null. */
  violation(memo: Memo): string | null;
  /**
   * Faults stop now (the world is the one the stabilization phase starts from): for a property
   * that only holds once they have, as `no-disruption`. Exhaustive search never calls it.
   */
  stabilize?(memo: Memo, world: World): Memo;
  /**
   * The property as a search that never stops faults checks it (explore): for one judged only
   * once faults stop that tracks a history of the fault phase to judge then (`no-disruption`),
   * the same property tracking nothing, so a history never judged neither splits the search's
   * states nor stops its memo commuting. `searchedAs` (index.ts) picks it.
   */
  inSearch?: SafetyProperty<Memo>;
  /**
   * The memo with every node id in it renamed, as stateright's `Rewrite`: a memo is a history
   * variable, part of the state, so symmetry reduction (`explore`) renames it with the nodes. A
   * property without it turns symmetry reduction off rather than risk an unsound reduction.
   */
  renameNodes?(memo: Memo, rename: (id: NodeId) => NodeId): Memo;
  /**
   * True when `observe` reads nothing of the world but its node slots (no network, no partition):
   * explore may then reuse a memo's successor for any state with the same memo and node slots.
   */
  readsNodesOnly?: boolean;
  /**
   * True when steps of different nodes commute on the memo: observing a state where node A has
   * stepped, then one where B has too, leaves the memo that observing B's step first would (as
   * when the memo folds each node's own history, stuttering aside). Explore's partial-order
   * reduction (src/explore/sleepSets.ts) needs it of every property it checks, or stays off.
   */
  memoCommutes?: boolean;
}

/**
 * A liveness property is judged in the stabilization phase: it must be satisfied by some world
 * within the bound after faults stop; otherwise `pending` says what is still missing.
 */
export interface LivenessProperty {
  name: PropertyName;
  kind: 'liveness';
  description: string;
  satisfied(world: World): boolean;
  pending(world: World): string;
  /** True when `satisfied` reads nothing of the world but its node slots: the monitor then asks once per nodes array. */
  readsNodesOnly?: boolean;
}

export type Property = SafetyProperty<any> | LivenessProperty;
