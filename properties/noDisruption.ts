import type { NodeId } from '../src/shared/protocol.js';
import type { World } from '../src/shared/world.js';
import type { SafetyProperty } from './types.js';

interface Memo {
  /** Faults have stopped: nothing is judged before. */
  stable: boolean;
  /** Nodes cut off from a majority or down when faults stopped (sorted), and the term each came back with, once it has. */
  rejoiners: readonly NodeId[];
  broughtBack: Readonly<Record<number, number>>;
  /** The leader a live quorum follows (watched since faults stopped) and its term; null until one has. */
  leader: NodeId | null;
  term: number;
  /** The highest term anyone held when the leader got its quorum: higher ones are raised after. */
  termWhenLed: number;
  /** Every node seen following the leader in its term since it got its quorum (sorted). */
  followers: readonly NodeId[];
  /** The first node seen in a term above termWhenLed, and that term. */
  raiser: NodeId | null;
  raisedTerm: number;
  violation: string | null;
}

const BEFORE_FAULTS_STOP: Memo = {
  stable: false, rejoiners: [], broughtBack: {}, leader: null, term: 0, termWhenLed: 0, followers: [], raiser: null, raisedTerm: 0, violation: null,
};

/**
 * Raft's disruptive server (Ongaro's thesis §4.2.3 and §9.6; etcd's PreVote and CheckQuorum exist
 * for it): once faults stop and a leader has a live quorum (a majority of the whole cluster up and
 * following it in its term), no node raises the term past it and so deposes it. A node rejoining
 * from a partition (or a restart) deposes it needlessly with a term it raised while cut off, or
 * one it raises once back; so does a node that had followed it. Any other higher term is an
 * election race that began before the leader led (a concurrent candidate, a node that has not yet
 * heard its first heartbeat): the leader it deposes is watched no more, and the next one is. Judged only after faults stop, so exhaustive search,
 * which has no such phase, never finds it violated.
 */
export const noDisruption: SafetyProperty<Memo> = {
  name: 'no-disruption',
  kind: 'safety',
  description: 'once faults stop and a leader has a live quorum, no node rejoining (or that followed it) raises the term past it and deposes it',
  initial: () => BEFORE_FAULTS_STOP,
  stabilize: (memo, world) => (memo.stable ? memo : observe({ ...memo, stable: true, rejoiners: rejoinersOf(world) }, world)),
  observe,
  violation: (memo) => memo.violation,
  // Exhaustive search never stabilizes, so there the memo stays BEFORE_FAULTS_STOP; once stable it
  // reads a quorum, but only random runs get there.
  memoCommutes: true,
  renameNodes,
};

function observe(memo: Memo, world: World): Memo {
  if (!memo.stable || memo.violation !== null) return memo;
  memo = noteComebacks(memo, world);
  if (memo.leader === null) {
    const leader = quorumLeader(world);
    if (leader === null) return memo;
    memo = { ...memo, leader, term: world.nodes[leader - 1].view!.term, termWhenLed: highestTerm(world), followers: [], raiser: null, raisedTerm: 0 };
  }
  const view = world.nodes[memo.leader! - 1].view;
  if (view === null || view.role !== 'leader' || view.term !== memo.term) return deposed(memo, view?.term ?? memo.term);
  return notePeers(memo, world);
}

/** A rejoiner's term as it comes back: at once for one cut off, at its restart for one that was down. */
function noteComebacks(memo: Memo, world: World): Memo {
  let next = memo;
  for (const id of memo.rejoiners) {
    const view = world.nodes[id - 1].view;
    if (view !== null && next.broughtBack[id] === undefined) next = { ...next, broughtBack: { ...next.broughtBack, [id]: view.term } };
  }
  return next;
}

/** Who follows the leader now, and the first node to go past every term there was when it led. */
function notePeers(memo: Memo, world: World): Memo {
  let next = memo;
  world.nodes.forEach((slot, i) => {
    const view = slot.view;
    if (view === null) return;
    const id = i + 1;
    if (view.term === memo.term && view.leader === memo.leader && !next.followers.includes(id)) {
      next = { ...next, followers: [...next.followers, id].sort((a, b) => a - b) };
    }
    if (next.raiser === null && view.term > memo.termWhenLed) next = { ...next, raiser: id, raisedTerm: view.term };
  });
  return next;
}

function deposed(memo: Memo, by: number): Memo {
  const { leader, term } = memo;
  const head = `leader ${leader} of term ${term}, followed by a live quorum after faults stopped, deposed by term ${by}`;
  if (by > term) {
    const back = memo.rejoiners.find((id) => id !== leader && (memo.broughtBack[id] ?? 0) >= by);
    if (back !== undefined) return { ...memo, violation: `${head}: node ${back} rejoined with term ${memo.broughtBack[back]}, raised while it was cut off` };
    const raiser = memo.raiser;
    if (by > memo.termWhenLed && raiser !== null && raiser !== leader) {
      if (memo.rejoiners.includes(raiser)) return { ...memo, violation: `${head}: node ${raiser}, back from being cut off, raised term ${memo.raisedTerm}` };
      if (memo.followers.includes(raiser)) return { ...memo, violation: `${head}: node ${raiser}, which had followed it, raised term ${memo.raisedTerm}` };
    }
  }
  // Stepping down in its own term, or losing a race that began before it led: watch the next leader.
  return { ...memo, leader: null };
}

/** Nodes down, or cut off from a majority of the cluster, when faults stop. */
function rejoinersOf(world: World): NodeId[] {
  const n = world.nodes.length;
  const ids: NodeId[] = [];
  for (let id = 1; id <= n; id++) {
    const group = world.partition?.find((g) => g.includes(id));
    const cutOff = world.partition !== null && (group === undefined || group.length * 2 <= n);
    if (!world.nodes[id - 1].up || cutOff) ids.push(id);
  }
  return ids;
}

function highestTerm(world: World): number {
  let term = 0;
  for (const slot of world.nodes) if (slot.view !== null && slot.view.term > term) term = slot.view.term;
  return term;
}

/** A live leader that a majority of the whole cluster (itself included) follows in its term, if any. */
function quorumLeader(world: World): NodeId | null {
  const { nodes } = world;
  for (let i = 0; i < nodes.length; i++) {
    const view = nodes[i].view;
    if (view === null || view.role !== 'leader') continue;
    let followers = 0;
    for (const slot of nodes) if (slot.view !== null && slot.view.term === view.term && slot.view.leader === i + 1) followers++;
    if (followers * 2 > nodes.length) return i + 1;
  }
  return null;
}

/** Node ids move with their nodes; terms stay. */
function renameNodes(memo: Memo, rename: (id: NodeId) => NodeId): Memo {
  if (!memo.stable) return memo;
  const sorted = (ids: readonly NodeId[]): NodeId[] => ids.map(rename).sort((a, b) => a - b);
  const broughtBack: Record<number, number> = {};
  for (const id of Object.keys(memo.broughtBack)) broughtBack[rename(Number(id))] = memo.broughtBack[Number(id)];
  return {
    ...memo,
    rejoiners: sorted(memo.rejoiners),
    broughtBack,
    leader: memo.leader === null ? null : rename(memo.leader),
    followers: sorted(memo.followers),
    raiser: memo.raiser === null ? null : rename(memo.raiser),
  };
}
