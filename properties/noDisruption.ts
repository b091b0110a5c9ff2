import type { NodeId } from '../src/shared/protocol.js';
import type { InFlight, World } from '../src/shared/world.js';
import { type HeldTerms, heldTermsAt, outOfTouch, renameHeldTerms, termAsItLeft, trackHeldTerms } from './heldTerms.js';
import type { SafetyProperty } from './types.js';


interface Memo {
  /** Faults have stopped: nothing is judged before. */
  stable: boolean;
  /** Each node's term, and the one it held as it was cut off, went down or paused (heldTerms.ts): tracked until faults stop, then kept. */
  held: HeldTerms;
  /** Nodes down, cut off from a majority or paused when faults stopped (sorted), and the term each came back with, once it has. */
  rejoiners: readonly NodeId[];
  broughtBack: Readonly<Record<number, number>>;
  /**
   * The network as last seen (id order), and the first id not yet seen: deliveries are spotted as
   * ids that leave. The world's own array, not a copy: the messages in flight since faults stopped
   * are exactly the network's (each new one has an id from nextId on), and copying them as each
   * event came was most of this property's time after faults stop.
   */
  inFlight: readonly InFlight[];
  nextId: number;
  /** Who heard from whom since faults stopped: a message delivered from a to b is `a * 128 + b` (sorted). */
  contacts: readonly number[];
  /** The leader a live quorum follows (watched since faults stopped) and its term; null until one has. */
  leader: NodeId | null;
  term: number;
  /** The highest term anyone held when the leader got its quorum: higher ones are raised after. */
  termWhenLed: number;
  /** The first node seen in a term above termWhenLed, and that term. */
  raiser: NodeId | null;
  raisedTerm: number;
  violation: string | null;
}

const BEFORE_FAULTS_STOP: Memo = {
  stable: false, held: [], rejoiners: [], broughtBack: {}, inFlight: [], nextId: 0, contacts: [], leader: null, term: 0, termWhenLed: 0, raiser: null, raisedTerm: 0, violation: null,
};

/**
 * Raft's disruptive server (Ongaro's thesis §4.2.3 and §9.6; etcd's PreVote and CheckQuorum exist
 * for it): once faults stop and a leader has a live quorum, no node rejoining from a partition (or
 * a crash, or a pause) raises the term past it and so deposes it.
 *
 * - A live quorum: a majority of the whole cluster, the leader included, follows it in its term,
 *   and the leader has exchanged a message with each of them since faults stopped (heard from it,
 *   or, for protocols whose followers never answer, reached it). A leader quiet through the fault
 *   phase whose followers' timers run out as faults stop has none: their elections are Raft working.
 * - A disruption: the leader is deposed by a term that a node down, cut off from a majority or
 *   paused when faults stopped raised while it was out of touch (it lost touch in a term no
 *   higher than the leader's and came back with the deposing term or a higher one), or raised
 *   once back before the leader's messages reached it. Every other higher term is an election
 *   race, a term a node held before it lost touch (the Ring's and Raft's candidates start
 *   elections in touch, whose messages the partition then cuts), or a follower whose heartbeats
 *   were lost in the fault phase: the leader it deposes is watched no more, and the next one is.
 *   So the memo tracks, through the fault phase, the term each node held as it lost touch.
 *
 * Judged only after faults stop, so exhaustive search, which has no such phase, never finds it violated.
 */
export const noDisruption: SafetyProperty<Memo> = {
  name: 'no-disruption',
  kind: 'safety',
  description: 'once faults stop and a leader has a live quorum, no node rejoining from a partition, a crash or a pause raises the term past it and deposes it',
  initial: (world) => ({ ...BEFORE_FAULTS_STOP, held: heldTermsAt(world) }),
  stabilize: (memo, world) => (memo.stable ? memo : observe(atFaultsStop(memo, world), world)),
  observe,
  violation: (memo) => memo.violation,
  // The terms held as nodes lost touch are a history that steps of different nodes do not leave
  // alike: a partition cutting node 3 off, then node 3's timeout, is a term raised while cut off;
  // the other order is not. Explore, which never stops faults, checks `inSearch` instead.
  memoCommutes: false,
  renameNodes,
  inSearch: {
    name: 'no-disruption',
    kind: 'safety',
    description: 'once faults stop and a leader has a live quorum, no node rejoining from a partition, a crash or a pause raises the term past it and deposes it',
    // Judged only once faults stop, which a search never does: nothing to track, so the memo stays
    // as it starts, reads nothing of the world, commutes and splits no states.
    initial: () => BEFORE_FAULTS_STOP,
    observe: (memo) => memo,
    violation: (memo) => memo.violation,
    readsNodesOnly: true,
    memoCommutes: true,
    renameNodes: (memo) => memo,
  },
};

