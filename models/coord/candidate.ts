import type { Input, NodeContext, NodeId, Send, Step, TimerEffect } from '../../src/shared/protocol.js';
import { STORE, resourceOf } from './types.js';
import type { CandidateState, CandidateStored, CoordConfig, CoordMessage, CoordVariant } from './types.js';

type CandidateStep = Step<CandidateState, CoordMessage>;
type Ctx = NodeContext<CoordConfig>;
type LeaseTimer = CandidateState['leaseTimer'];

const other = (t: LeaseTimer): LeaseTimer => (t === 'lease-a' ? 'lease-b' : 'lease-a');

export function initCandidate(ctx: Ctx, term = 0): CandidateStep {
  const state: CandidateState = {
    kind: 'candidate',
    role: 'follower',
    term,
    leader: null,
    token: null,
    znode: null,
    leased: false,
    charged: 0,
    seq: 1,
    leaseTimer: 'lease-a',
    pending: null,
  };
  return { state, timers: [{ name: 'retry', after: ctx.config.retry }] };
}

export const storedCandidate = (s: CandidateState): CandidateStored => ({ term: s.term });

export function recoverCandidate(stored: CandidateStored | undefined, ctx: Ctx): CandidateStep {
  return initCandidate(ctx, stored?.term ?? 0);
}

/** One step of a candidate of either recipe; `variant.recipe` picks how it campaigns. */
export function stepCandidate(variant: CoordVariant) {
  return (s: CandidateState, input: Input<CoordMessage>, ctx: Ctx): CandidateStep => {
    if (input.kind === 'timer') return onTimer(variant, s, input.name, ctx);
    if (input.from !== STORE && input.from !== resourceOf(ctx.nodes)) return { state: s };
    return onMessage(variant, s, input.msg, ctx);
  };
}

function onTimer(variant: CoordVariant, s: CandidateState, timer: string, ctx: Ctx): CandidateStep {
  switch (timer) {
    case 'retry': {
      const again: TimerEffect = { name: 'retry', after: ctx.config.retry };
      if (s.role === 'leader' || s.leased) return { state: s, timers: [again] };
      const msg: CoordMessage = variant.recipe === 'lease' ? { type: 'Campaign', seq: s.seq } : { type: 'Join', seq: s.seq };
      const sent = request(s, msg, ctx);
      return { ...sent, state: { ...sent.state, role: 'candidate' }, timers: [...sent.timers!, again] };
    }
    case 'renew': {
      if (!s.leased) return { state: s };
      const sent = request(s, { type: 'KeepAlive', seq: s.seq }, ctx);
      return { ...sent, timers: [...sent.timers!, { name: 'renew', after: ctx.config.renewEvery }] };
    }
    case 'bill':
      if (s.role !== 'leader') return { state: s };
      return { state: s, send: [read(s, ctx)], timers: [{ name: 'bill', after: ctx.config.billEvery }] };
    default: {
      // lease-a / lease-b: only the timer that counts ends the lease; the other is a request's.
      // A request unanswered for a whole TTL can grant nothing any more: its reply will be ignored.
      if (timer === s.pending?.timer) return { state: { ...s, pending: null } };
      if (!s.leased || timer !== s.leaseTimer) return { state: s };
      if (variant.ignoresSessionTimer) return { state: s, marks: ['local session timer ignored'] };
      return { ...lose(s, ctx), marks: [s.role === 'leader' ? 'local lease timer expired: leader steps down' : 'local session timer expired'] };
    }
  }
}

