import type { PropertyName } from '../src/shared/protocol.js';
import type { ProfileName } from '../src/shared/profile.js';

export type Verdict = 'holds' | 'violated' | 'not checked';

/**
 * A property the catalog leaves out of a row's cells, and why: its premise does not exist in the
 * model (agreement's "the highest id leads", where the highest id is a node that never runs for
 * leader), so a counterexample would only show that premise missing; or a practical reason, said
 * plainly in the reason itself (the etcd rows' agreement: a bridged node cannot close a lasso, so
 * the counterexample is the whole liveness bound). `check MODEL --property P` still checks it on demand.
 */
export interface NotChecked {
  notChecked: string;
}

/** Profiles under which a property is violated, and the one assumption that breaks there. */
export interface ViolatedUnder {
  profiles: readonly ProfileName[];
  reason: string;
}

/**
 * One model's row of the catalog: its node count, and for every property the profiles where it is
 * violated (anywhere else it holds). `holds` lists none.
 */
export interface ModelExpectations {
  model: string;
  /** Cluster size the catalog checks the model with (an off-by-one majority needs an even N). */
  nodes: number;
  expect: Readonly<Record<PropertyName, readonly ViolatedUnder[] | NotChecked>>;
  /**
   * The part of the catalog's budget per cell (runs and events) this row's cells get, 1 if absent:
   * a bridged model costs a process round trip per event, and its verdicts are argued to hold at
   * the smaller budget (measured at several times it).
   */
  budgetShare?: number;
}

export type Catalog = readonly ModelExpectations[];

/** One cell: model x profile x property, with its expected verdict and, if violated, why. */
export interface ExpectedCell {
  model: string;
  nodes: number;
  profile: ProfileName;
  property: PropertyName;
  expected: Verdict;
  /** Why it is violated, or why it is not checked; null when it holds. */
  reason: string | null;
}
