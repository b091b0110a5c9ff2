/**
 * The data a viewer page shows: one run, computed in Node by replaying its trace through the run
 * kernel (src/report/view/buildViewData.ts) and embedded in the page as JSON. Plain data only, so
 * the explorer can send the same shape over HTTP. Every string in it may come from a model and is
 * untrusted: the client puts it in the page with textContent, never as markup.
 */

export const VIEW_FORMAT = 'leadercheck/view@1';

export interface ViewData {
  format: typeof VIEW_FORMAT;
  /** One line: what the run shows (`election-safety violated: raft-volatile-vote, 3 nodes`). */
  title: string;
  model: string;
  nodes: number;
  /** Where the run came from, shown in the header: profile, seed, run, event count. */
  meta: { label: string; value: string }[];
  properties: string[];
  /**
   * Every distinct node slot of the run (interned: worlds share unchanged slots, so one event adds
   * at most one). `steps[i].nodes[n - 1]` indexes here for node n at step i.
   */
  snapshots: ViewNode[];
  /** Every message the run put in the network, in id order. */
  messages: ViewMessage[];
  /** Step 0 is the world after boot; step N the world after the N-th event. */
  steps: ViewStep[];
  violation: { property: string; step: number; detail: string } | null;
  /** Where faults stop: liveness is judged from this step on. */
  stabilization: { step: number; at: number; boundTicks: number } | null;
}

/** One node at one step: what `replay --json` prints (up, role, term, leader) and its whole state. */
export interface ViewNode {
  up: boolean;
  role: string | null;
  term: number | null;
  leader: number | null;
  /** The model's view of the node (null while down). */
  view: unknown;
  /** Volatile state (null while down). */
  state: unknown;
  /** Stable storage: what survives a crash. */
  stored: unknown;
  timers: { id: number; name: string; setAt: number; after: unknown }[];
}

export interface ViewMessage {
  id: number;
  from: number;
  to: number;
  type: string;
  /** The model's one-line rendering (describeMessage). */
  label: string;
  body: unknown;
  /** The step whose event sent it (0: sent at boot). */
  sentStep: number;
  sentAt: number;
  /** For a copy a duplicate event made: the id of the message copied. */
  copyOf: number | null;
  /** The step that delivered or dropped it; null while it is still in flight at the end. */
  end: { step: number; kind: 'deliver' | 'drop' } | null;
}

/** An event as the trace holds it: a WorldEvent, or a kind this viewer does not know yet. */
export type ViewEvent = { kind: string; node?: number; id?: number; at?: number; [key: string]: unknown };

export interface ViewStep {
  index: number;
  /** Logical time of the world after this step. */
  at: number;
  event: ViewEvent | null;
  /** The event as people read it (`deliver #7 1->3 RequestVote t2`); `boot` for step 0. */
  label: string;
  /** Snapshot index of each node (node n at position n - 1). */
  nodes: number[];
  /** The node that took a step, if any. */
  stepped: number | null;
  /** The message type or timer name it handled. */
  input: string | null;
  /** Coverage marks the step hit. */
  marks: string[];
  /** Ids of the messages this step put in the network. */
  sent: number[];
  /** Ids of the messages in flight after this step. */
  network: number[];
  /** Groups that can talk among themselves; null when the network is whole. */
  partition: number[][] | null;
}

/** The id of the `<script type="application/json">` element a page keeps its ViewData in. */
export const VIEW_DATA_ELEMENT_ID = 'leadercheck-view-data';