function onMessage(variant: CoordVariant, s: CandidateState, msg: CoordMessage, ctx: Ctx): CandidateStep {
  const answers = 'seq' in msg && s.pending?.seq === msg.seq;
  switch (msg.type) {
    case 'Elected': {
      if (!answers) return { state: s };
      const held = confirm(variant, s, ctx);
      const state: CandidateState = { ...held.state, term: Math.max(s.term, msg.token) };
      return { ...lead(state, msg.token, ctx, held.timers), marks: ['wins the leader key'] };
    }
    case 'Taken': {
      if (!answers) return { state: s };
      const state: CandidateState = { ...s, role: 'follower', leader: msg.holder, term: Math.max(s.term, msg.revision), pending: null };
      return { state, timers: [{ name: s.pending!.timer, cancel: true }] };
    }
    case 'Joined': {
      if (!answers) return { state: s };
      const held = confirm(variant, s, ctx);
      const state: CandidateState = { ...held.state, znode: msg.znode, leader: msg.leader, term: Math.max(s.term, msg.znode) };
      const timers: TimerEffect[] = [...held.timers, { name: 'retry', cancel: true }, { name: 'renew', after: ctx.config.renewEvery }];
      if (msg.predecessor === null) return { ...lead(state, msg.znode, ctx, timers), marks: ['lowest znode: leads'] };
      return { state: { ...state, role: 'follower' }, timers };
    }
    case 'KeptAlive': {
      if (!answers || !s.leased) return { state: s };
      const held = confirm(variant, s, ctx);
      if (variant.recipe === 'zookeeper' && msg.predecessor === null && s.role !== 'leader' && s.znode !== null) {
        return { ...lead(held.state, s.znode, ctx, held.timers), marks: ['predecessor gone: leads'] };
      }
      const leader = s.role === 'leader' ? s.leader : msg.leader;
      return { state: { ...held.state, leader }, timers: held.timers };
    }
    case 'LeaseGone': {
      if (!answers || !s.leased) return { state: s };
      if (variant.trustsOwnTimer) return { state: { ...s, pending: null }, marks: ['store says the lease is gone: ignored'] };
      const mark = variant.recipe === 'lease' ? 'store says the lease is gone: steps down' : 'session expired: steps down';
      return { ...lose(s, ctx), marks: [mark] };
    }
    case 'WatchFired': {
      if (s.znode !== msg.znode || s.role === 'leader') return { state: s };
      if (msg.predecessor !== null) return { state: { ...s, leader: msg.leader } };
      return { ...lead(s, s.znode, ctx, []), marks: ['predecessor gone: leads'] };
    }
    case 'Due':
      if (s.role !== 'leader' || s.token !== msg.token || msg.period <= s.charged) return { state: s };
      return { state: { ...s, charged: msg.period }, send: [{ to: resourceOf(ctx.nodes), msg: { type: 'Charge', token: msg.token, period: msg.period } }] };
    case 'Refused':
      if (s.role !== 'leader' || s.token !== msg.token) return { state: s };
      return { ...lose(s, ctx), marks: ['fenced out by a newer token: steps down'] };
    default:
      return { state: s };
  }
}

/**
 * Sends a request to the store and starts its local lease timer now, before the store sees it.
 * While one is unanswered, a campaign or keep-alive is sent again under the same number (the
 * store handles both twice alike), and its timer keeps counting from the first send: whichever
 * copy the store takes, it extends the lease later than that. A Join is not sent twice (the
 * store would open a second session); once its timer runs out the next retry sends a new one.
 */
function request(s: CandidateState, msg: CoordMessage, ctx: Ctx): CandidateStep & { timers: TimerEffect[] } {
  if (s.pending !== null) {
    if (msg.type === 'Join') return { state: s, timers: [] };
    return { state: s, send: [{ to: STORE, msg: { ...msg, seq: s.pending.seq } as CoordMessage }], timers: [] };
  }
  const timer = other(s.leaseTimer);
  return {
    state: { ...s, seq: s.seq + 1, pending: { seq: s.seq, timer } },
    send: [{ to: STORE, msg }],
    timers: [{ name: timer, after: ctx.config.ttl }],
  };
}

/**
 * The store granted or renewed the lease: the request's timer becomes the one that counts. The
 * variant that trusts its own timer starts a fresh one now, as the reply arrives: its lease then
 * ends a message delay after the store's.
 */
function confirm(variant: CoordVariant, s: CandidateState, ctx: Ctx): { state: CandidateState; timers: TimerEffect[] } {
  const pending = s.pending!;
  const state: CandidateState = { ...s, leased: true, pending: null };
  if (variant.trustsOwnTimer) {
    return { state, timers: [{ name: pending.timer, cancel: true }, { name: s.leaseTimer, after: ctx.config.ttl }] };
  }
  const timers: TimerEffect[] = s.leased ? [{ name: s.leaseTimer, cancel: true }] : [];
  return { state: { ...state, leaseTimer: pending.timer }, timers };
}

function lead(s: CandidateState, token: number, ctx: Ctx, timers: readonly TimerEffect[]): CandidateStep {
  const state: CandidateState = { ...s, role: 'leader', token, leader: ownId(ctx) };
  // The first read goes at once: a new leader charges what is due without waiting a billing interval.
  const more: TimerEffect[] = [{ name: 'bill', after: ctx.config.billEvery }];
  if (!timers.some((t) => t.name === 'renew')) more.push({ name: 'renew', after: ctx.config.renewEvery }, { name: 'retry', cancel: true });
  return { state, send: [read(state, ctx)], timers: [...timers, ...more] };
}

/** Gives up the lease or session: no longer leader, and campaigns (or rejoins) after a retry delay. */
function lose(s: CandidateState, ctx: Ctx): CandidateStep {
  const state: CandidateState = { ...s, role: 'follower', leader: null, token: null, znode: null, leased: false, pending: null };
  const timers: TimerEffect[] = ['renew', 'bill', 'lease-a', 'lease-b'].map((name) => ({ name, cancel: true as const }));
  return { state, timers: [...timers, { name: 'retry', after: ctx.config.retry }] };
}

const read = (s: CandidateState, ctx: Ctx): Send<CoordMessage> => ({ to: resourceOf(ctx.nodes), msg: { type: 'Read', token: s.token! } });
const ownId = (ctx: Ctx): NodeId => ctx.id;