function atFaultsStop(memo: Memo, world: World): Memo {
  const held = trackHeldTerms(memo.held, world);
  return { ...BEFORE_FAULTS_STOP, stable: true, held, rejoiners: outOfTouch(held), inFlight: world.network, nextId: world.nextMessageId };
}

function observe(memo: Memo, world: World): Memo {
  if (!memo.stable) {
    const held = trackHeldTerms(memo.held, world);
    return held === memo.held ? memo : withHeld(memo, held);
  }
  if (memo.violation !== null) return memo;
  memo = noteContacts(noteComebacks(memo, world), world);
  if (memo.leader === null) {
    const leader = quorumLeader(world, memo.contacts);
    if (leader === null) return memo;
    memo = { ...memo, leader, term: world.nodes[leader - 1].view!.term, termWhenLed: highestTerm(world), raiser: null, raisedTerm: 0 };
  }
  const view = world.nodes[memo.leader! - 1].view;
  if (view === null || view.role !== 'leader' || view.term !== memo.term) return deposed(memo, view?.term ?? memo.term);
  return noteRaiser(memo, world);
}

/** A rejoiner's term as it comes back: at once for one cut off or paused, at its restart for one that was down. */
function noteComebacks(memo: Memo, world: World): Memo {
  let next = memo;
  for (const id of memo.rejoiners) {
    const view = world.nodes[id - 1].view;
    if (view !== null && next.broughtBack[id] === undefined) next = { ...next, broughtBack: { ...next.broughtBack, [id]: view.term } };
  }
  return next;
}

/**
 * Messages that left the network since the last world were delivered (nothing is lost once faults
 * stop): each joins its two nodes in `contacts`. New messages are those from `nextId` on.
 */
function noteContacts(memo: Memo, world: World): Memo {
  const { network } = world;
  const before = memo.inFlight;
  if (world.nextMessageId === memo.nextId && network.length === before.length) return memo;
  let contacts = memo.contacts;
  let at = 0;
  // Plain loops: this runs on every event after faults stop.
  for (let k = 0; k < before.length; k++) {
    const id = before[k].id;
    while (at < network.length && network[at].id < id) at++;
    if (at >= network.length || network[at].id !== id) contacts = withContact(contacts, before[k].from, before[k].to);
  }
  return withFlights(memo, network, world.nextMessageId, contacts);
}

/** The memo with other held terms, field by field in the memo's order: a term or a node's touch changes on many fault-phase events, and a spread of this memo was a fifth of the property's time. */
function withHeld(memo: Memo, held: HeldTerms): Memo {
  const { stable, rejoiners, broughtBack, inFlight, nextId, contacts, leader, term, termWhenLed, raiser, raisedTerm, violation } = memo;
  return { stable, held, rejoiners, broughtBack, inFlight, nextId, contacts, leader, term, termWhenLed, raiser, raisedTerm, violation };
}

/** The memo with another network seen and contacts, field by field in the memo's order (a spread costs more on every event). */
function withFlights(memo: Memo, inFlight: readonly InFlight[], nextId: number, contacts: readonly number[]): Memo {
  const { stable, held, rejoiners, broughtBack, leader, term, termWhenLed, raiser, raisedTerm, violation } = memo;
  return { stable, held, rejoiners, broughtBack, inFlight, nextId, contacts, leader, term, termWhenLed, raiser, raisedTerm, violation };
}

function pairOf(from: NodeId, to: NodeId): number {
  return from * 128 + to;
}

/** A message went between a and b since faults stopped, either way. */
function inContact(contacts: readonly number[], a: NodeId, b: NodeId): boolean {
  return contacts.includes(pairOf(a, b)) || contacts.includes(pairOf(b, a));
}

function withContact(contacts: readonly number[], from: NodeId, to: NodeId): readonly number[] {
  const pair = pairOf(from, to);
  if (from === to || contacts.includes(pair)) return contacts;
  return [...contacts, pair].sort((x, y) => x - y);
}

/** The first node to go past every term there was when the leader got its quorum. */
function noteRaiser(memo: Memo, world: World): Memo {
  if (memo.raiser !== null) return memo;
  for (let i = 0; i < world.nodes.length; i++) {
    const view = world.nodes[i].view;
    if (view !== null && view.term > memo.termWhenLed) return { ...memo, raiser: i + 1, raisedTerm: view.term };
  }
  return memo;
}

