import type { AnyProtocol, Message, ModelBoundary, ModelConfig, NodeContext, NodeId, NodeView, TimerDelay } from './protocol.js';

/** A message in the network. Ids follow send order, so a run's ids follow from its events alone. */
export interface InFlight {
  id: number;
  from: NodeId;
  to: NodeId;
  msg: Message;
  sentAt: number;
}

/** A timer a node has set and not yet seen fire. Ids follow set order, like message ids. */
export interface PendingTimer {
  id: number;
  name: string;
  setAt: number;
  after: TimerDelay;
}

export interface NodeSlot {
  up: boolean;
  /** Volatile state; null while the node is down. */
  state: unknown;
  /** Stable storage: what `recover` gets back after a crash. */
  stored: unknown;
  timers: readonly PendingTimer[];
  /** Cached `protocol.view(state)`; null while down. */
  view: NodeView | null;
  /**
   * Present only while the node is paused (a GC pause, a stopped VM): the time it paused. A paused
   * node takes no steps; its messages and due timers wait for `resume`.
   */
  pausedAt?: number;
  /**
   * The last pause the node resumed from, [paused at, resumed at]; gone after a crash. A timing
   * promise reads it: what came due while the node was paused is on time at the resume.
   */
  lastPause?: readonly [number, number];
}

/** The whole simulated world: plain data, never mutated once built (apply returns a new one). */
export interface World {
  now: number;
  /** Index i holds node i + 1. */
  nodes: readonly NodeSlot[];
  /** In-flight messages in id order. */
  network: readonly InFlight[];
  nextMessageId: number;
  nextTimerId: number;
  /** Groups that can talk among themselves; null when the network is whole. */
  partition: readonly (readonly NodeId[])[] | null;
}

/** The events an execution is made of (docs/design.md section 3). `at` is the logical time, if timed. */
export type WorldEvent =
  | { kind: 'deliver'; id: number; at?: number }
  | { kind: 'drop'; id: number; at?: number }
  | { kind: 'duplicate'; id: number; at?: number }
  | { kind: 'timer'; node: NodeId; timer: string; after?: number; at?: number }
  | { kind: 'crash'; node: NodeId; at?: number }
  | { kind: 'restart'; node: NodeId; at?: number }
  | { kind: 'partition'; groups: NodeId[][]; at?: number }
  | { kind: 'heal'; at?: number }
  | { kind: 'pause'; node: NodeId; at?: number }
  | { kind: 'resume'; node: NodeId; at?: number };

export type EventKind = WorldEvent['kind'];

/** What does not change during a run: the protocol, the cluster size and each node's context. */
export interface System {
  /** The protocol as the user gave it: read its name, promises and bounds here. */
  protocol: AnyProtocol;
  /** The same protocol behind its guards: the world calls the model only through this. */
  model: ModelBoundary;
  nodes: number;
  config: ModelConfig;
  contexts: readonly NodeContext[];
}

/** What applying one event did, for properties, coverage and stories. */
export interface Outcome {
  world: World;
  /** The node that took a step (received a message, fired a timer, recovered), if any. */
  stepped: NodeId | null;
  /** Role of the stepped node before the step (null if it was down). */
  roleBefore: string | null;
  /** The message type or timer name the stepped node handled; 'recover' on restart. */
  input: string | null;
  marks: readonly string[];
  /** Messages this event put in the network. */
  sent: readonly InFlight[];
}
