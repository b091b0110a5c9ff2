import { guardProtocol } from '../model/boundary.js';
import type { AnyProtocol, Input, ModelConfig, NodeContext, NodeId, Step, TimerDelay, TimerEffect } from '../shared/protocol.js';
import { InputError, ModelError, NotEnabledError } from '../shared/errors.js';
import type { InFlight, NodeSlot, Outcome, PendingTimer, System, World, WorldEvent } from '../shared/world.js';
import { appended, nextNetwork, removeMessage, withoutThisTimer, withoutTimer, withTimerSet } from './lists.js';

const MAX_NODES = 64;
/** Far above any run's network (a 10-node Raft under chaos keeps a few hundred in flight). */
export const MAX_IN_FLIGHT = 10_000;

/**
 * Fixes the protocol, cluster size and configuration of a run. The protocol is wrapped here, once
 * (`guardProtocol`): the world calls the model only through `system.model`.
 */
export function createSystem(protocol: AnyProtocol, nodes: number, config?: ModelConfig): System {
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_NODES) {
    throw new RangeError(`node count must be an integer from 1 to ${MAX_NODES}, got ${nodes}`);
  }
  refuseTooFewNodes(protocol, nodes);
  const merged = { ...protocol.defaultConfig, ...config };
  const contexts: NodeContext[] = [];
  for (let id = 1; id <= nodes; id++) contexts.push(Object.freeze({ id, nodes, config: merged }));
  return { protocol, model: guardProtocol(protocol, nodes), nodes, config: merged, contexts };
}

/** Bad input (exit 2) when the model means nothing on this few nodes (Protocol.minNodes). */
export function refuseTooFewNodes(protocol: AnyProtocol, nodes: number): void {
  if (protocol.minNodes !== undefined && nodes < protocol.minNodes) {
    throw new InputError(`${protocol.name} needs at least ${protocol.minNodes} nodes, got ${nodes}`);
  }
}

/** Step 0: every node boots with `init`, in id order. */
export function boot(system: System): World {
  const empty: NodeSlot = { up: false, state: null, stored: undefined, timers: [], view: null };
  let world: World = {
    now: 0,
    nodes: Array.from({ length: system.nodes }, () => empty),
    network: [],
    nextMessageId: 1,
    nextTimerId: 1,
    partition: null,
  };
  for (const ctx of system.contexts) {
    const step = system.model.init(ctx);
    world = settle(system, world, world.now, world.network, -1, ctx.id, step, null, null, null).world;
  }
  return world;
}

/** True when a and b may exchange messages under the current partition. */
export function connected(world: World, a: NodeId, b: NodeId): boolean {
  const groups = world.partition;
  if (groups === null) return true;
  for (const group of groups) {
    const hasA = group.includes(a);
    if (hasA || group.includes(b)) return hasA && group.includes(b);
  }
  // Nodes named in no group are cut off from everyone but themselves.
  return a === b;
}

export function findMessage(world: World, id: number): InFlight | undefined {
  const k = messageIndex(world.network, id);
  return k < 0 ? undefined : world.network[k];
}

