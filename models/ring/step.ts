import type { Input, NodeContext, NodeId, Send, Step, TimerEffect } from '../../src/shared/protocol.js';
import {
  type CoordinatorMessage,
  type ElectionMessage,
  type RingConfig,
  type RingMessage,
  type RingState,
  type RingStored,
  type RingVariant,
  SETTLED,
} from './types.js';

type Ctx = NodeContext<RingConfig>;
type RingStep = Step<RingState, RingMessage>;

/**
 * The effects of one step, gathered as the handlers run. It is local to one call of `step`, so
 * the step stays pure from outside.
 */
interface Acc {
  state: RingState;
  send: Send<RingMessage>[];
  timers: TimerEffect[];
  marks: string[];
}

const fresh = (round: number): RingState => ({ role: 'follower', round, initiator: 0, leader: null, outbox: [], nextSeq: 1 });

/** First boot: with no leader known, every node starts an election. */
export function initRing(variant: RingVariant) {
  return (ctx: Ctx): RingStep => {
    const acc = begin(fresh(0));
    startElection(variant, acc, ctx);
    return finish(acc);
  };
}

/** Boot after a crash: the stored round keeps the term monotonic; a restarted node starts an election. */
export function recoverRing(variant: RingVariant) {
  return (stored: RingStored | undefined, ctx: Ctx): RingStep => {
    const acc = begin(fresh(stored?.round ?? 0));
    startElection(variant, acc, ctx);
    return finish(acc);
  };
}

export const storedRing = (s: RingState): RingStored => ({ round: s.round });

export function stepRing(variant: RingVariant) {
  return (s: RingState, input: Input<RingMessage>, ctx: Ctx): RingStep => {
    const acc = begin(s);
    if (input.kind === 'timer') onTimer(variant, acc, input.name, ctx);
    else onMessage(variant, acc, input.from, input.msg, ctx);
    return finish(acc);
  };
}

function begin(state: RingState): Acc {
  return { state, send: [], timers: [], marks: [] };
}

function finish(acc: Acc): RingStep {
  return { state: acc.state, send: acc.send, timers: acc.timers, marks: acc.marks };
}

function onMessage(variant: RingVariant, acc: Acc, from: NodeId, msg: RingMessage, ctx: Ctx): void {
  switch (msg.type) {
    case 'Ack':
      return onAck(variant, acc, from, msg.seq, ctx);
    case 'Heartbeat':
      return onHeartbeat(variant, acc, from, msg.round, ctx);
    case 'Election':
    case 'Coordinator':
      // Acknowledge the hop first: the sender only needs to know this node is alive.
      acc.send.push({ to: from, msg: { type: 'Ack', seq: msg.seq } });
      return onRingMessage(variant, acc, msg, ctx);
  }
}

function onRingMessage(variant: RingVariant, acc: Acc, msg: ElectionMessage | CoordinatorMessage, ctx: Ctx): void {
  if (msg.type === 'Election') onElection(variant, acc, msg, ctx);
  else onCoordinator(variant, acc, msg, ctx);
}

/**
 * Chang and Roberts' extinction over (round, initiator): a weaker election dies here, a stronger
 * one is joined and forwarded with this node's id, and one that comes back to a node already on
 * it has gone round the ring: that node announces the highest id it gathered.
 */
function onElection(variant: RingVariant, acc: Acc, e: ElectionMessage, ctx: Ctx): void {
  const s = acc.state;
  const order = compare(e.round, e.initiator, s.round, s.initiator);
  if (order < 0) {
    acc.marks.push('weaker election swallowed');
    return;
  }
  if (order === 0) {
    if (e.ids.includes(ctx.id)) announce(variant, acc, e, ctx);
    return;
  }
  acc.state = { ...s, role: 'candidate', round: e.round, initiator: e.initiator, leader: null };
  acc.timers.push(cancel('heartbeat'), cancel('leader-timeout'), coordinatorTimer(ctx));
  enqueue(variant, acc, { ...e, ids: [...e.ids, ctx.id] }, ctx);
}