function deposed(memo: Memo, by: number): Memo {
  const { leader, term } = memo;
  const head = `leader ${leader} of term ${term}, followed by a live quorum after faults stopped, deposed by term ${by}`;
  if (by > term) {
    const back = memo.rejoiners.find((id) => id !== leader && raisedOutOfTouch(memo, id, by));
    if (back !== undefined) {
      const left = termAsItLeft(memo.held, back);
      return { ...memo, violation: `${head}: node ${back} lost touch (cut off, down or paused) in term ${left} and came back in term ${memo.broughtBack[back]}` };
    }
    if (raisedOnceBack(memo, by)) {
      const raiser = memo.raiser!;
      return { ...memo, violation: `${head}: node ${raiser}, back from being cut off, down or paused, raised term ${memo.raisedTerm} before the leader reached it` };
    }
  }
  // Stepping down in its own term, losing a race, or a follower whose heartbeats were lost: watch the next leader.
  return { ...memo, leader: null };
}

/**
 * The deposing term was raised after the leader got its quorum, by a rejoiner the leader had not
 * reached, above the term that rejoiner came back with: one that only came back with it (a
 * restart from storage) raised nothing once back; raisedOutOfTouch judges when it was raised.
 */
function raisedOnceBack(memo: Memo, by: number): boolean {
  const { raiser, leader } = memo;
  if (by <= memo.termWhenLed || raiser === null || raiser === leader || !memo.rejoiners.includes(raiser)) return false;
  return !memo.contacts.includes(pairOf(leader!, raiser)) && memo.raisedTerm > (memo.broughtBack[raiser] ?? 0);
}

/**
 * Rejoiner `id` came back with a term of at least `by`, the deposing one, and held no more than
 * the leader's term when it lost touch: the term that deposes was raised while it was out of
 * touch or as it came back (a Ring node's restart opens a new round). One that already held a
 * higher term is a race, or lost messages, of the fault phase.
 */
function raisedOutOfTouch(memo: Memo, id: NodeId, by: number): boolean {
  const brought = memo.broughtBack[id];
  return brought !== undefined && brought >= by && termAsItLeft(memo.held, id) <= memo.term;
}

function highestTerm(world: World): number {
  let term = 0;
  for (const slot of world.nodes) if (slot.view !== null && slot.view.term > term) term = slot.view.term;
  return term;
}

/**
 * A live leader with a live quorum, if any: a majority of the whole cluster follows it in its term,
 * each (itself aside) in contact with it since faults stopped.
 */
function quorumLeader(world: World, contacts: readonly number[]): NodeId | null {
  const { nodes } = world;
  for (let i = 0; i < nodes.length; i++) {
    const view = nodes[i].view;
    if (view === null || view.role !== 'leader' || nodes[i].pausedAt !== undefined) continue;
    let quorum = 1;
    for (let j = 0; j < nodes.length; j++) {
      const peer = nodes[j].view;
      if (j !== i && peer !== null && peer.term === view.term && peer.leader === i + 1 && inContact(contacts, i + 1, j + 1)) quorum++;
    }
    if (quorum * 2 > nodes.length) return i + 1;
  }
  return null;
}

/** Node ids move with their nodes; terms and message ids stay. */
function renameNodes(memo: Memo, rename: (id: NodeId) => NodeId): Memo {
  if (!memo.stable) return { ...memo, held: renameHeldTerms(memo.held, rename) };
  const sorted = (ids: readonly NodeId[]): NodeId[] => ids.map(rename).sort((a, b) => a - b);
  const broughtBack: Record<number, number> = {};
  for (const id of Object.keys(memo.broughtBack)) broughtBack[rename(Number(id))] = memo.broughtBack[Number(id)];
  return {
    ...memo,
    held: renameHeldTerms(memo.held, rename),
    rejoiners: sorted(memo.rejoiners),
    broughtBack,
    inFlight: memo.inFlight.map((m) => ({ ...m, from: rename(m.from), to: rename(m.to) })),
    contacts: memo.contacts.map((pair) => pairOf(rename(Math.floor(pair / 128)), rename(pair % 128))).sort((a, b) => a - b),
    leader: memo.leader === null ? null : rename(memo.leader),
    raiser: memo.raiser === null ? null : rename(memo.raiser),
  };
}
