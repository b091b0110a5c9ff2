import type { Input, NodeContext, NodeId, Protocol, Send, Step, TimerEffect } from '../../src/shared/protocol.js';

/**
 * The SPIN anchor's Promela model (../shared/anchors/spin/raft_election.pml), transcribed rule for
 * rule as a leadercheck Protocol, so `explore` and SPIN search the same state space and can be
 * held to the same distinct-state counts. It differs from models/raft on purpose, where the
 * Promela model is plainer: no leader hint, a new leader sends nothing until its heartbeat, a
 * leader's votes are cleared, a leader answers a same-term AppendEntries with success. What the
 * Promela network does (a bag with lost sends, deliver-and-keep, atomic restart, the term guard on
 * Timeout) is explore's side: `--bag`, `--deliver-keep`, `--atomic-restart`, `--prune-term`.
 */
export type SpinRole = 'follower' | 'candidate' | 'leader';

export interface SpinState {
  role: SpinRole;
  currentTerm: number;
  votedFor: NodeId | null;
  /** votesGranted as a sorted list of voters; cleared on step-down and on becoming leader. */
  votes: readonly NodeId[];
}

export type SpinMessage =
  | { type: 'RequestVote'; term: number }
  | { type: 'RequestVoteResponse'; term: number; granted: boolean }
  | { type: 'AppendEntries'; term: number }
  | { type: 'AppendEntriesResponse'; term: number; success: boolean };

export interface SpinStored {
  currentTerm?: number;
  votedFor?: NodeId | null;
}

/** The mutants of the anchor: `raft_mut_votedfor_volatile.pml` and `raft_mut_term_volatile.pml`. */
export type SpinMutant = 'none' | 'votedfor-volatile' | 'term-volatile';

type Ctx = NodeContext;
type SpinStep = Step<SpinState, SpinMessage>;

const ELECTION: TimerEffect = { name: 'election', after: 1 };
const HEARTBEAT: TimerEffect = { name: 'heartbeat', after: 1 };

export function createSpinRaft(mutant: SpinMutant): Protocol<SpinState, SpinMessage, SpinStored> {
  const name = mutant === 'none' ? 'spin-raft' : `spin-raft/${mutant}`;
  return {
    name,
    summary: `the SPIN anchor's Raft election model${mutant === 'none' ? '' : ` (mutant: ${mutant})`}`,
    defaultConfig: {},
    promises: ['election-safety', 'term-monotonic'],
    symmetric: true,
    renameNodes: {
      state: (s, rename) => ({ ...s, votedFor: s.votedFor === null ? null : rename(s.votedFor), votes: s.votes.map(rename).sort((a, b) => a - b) }),
      stored: (s, rename) => (s.votedFor === undefined || s.votedFor === null ? s : { ...s, votedFor: rename(s.votedFor) }),
      message: (m) => m,
    },
    messageTypes: ['RequestVote', 'RequestVoteResponse', 'AppendEntries', 'AppendEntriesResponse'],
    timerNames: ['election', 'heartbeat'],
    init: () => ({ state: { role: 'follower', currentTerm: 0, votedFor: null, votes: [] }, timers: [ELECTION] }),
    step: (s, input, ctx) => (input.kind === 'timer' ? onTimer(s, input.name, ctx) : onMessage(s, input, ctx)),
    // Figure 2 keeps currentTerm and votedFor; each mutant forgets one of them.
    stored: (s) =>
      mutant === 'votedfor-volatile' ? { currentTerm: s.currentTerm } : mutant === 'term-volatile' ? { votedFor: s.votedFor } : { currentTerm: s.currentTerm, votedFor: s.votedFor },
    recover: (stored) => ({
      state: { role: 'follower', currentTerm: stored?.currentTerm ?? 0, votedFor: stored?.votedFor ?? null, votes: [] },
      timers: [ELECTION],
    }),
    view: (s) => ({ role: s.role, term: s.currentTerm, leader: null }),
    describeMessage: (m) => `${m.type} t${m.term}${'granted' in m ? (m.granted ? ' granted' : ' refused') : 'success' in m ? (m.success ? ' ok' : ' rejected') : ''}`,
  };
}

const toPeers = (ctx: Ctx, msg: SpinMessage): Send<SpinMessage>[] => {
  const send: Send<SpinMessage>[] = [];
  // Ascending destinations: when a broadcast overflows the bag, the lower ids win, as in the Promela.
  for (let peer = 1; peer <= ctx.nodes; peer++) if (peer !== ctx.id) send.push({ to: peer, msg });
  return send;
};

/** Timeout (any non-leader; explore's --prune-term is the Promela's `currentTerm < MAX_TERM`) and Heartbeat. */
function onTimer(s: SpinState, name: string, ctx: Ctx): SpinStep {
  if (name === 'heartbeat') return { state: s, send: toPeers(ctx, { type: 'AppendEntries', term: s.currentTerm }), timers: [HEARTBEAT] };
  const state: SpinState = { role: 'candidate', currentTerm: s.currentTerm + 1, votedFor: ctx.id, votes: [ctx.id] };
  return { state, send: toPeers(ctx, { type: 'RequestVote', term: state.currentTerm }), timers: [ELECTION] };
}

function onMessage(s: SpinState, input: Extract<Input<SpinMessage>, { kind: 'message' }>, ctx: Ctx): SpinStep {
  const { from, msg } = input;
  let state = s;
  let timers: TimerEffect[] | undefined;
  // UpdateTerm, fused with the handling as in the Promela's d_step.
  if (msg.term > s.currentTerm) {
    if (s.role === 'leader') timers = [{ name: 'heartbeat', cancel: true }, ELECTION];
    state = { role: 'follower', currentTerm: msg.term, votedFor: null, votes: [] };
  }
  const withTimers = (step: SpinStep): SpinStep => (timers === undefined ? step : { ...step, timers: [...timers, ...(step.timers ?? [])] });
  switch (msg.type) {
    case 'RequestVote': {
      const granted = msg.term === state.currentTerm && (state.votedFor === null || state.votedFor === from);
      if (granted) state = { ...state, votedFor: from };
      return withTimers({ state, send: [{ to: from, msg: { type: 'RequestVoteResponse', term: state.currentTerm, granted } }] });
    }
    case 'RequestVoteResponse': {
      if (!msg.granted || msg.term !== state.currentTerm || state.role !== 'candidate') return withTimers({ state });
      const votes = state.votes.includes(from) ? state.votes : [...state.votes, from].sort((a, b) => a - b);
      if (2 * votes.length > ctx.nodes) {
        return withTimers({ state: { ...state, role: 'leader', votes: [] }, timers: [{ name: 'election', cancel: true }, HEARTBEAT] });
      }
      return withTimers({ state: votes === state.votes ? state : { ...state, votes } });
    }
    case 'AppendEntries': {
      const success = msg.term === state.currentTerm;
      if (success && state.role === 'candidate') state = { ...state, role: 'follower', votes: [] };
      return withTimers({ state, send: [{ to: from, msg: { type: 'AppendEntriesResponse', term: state.currentTerm, success } }] });
    }
    case 'AppendEntriesResponse':
      return withTimers({ state });
  }
}

export default createSpinRaft('none');
