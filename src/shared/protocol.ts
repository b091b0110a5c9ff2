/**
 * The model interface: what a protocol author writes. Everything here is plain data so that a
 * world can be cloned, fingerprinted, compared and printed (docs/design.md section 2).
 */

/** Node ids are 1..N, ordered, as Bully and Ring need. */
export type NodeId = number;

/** Every message is plain data with a `type` tag. */
export interface Message {
  type: string;
}

/** What a node reacts to: a message from a peer or one of its own timers firing. */
export type Input<Msg extends Message = Message> =
  | { kind: 'message'; from: NodeId; msg: Msg }
  | { kind: 'timer'; name: string };

/** A timer delay: fixed ticks, or a [min, max] range the harness picks from and records. */
export type TimerDelay = number | readonly [min: number, max: number];

export type TimerEffect = { name: string; after: TimerDelay } | { name: string; cancel: true };

export interface Send<Msg extends Message = Message> {
  to: NodeId;
  msg: Msg;
}

/** The result of one step: the next state plus effects as data, never calls. */
export interface Step<State, Msg extends Message = Message> {
  state: State;
  send?: readonly Send<Msg>[];
  timers?: readonly TimerEffect[];
  /** Coverage marks: names of rare paths this step took (docs/design.md section 8). */
  marks?: readonly string[];
}

/** What properties see of a node. */
export interface NodeView {
  role: 'leader' | 'candidate' | 'follower' | string;
  term: number;
  leader: NodeId | null;
}

/** The world a node is told about at every step; it never changes during a run. */
export interface NodeContext<Config = ModelConfig> {
  id: NodeId;
  /** Cluster size N; the peers are 1..N. */
  nodes: number;
  config: Config;
}

export type ModelConfig = Record<string, unknown>;

/**
 * Names of the properties leadercheck knows (see properties/), in the order reports show them: the
 * one list the property table and the catalog's columns are derived from.
 */
export const PROPERTY_NAMES = [
  'election-safety',
  'single-leader',
  'term-monotonic',
  'liveness',
  'agreement',
  'no-disruption',
  'fenced-writes',
  'no-double-charge',
] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

/**
 * A protocol is a value, not a class hierarchy. `step` must be pure: same inputs, same output;
 * no clock, no randomness, no I/O. Returning the same state object signals a no-op.
 */
export interface Protocol<State = any, Msg extends Message = any, Stored = any, Config extends ModelConfig = any> {
  /** 'raft', 'bully', 'raft/volatile-vote', ... */
  name: string;
  /** One line for `leadercheck list`. */
  summary: string;
  /** Defaults for ctx.config; a trace may override them. */
  defaultConfig: Config;
  /**
   * Config keys the model also reads, off by default, each with the value its absence means (Raft's
   * `preVote: false`): `--config` accepts them beside defaultConfig's, and a trace records one only
   * when it is given, so turning an option on changes nothing for runs that leave it off.
   */
  optionalConfig?: ModelConfig;
  /** Properties this model promises; `check` checks these unless told otherwise. */
  promises: readonly PropertyName[];
  /** True when behaviour does not depend on node ids (enables symmetry reduction). */
  symmetric?: boolean;
  /** How to rename node ids inside this model's data; symmetry reduction needs it (`explore`). */
  renameNodes?: NodeRenaming<State, Msg, Stored>;
  /** Message types and timer names the model uses (protocol coverage, docs). */
  messageTypes?: readonly string[];
  timerNames?: readonly string[];
  /** Roles a node's view can take (protocol coverage); follower, candidate, leader if absent. */
  roles?: readonly string[];
  /** Every coverage mark `step` can return, so reports can list the ones never hit (docs/design.md section 8). */
  marks?: readonly string[];
  /** Largest message delay (ticks) under which the model's timeouts keep their promise. */
  synchronousDelayTicksMax?: number;
  /**
   * Fewest nodes the model means anything on (the coordination recipes: the store, a candidate
   * and the payment service). A run on fewer is refused as bad input, and the shrinker never
   * shows a counterexample on fewer: a lone store would hold or break every property vacuously.
   */
  minNodes?: number;
  /**
   * Longest time (ticks) a correct run needs to elect a leader once faults stop. With
   * livenessBoundTicksPerNode the bound is this plus that much per node (this defaults to 0 then):
   * a protocol whose election walks the cluster (a ring) needs longer on more nodes.
   */
  livenessBoundTicks?: number;
  /** Ticks the liveness bound grows by per node of the cluster (see livenessBoundTicks). */
  livenessBoundTicksPerNode?: number;
  init(ctx: NodeContext<Config>): Step<State, Msg>;
  step(state: State, input: Input<Msg>, ctx: NodeContext<Config>): Step<State, Msg>;
  /** What stable storage holds; survives a crash. Written after every step. */
  stored(state: State): Stored;
  /** Boot after a crash from what was stored (undefined if nothing ever was). */
  recover(stored: Stored | undefined, ctx: NodeContext<Config>): Step<State, Msg>;
  view(state: State): NodeView;
  /** One-line rendering of a message for reports, e.g. `RequestVote t2`. */
  describeMessage?(msg: Msg): string;
}

/**
 * Rewrites every node id inside a value with `rename`, keeping everything else; a set of ids kept
 * as a sorted list stays sorted, so renamed states compare equal to the states they stand for.
 */
export interface NodeRenaming<State, Msg, Stored> {
  state(state: State, rename: (id: NodeId) => NodeId): State;
  stored(stored: Stored, rename: (id: NodeId) => NodeId): Stored;
  message(msg: Msg, rename: (id: NodeId) => NodeId): Msg;
}

/** A protocol with its type parameters erased, as the harness handles it. */
export type AnyProtocol = Protocol<any, any, any, any>;

/**
 * A protocol as the harness calls it, built once per system by `guardProtocol`
 * (src/model/boundary.ts): every hook is guarded, so a throw or a result of the wrong shape comes
 * out as a ModelError naming the node, the hook and what went wrong, and a step it returns has
 * the shape `Step` promises. `label` is what the node was handling (a message type, a timer name,
 * `init`, `recover`), for the error's message. Reports render messages through the same boundary
 * (`describeMessage` in src/model/boundary.ts), as they hold the protocol, not a system.
 */
export interface ModelBoundary {
  init(ctx: NodeContext): Step<unknown>;
  step(state: unknown, input: Input, ctx: NodeContext, label: string): Step<unknown>;
  recover(stored: unknown, ctx: NodeContext): Step<unknown>;
  stored(state: unknown, node: NodeId, label: string): unknown;
  view(state: unknown, node: NodeId, label: string): NodeView;
}
