import type { Input, NodeContext, NodeId, Send, Step, TimerEffect } from '../../src/shared/protocol.js';
import type { CoordConfig, CoordMessage, StoreState } from './types.js';

type StoreStep = Step<StoreState, CoordMessage>;

/**
 * The coordination store as one more node, so that messages to and from it are delayed, dropped
 * and partitioned like any other. It is a model of the service (a single linearizable replica:
 * every request is one atomic step), not a client of a real one. Its whole state is its stable
 * storage (etcd's WAL, ZooKeeper's log and snapshots): a crash loses nothing but its timers, and
 * a restart re-arms every lease for a full TTL, as etcd's lessor does when it is promoted.
 */
export const expiryTimer = (owner: NodeId): string => `expire-${owner}`;

export function initStore(): StoreStep {
  return { state: { kind: 'store', revision: 0, leases: [], key: null, znodes: [] } };
}

export function recoverStore(stored: StoreState | undefined, ctx: NodeContext<CoordConfig>): StoreStep {
  if (stored === undefined) return initStore();
  return { state: stored, timers: stored.leases.map((owner) => ({ name: expiryTimer(owner), after: ctx.config.ttl })) };
}

export function stepStore(s: StoreState, input: Input<CoordMessage>, ctx: NodeContext<CoordConfig>): StoreStep {
  if (input.kind === 'timer') {
    const owner = Number(input.name.slice('expire-'.length));
    if (!s.leases.includes(owner)) return { state: s };
    return { ...revoke(s, owner), marks: ['store expires a lease'] };
  }
  const from = input.from;
  const msg = input.msg;
  switch (msg.type) {
    case 'Campaign': {
      // Compare-and-set on absent. The holder campaigning again (a late retry, or its own timer
      // ran out first) gets its key back, with the lease refreshed from now: the same leadership.
      if (s.key?.holder === from) {
        const again: CoordMessage = { type: 'Elected', seq: msg.seq, token: s.key.createRevision };
        return { state: s, send: [reply(from, again)], timers: [{ name: expiryTimer(from), after: ctx.config.ttl }] };
      }
      if (s.key !== null) return { state: s, send: [reply(from, { type: 'Taken', seq: msg.seq, holder: s.key.holder, revision: s.revision })] };
      const granted = grant(s, from, ctx);
      const revision = granted.state.revision + 1;
      const state: StoreState = { ...granted.state, revision, key: { holder: from, createRevision: revision } };
      return { state, send: [reply(from, { type: 'Elected', seq: msg.seq, token: revision })], timers: granted.timers };
    }
    case 'Join': {
      // A new session with one ephemeral sequential znode; an older session of the same client is
      // closed. The same Join twice (a duplicated message, or a restarted client numbering from 1
      // again) gets the same answer, and like a keep-alive it refreshes the session: the client
      // times the session from its send, so the store must not expire it sooner.
      const same = s.znodes.find((z) => z.owner === from && z.join === msg.seq);
      if (same !== undefined) {
        const again: CoordMessage = { type: 'Joined', seq: msg.seq, znode: same.seq, predecessor: predecessorOf(s, same.seq), leader: leaderOf(s) };
        return { state: s, send: [reply(from, again)], timers: [{ name: expiryTimer(from), after: ctx.config.ttl }] };
      }
      const base = s.leases.includes(from) ? revoke(s, from) : { state: s, send: [] as Send<CoordMessage>[] };
      const granted = grant(base.state, from, ctx);
      const seq = granted.state.revision + 1;
      const state: StoreState = { ...granted.state, revision: seq, znodes: [...granted.state.znodes, { seq, owner: from, join: msg.seq }] };
      const joined: CoordMessage = { type: 'Joined', seq: msg.seq, znode: seq, predecessor: predecessorOf(state, seq), leader: leaderOf(state) };
      return { state, send: [...base.send, reply(from, joined)], timers: granted.timers };
    }
    case 'KeepAlive': {
      if (!s.leases.includes(from)) return { state: s, send: [reply(from, { type: 'LeaseGone', seq: msg.seq })] };
      const mine = s.znodes.find((z) => z.owner === from);
      const alive: CoordMessage = {
        type: 'KeptAlive',
        seq: msg.seq,
        leader: leaderOf(s),
        predecessor: mine === undefined ? null : predecessorOf(s, mine.seq),
        revision: s.revision,
      };
      return { state: s, send: [reply(from, alive)], timers: [{ name: expiryTimer(from), after: ctx.config.ttl }] };
    }
    default:
      return { state: s };
  }
}

/** Who the store says leads: the leader key's holder, or the owner of the lowest znode. */
export function leaderOf(s: StoreState): NodeId | null {
  return s.key?.holder ?? s.znodes[0]?.owner ?? null;
}

function predecessorOf(s: StoreState, seq: number): number | null {
  let before: number | null = null;
  for (const z of s.znodes) if (z.seq < seq) before = z.seq;
  return before;
}

function grant(s: StoreState, owner: NodeId, ctx: NodeContext<CoordConfig>): { state: StoreState; send: Send<CoordMessage>[]; timers: TimerEffect[] } {
  const leases = [...s.leases, owner].sort((a, b) => a - b);
  return { state: { ...s, leases }, send: [], timers: [{ name: expiryTimer(owner), after: ctx.config.ttl }] };
}

/**
 * Ends `owner`'s lease: its keys go with it (each delete a revision), and the successor of a
 * deleted znode gets the watch it set on its predecessor.
 */
function revoke(s: StoreState, owner: NodeId): { state: StoreState; send: Send<CoordMessage>[] } {
  let revision = s.revision;
  let key = s.key;
  if (key?.holder === owner) {
    key = null;
    revision++;
  }
  const gone = s.znodes.filter((z) => z.owner === owner);
  const znodes = s.znodes.filter((z) => z.owner !== owner);
  revision += gone.length;
  const state: StoreState = { ...s, revision, key, znodes, leases: s.leases.filter((o) => o !== owner) };
  const send: Send<CoordMessage>[] = [];
  for (const z of gone) {
    const successor = s.znodes.find((y) => y.seq > z.seq && y.owner !== owner);
    if (successor === undefined) continue;
    const fired: CoordMessage = { type: 'WatchFired', znode: successor.seq, predecessor: predecessorOf(state, successor.seq), leader: leaderOf(state) };
    send.push({ to: successor.owner, msg: fired });
  }
  return { state, send };
}

const reply = (to: NodeId, msg: CoordMessage): Send<CoordMessage> => ({ to, msg });