function announce(variant: RingVariant, acc: Acc, e: ElectionMessage, ctx: Ctx): void {
  if (e.initiator !== ctx.id) acc.marks.push('election completed by a node other than its initiator');
  const leader = Math.max(...e.ids);
  onCoordinator(variant, acc, { type: 'Coordinator', round: e.round, leader, seen: [], seq: 0 }, ctx);
}

/** The announcement of a round at least as new as ours is obeyed and passed on once round the ring. */
function onCoordinator(variant: RingVariant, acc: Acc, c: CoordinatorMessage, ctx: Ctx): void {
  const s = acc.state;
  if (c.round < s.round) {
    acc.marks.push('stale Coordinator ignored');
    return;
  }
  if (c.leader === ctx.id) becomeLeader(acc, c.round, ctx);
  else becomeFollower(acc, c.leader, c.round, coordinatorTicks(ctx));
  if (!c.seen.includes(ctx.id)) enqueue(variant, acc, { ...c, seen: [...c.seen, ctx.id] }, ctx);
}

/**
 * Heartbeats go to every node directly. They keep followers quiet, tell a node that missed an
 * election (it was down or skipped) who won, and expose two leaders after a partition heals.
 */
function onHeartbeat(variant: RingVariant, acc: Acc, from: NodeId, round: number, ctx: Ctx): void {
  const s = acc.state;
  if (s.role === 'leader') {
    acc.marks.push('leader hears another leader: new election');
    startElection(variant, acc, ctx, Math.max(s.round, round));
    return;
  }
  if (round < s.round) return;
  if (from < ctx.id) {
    // The ring elects the highest live id; a lower leader means the election passed this node by,
    // even if this node then obeyed its Coordinator (a lost Ack made its predecessor skip it).
    acc.marks.push('node missed by the election starts a new one');
    startElection(variant, acc, ctx, round);
    return;
  }
  if (from === s.leader) {
    if (round !== s.round) acc.state = { ...s, round };
    acc.timers.push(leaderTimer(ctx));
    return;
  }
  becomeFollower(acc, from, round, ctx.config.leaderTimeout);
}

/** The head was acknowledged: it is delivered; the next queued message may go. */
function onAck(variant: RingVariant, acc: Acc, from: NodeId, seq: number, ctx: Ctx): void {
  const head = acc.state.outbox[0];
  if (head === undefined || head.seq !== seq || head.to !== from) return;
  acc.state = { ...acc.state, outbox: acc.state.outbox.slice(1) };
  acc.timers.push(cancel('ack'));
  sendHead(variant, acc, ctx);
}

function onTimer(variant: RingVariant, acc: Acc, name: string, ctx: Ctx): void {
  const s = acc.state;
  switch (name) {
    case 'ack':
      return skipSuccessor(variant, acc, ctx);
    case 'coordinator':
      if (s.role !== 'candidate') return;
      acc.marks.push('no Coordinator in time: election restarts');
      return startElection(variant, acc, ctx);
    case 'leader-timeout':
      if (s.role !== 'follower') return;
      acc.marks.push('leader silent: follower starts an election');
      return startElection(variant, acc, ctx);
    case 'heartbeat':
      if (s.role !== 'leader') return;
      heartbeats(acc, ctx);
      return;
  }
}

/** The successor did not acknowledge within a round trip: it is taken for dead and skipped. */
function skipSuccessor(variant: RingVariant, acc: Acc, ctx: Ctx): void {
  const head = acc.state.outbox[0];
  if (head === undefined) return;
  acc.marks.push('successor did not ack: skipped');
  const next = successor(head.to, ctx);
  if (next === ctx.id) {
    // Everyone else is silent: the message has come round to this node.
    acc.state = { ...acc.state, outbox: acc.state.outbox.slice(1) };
    onRingMessage(variant, acc, head.msg, ctx);
    sendHead(variant, acc, ctx);
    return;
  }
  const s = acc.state;
  const retry = { seq: s.nextSeq, to: next, msg: head.msg };
  acc.state = { ...s, outbox: [retry, ...s.outbox.slice(1)], nextSeq: s.nextSeq + 1 };
  sendHead(variant, acc, ctx);
}