/** Where message `id` is in the network, or -1: the network is kept in id order, so a binary search finds it. */
function messageIndex(net: readonly InFlight[], id: number): number {
  let lo = 0;
  let hi = net.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const midId = net[mid].id;
    if (midId === id) return mid;
    if (midId < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Applies one event and returns the new world (the old one is untouched). An event that is not
 * enabled throws NotEnabledError: it is never silently ignored.
 */
export function apply(system: System, world: World, event: WorldEvent): Outcome {
  const at = advanceTime(world, event);
  // Deliveries, timers and restarts build their world once, at `at` (settle); the rest re-time it first.
  switch (event.kind) {
    case 'deliver': {
      const k = requireMessage(world, event.id, 'deliver');
      const m = world.network[k];
      checkNode(system, m.to);
      if (!world.nodes[m.to - 1].up) throw new NotEnabledError(`deliver ${event.id}: node ${m.to} is down`);
      if (!connected(world, m.from, m.to)) {
        throw new NotEnabledError(`deliver ${event.id}: nodes ${m.from} and ${m.to} are partitioned`);
      }
      if (world.nodes[m.to - 1].pausedAt !== undefined) throw new NotEnabledError(`deliver ${event.id}: node ${m.to} is paused`);
      const input: Input = { kind: 'message', from: m.from, msg: m.msg };
      return stepNode(system, world, at, world.network, k, m.to, world.nodes[m.to - 1], input, m.msg.type);
    }
    case 'drop': {
      const k = requireMessage(world, event.id, 'drop');
      // One world, at `at`, without the message (a drop is every third event under partitions).
      return quiet({ now: at, nodes: world.nodes, network: removeMessage(world.network, k), nextMessageId: world.nextMessageId, nextTimerId: world.nextTimerId, partition: world.partition });
    }
    case 'duplicate': {
      const m = world.network[requireMessage(world, event.id, 'duplicate')];
      const copy: InFlight = { ...m, id: world.nextMessageId, sentAt: at };
      const sent = [copy];
      const next: World = { now: at, nodes: world.nodes, network: appended(world.network, sent), nextMessageId: world.nextMessageId + 1, nextTimerId: world.nextTimerId, partition: world.partition };
      return { world: next, stepped: null, roleBefore: null, input: null, marks: NO_MARKS, sent };
    }
    case 'timer': {
      checkNode(system, event.node);
      const slot = world.nodes[event.node - 1];
      if (!slot.up) throw new NotEnabledError(`timer ${event.timer} on node ${event.node}: node is down`);
      if (slot.pausedAt !== undefined) throw new NotEnabledError(`timer ${event.timer} on node ${event.node}: node is paused`);
      const timer = slot.timers.find((t) => t.name === event.timer);
      if (timer === undefined) {
        throw new NotEnabledError(`timer ${event.timer} on node ${event.node}: no such timer is pending`);
      }
      if (event.after !== undefined) checkAfter(event.node, timer, event.after);
      // The slot without the fired timer is the step's starting point; settle puts it in the world.
      const left = withTimers(slot, withoutThisTimer(slot.timers, timer));
      return stepNode(system, world, at, world.network, -1, event.node, left, { kind: 'timer', name: event.timer }, event.timer);
    }
    case 'crash': {
      const timed = at === world.now ? world : withTime(world, at);
      checkNode(system, event.node);
      const slot = timed.nodes[event.node - 1];
      if (!slot.up) throw new NotEnabledError(`crash ${event.node}: node is already down`);
      // A paused node resumes before anything else happens to it: pause and crash stay two stories.
      if (slot.pausedAt !== undefined) throw new NotEnabledError(`crash ${event.node}: node is paused`);
      // A crash keeps only stable storage; messages already in flight stay in the network.
      const down: NodeSlot = { up: false, state: null, stored: slot.stored, timers: [], view: null };
      return { ...quiet({ ...timed, nodes: replaceSlot(timed.nodes, event.node, down) }), roleBefore: slot.view?.role ?? null };
    }
    case 'restart': {
      checkNode(system, event.node);
      const slot = world.nodes[event.node - 1];
      if (slot.up) throw new NotEnabledError(`restart ${event.node}: node is up`);
      const ctx = system.contexts[event.node - 1];
      const step = system.model.recover(slot.stored, ctx);
      return settle(system, world, at, world.network, -1, event.node, step, null, null, 'recover');
    }
    case 'partition': {
      const timed = at === world.now ? world : withTime(world, at);
      checkGroups(system, event.groups);
      return quiet({ ...timed, partition: event.groups.map((g) => [...g].sort((a, b) => a - b)) });
    }
    case 'heal': {
      const timed = at === world.now ? world : withTime(world, at);
      if (timed.partition === null) throw new NotEnabledError('heal: the network is not partitioned');
      return quiet({ ...timed, partition: null });
    }
    case 'pause': {
      const timed = at === world.now ? world : withTime(world, at);
      checkNode(system, event.node);
      const slot = timed.nodes[event.node - 1];
      if (!slot.up) throw new NotEnabledError(`pause ${event.node}: node is down`);
      if (slot.pausedAt !== undefined) throw new NotEnabledError(`pause ${event.node}: node is already paused`);
      // Nothing is lost: state, timers and the messages sent to it wait until it resumes.
      const { up, state, stored, timers, view, lastPause } = slot;
      // The fields in the order a spread keeps (pausedAt last), built without one: pauses are frequent under chaos.
      const paused: NodeSlot =
        lastPause === undefined ? { up, state, stored, timers, view, pausedAt: timed.now } : { up, state, stored, timers, view, lastPause, pausedAt: timed.now };
      return quiet({ ...timed, nodes: replaceSlot(timed.nodes, event.node, paused) });
    }
    case 'resume': {
      const timed = at === world.now ? world : withTime(world, at);
      checkNode(system, event.node);
      const slot = timed.nodes[event.node - 1];
      if (slot.pausedAt === undefined) throw new NotEnabledError(`resume ${event.node}: node is not paused`);
      const { up, state, stored, timers, view, pausedAt } = slot;
      const resumed: NodeSlot = { up, state, stored, timers, view, lastPause: [pausedAt, timed.now] };
      return quiet({ ...timed, nodes: replaceSlot(timed.nodes, event.node, resumed) });
    }
    default: {
      const kind = (event as { kind?: unknown }).kind;
      throw new NotEnabledError(`unknown event kind ${JSON.stringify(kind)}`);
    }
  }
}

function advanceTime(world: World, event: WorldEvent): number {
  if (event.at === undefined) {
    if (event.kind === 'timer' && event.after !== undefined) {
      const timer = world.nodes[event.node - 1]?.timers.find((t) => t.name === event.timer);
      if (timer !== undefined) return Math.max(world.now, timer.setAt + event.after);
    }
    return world.now;
  }
  if (!Number.isFinite(event.at) || event.at < world.now) {
    throw new NotEnabledError(`${event.kind} at time ${event.at}: time cannot go back from ${world.now}`);
  }
  return event.at;
}

function checkAfter(node: NodeId, timer: PendingTimer, after: number): void {
  const [min, max] = delayRange(timer.after);
  if (after < min || after > max) {
    throw new NotEnabledError(
      `timer ${timer.name} on node ${node} fired after ${after} ticks, outside its delay ${min === max ? min : `[${min}, ${max}]`}`,
    );
  }
}

/** A timer delay as an inclusive [min, max] range. */
export function delayRange(delay: TimerDelay): readonly [number, number] {
  return typeof delay === 'number' ? [delay, delay] : delay;
}

function quiet(world: World): Outcome {
  return { world, stepped: null, roleBefore: null, input: null, marks: NO_MARKS, sent: NO_MESSAGES };
}

/** Where message `id` is in the world's network; not enabled when it is not in flight. */
function requireMessage(world: World, id: number, what: string): number {
  const k = messageIndex(world.network, id);
  if (k < 0) throw new NotEnabledError(`${what} ${id}: no message with id ${id} is in flight`);
  return k;
}

function checkNode(system: System, node: NodeId): void {
  if (!Number.isInteger(node) || node < 1 || node > system.nodes) {
    throw new NotEnabledError(`node ${node} does not exist (nodes are 1..${system.nodes})`);
  }
}

function checkGroups(system: System, groups: readonly (readonly NodeId[])[]): void {
  if (!Array.isArray(groups) || groups.length === 0) throw new NotEnabledError('partition: groups must be a non-empty list');
  const seen = new Set<NodeId>();
  for (const group of groups) {
    if (!Array.isArray(group)) throw new NotEnabledError('partition: each group must be a list of node ids');
    for (const node of group) {
      checkNode(system, node);
      if (seen.has(node)) throw new NotEnabledError(`partition: node ${node} is in two groups`);
      seen.add(node);
    }
  }
}

/** A running node's slot with other timers: built field by field in the order a spread keeps, for the hot path. */
function withTimers(slot: NodeSlot, timers: readonly PendingTimer[]): NodeSlot {
  if (slot.pausedAt !== undefined) return { ...slot, timers };
  const { up, state, stored, view, lastPause } = slot;
  return lastPause === undefined ? { up, state, stored, timers, view } : { up, state, stored, timers, view, lastPause };
}

/** The same world at a later time. */
function withTime(world: World, now: number): World {
  return { now, nodes: world.nodes, network: world.network, nextMessageId: world.nextMessageId, nextTimerId: world.nextTimerId, partition: world.partition };
}

function replaceSlot(nodes: readonly NodeSlot[], node: NodeId, slot: NodeSlot): NodeSlot[] {
  const next = nodes.slice();
  next[node - 1] = slot;
  return next;
}

/** `slot`: the node's slot the step starts from (the world's own, or it less the timer that fired); `delivered`: as in settle. */
function stepNode(system: System, world: World, now: number, network: readonly InFlight[], delivered: number, node: NodeId, slot: NodeSlot, input: Input, label: string): Outcome {
  const step = system.model.step(slot.state, input, system.contexts[node - 1], label);
  return settle(system, world, now, network, delivered, node, step, slot, slot.view?.role ?? null, label);
}

/**
 * Applies a step's effects: new state, stable storage written, messages sent, timers set or
 * cancelled. The step comes through the model boundary, so its shape is already checked. `prev` is the node's slot before the step (null at boot and restart): when the model
 * returned the same state object, its stored value and view are reused rather than recomputed.
 */
function settle(
  system: System,
  world: World,
  /** The time of the event: the new world's `now` (the world given may be of before it). */
  now: number,
  network: readonly InFlight[],
  /** The index in `network` of the message the step handled, which leaves it; -1: none. */
  delivered: number,
  node: NodeId,
  step: Step<unknown>,
  prev: NodeSlot | null,
  roleBefore: string | null,
  input: string | null,
): Outcome {
  const { model } = system;
  let nextMessageId = world.nextMessageId;
  const inFlight = delivered < 0 ? network.length : network.length - 1;
  let sent: readonly InFlight[] = NO_MESSAGES;
  const sends = step.send;
  if (sends !== undefined && sends.length > 0) {
    const fresh: InFlight[] = [];
    for (const { to, msg } of sends) {
      fresh.push({ id: nextMessageId++, from: node, to, msg, sentAt: now });
    }
    sent = fresh;
    // A model that sends on a timer of 0 ticks floods the network faster than time passes: each event then costs more, and the run's event budget is never reached.
    if (inFlight + fresh.length > MAX_IN_FLIGHT) throw new ModelError(`node ${node}'s step leaves ${inFlight + fresh.length} messages in flight, more than ${MAX_IN_FLIGHT}: the model floods the network (a timer of 0 ticks that sends each time it fires?)`);
  }
  let timers = prev === null ? NO_TIMERS : prev.timers;
  let nextTimerId = world.nextTimerId;
  const effects = step.timers ?? NO_EFFECTS;
  for (let e = 0; e < effects.length; e++) {
    const effect = effects[e];
    timers = 'cancel' in effect ? withoutTimer(timers, effect.name) : withTimerSet(timers, { id: nextTimerId++, name: effect.name, setAt: now, after: effect.after });
  }
  const same = prev !== null && prev.up && prev.state === step.state;
  let slot: NodeSlot;
  if (same && timers === prev.timers) {
    slot = prev;
  } else {
    const stored = same ? prev.stored : model.stored(step.state, node, input ?? 'init');
    const view = same ? prev.view : model.view(step.state, node, input ?? 'init');
    // A node that resumed from a pause keeps that pause's span (shared/world.ts NodeSlot.lastPause).
    const lastPause = prev?.lastPause;
    slot = lastPause === undefined ? { up: true, state: step.state, stored, timers, view } : { up: true, state: step.state, stored, timers, view, lastPause };
  }
  const next: World = {
    now,
    nodes: slot === world.nodes[node - 1] ? world.nodes : replaceSlot(world.nodes, node, slot),
    network: nextNetwork(network, delivered, sent),
    nextMessageId,
    nextTimerId,
    partition: world.partition,
  };
  return { world: next, stepped: node, roleBefore, input, marks: step.marks ?? NO_MARKS, sent };
}

const NO_MESSAGES: readonly InFlight[] = [];
const NO_TIMERS: readonly PendingTimer[] = [];
const NO_EFFECTS: readonly TimerEffect[] = [];
const NO_MARKS: readonly string[] = [];