// Role changes go through these three, as etcd's become* do.

/** A fresh election in the next round (or after `seen`, the highest round heard of). */
function startElection(variant: RingVariant, acc: Acc, ctx: Ctx, seen = acc.state.round): void {
  const round = Math.max(acc.state.round, seen) + 1;
  acc.state = { ...acc.state, role: 'candidate', round, initiator: ctx.id, leader: null };
  acc.timers.push(cancel('heartbeat'), cancel('leader-timeout'), coordinatorTimer(ctx));
  enqueue(variant, acc, { type: 'Election', round, initiator: ctx.id, ids: [ctx.id], seq: 0 }, ctx);
}

function becomeLeader(acc: Acc, round: number, ctx: Ctx): void {
  const s = acc.state;
  if (s.role === 'leader' && s.round === round) return;
  if (s.role === 'leader') throw new Error(`invalid transition: leader of round ${s.round} -> leader of round ${round}`);
  acc.state = { ...s, role: 'leader', round, initiator: SETTLED, leader: ctx.id };
  acc.timers.push(cancel('coordinator'), cancel('leader-timeout'));
  // A new leader makes itself known at once, so that followers waiting on the ring hear it early.
  heartbeats(acc, ctx);
}

function becomeFollower(acc: Acc, leader: NodeId, round: number, timeoutTicks: number): void {
  const s = acc.state;
  if (round < s.round) throw new Error(`invalid transition: round ${s.round} -> ${round}`);
  if (s.role === 'leader') acc.marks.push('leader steps down');
  acc.state = { ...s, role: 'follower', round, initiator: SETTLED, leader };
  acc.timers.push(cancel('coordinator'), cancel('heartbeat'), { name: 'leader-timeout', after: timeoutTicks });
}

function heartbeats(acc: Acc, ctx: Ctx): void {
  for (let peer = 1; peer <= ctx.nodes; peer++) {
    if (peer !== ctx.id) acc.send.push({ to: peer, msg: { type: 'Heartbeat', round: acc.state.round } });
  }
  acc.timers.push({ name: 'heartbeat', after: ctx.config.heartbeat });
}

/** Queues a ring message for the successor; it goes out now if the link is idle. */
function enqueue(variant: RingVariant, acc: Acc, msg: ElectionMessage | CoordinatorMessage, ctx: Ctx): void {
  const s = acc.state;
  if (ctx.nodes === 1) {
    // A ring of one: the message is back at once.
    onRingMessage(variant, acc, msg, ctx);
    return;
  }
  const idle = s.outbox.length === 0;
  acc.state = { ...s, outbox: [...s.outbox, { seq: s.nextSeq, to: successor(ctx.id, ctx), msg }], nextSeq: s.nextSeq + 1 };
  if (idle) sendHead(variant, acc, ctx);
}

function sendHead(variant: RingVariant, acc: Acc, ctx: Ctx): void {
  const head = acc.state.outbox[0];
  if (head === undefined) return;
  acc.send.push({ to: head.to, msg: { ...head.msg, seq: head.seq } });
  if (variant.skipsDeadSuccessor) acc.timers.push({ name: 'ack', after: ctx.config.ackTimeout });
}

/** Ring order: the next higher id, wrapping from N to 1. */
function successor(node: NodeId, ctx: Ctx): NodeId {
  return (node % ctx.nodes) + 1;
}

function compare(roundA: number, initiatorA: number, roundB: number, initiatorB: number): number {
  return roundA !== roundB ? roundA - roundB : Math.sign(initiatorA - initiatorB);
}

const cancel = (name: string): TimerEffect => ({ name, cancel: true });
const coordinatorTicks = (ctx: Ctx): number => ctx.config.ringTicksPerNode * ctx.nodes;
const coordinatorTimer = (ctx: Ctx): TimerEffect => ({ name: 'coordinator', after: coordinatorTicks(ctx) });
const leaderTimer = (ctx: Ctx): TimerEffect => ({ name: 'leader-timeout', after: ctx.config.leaderTimeout });
