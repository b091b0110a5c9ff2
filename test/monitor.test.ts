import test from 'ava';
import { raft } from '../models/raft/index.js';
import type { Protocol } from '../src/shared/protocol.js';
import { deliver, play, timer } from './helpers/traces.js';

const elect1 = [timer(1), deliver(1, 2), deliver(2, 1, 'RequestVoteReply'), deliver(1, 2, 'AppendEntries'), deliver(1, 3, 'AppendEntries')];

test('liveness holds once one live leader is named by every live node', (t) => {
  const r = play(raft, elect1, 3, { stabilization: { step: 0, boundTicks: 50 }, properties: ['liveness'] });
  t.is(r.violation, null);
});

test('liveness fails when the bound passes without a leader, saying what is pending', (t) => {
  const r = play(raft, [timer(1), { kind: 'timer', node: 1, timer: 'election', at: 60 }], 3, {
    stabilization: { step: 0, boundTicks: 50 },
    properties: ['liveness'],
  });
  t.deepEqual(r.violation, { property: 'liveness', step: 2, detail: 'no leader: nodes 1 candidates in term 2 50 ticks after faults stopped' });
});

test('liveness is judged only from the stabilization step on', (t) => {
  const events = [{ kind: 'timer' as const, node: 1, timer: 'election', at: 60 }, ...elect1.slice(1)];
  const from = (step: number) => play(raft, events, 3, { stabilization: { step, boundTicks: 50 }, properties: ['liveness'] }).violation;
  t.is(from(1), null, 'faults stopped at t=60: the leader came in time');
  t.is(from(0)?.step, 1, 'faults stopped at t=0: by t=60 the bound had passed');
});

test('a stabilized run that goes quiet without a leader fails at once', (t) => {
  const silent: Protocol<null> = {
    name: 'silent',
    summary: 'never does anything',
    defaultConfig: {},
    promises: ['liveness'],
    init: () => ({ state: null }),
    step: (s) => ({ state: s }),
    stored: () => null,
    recover: () => ({ state: null }),
    view: () => ({ role: 'follower', term: 0, leader: null }),
  };
  const r = play(silent, [], 2, { stabilization: { step: 0, boundTicks: 50 } });
  t.deepEqual(r.violation, { property: 'liveness', step: 0, detail: 'no leader; nothing left to happen' });
});

test('two leaders that each think they lead are reported as such', (t) => {
  const r = play(
    raft,
    [...elect1, { kind: 'partition', groups: [[1], [2, 3]] }, timer(3), deliver(3, 2, 'RequestVote'), deliver(2, 3, 'RequestVoteReply'), { kind: 'timer', node: 3, timer: 'heartbeat', at: 100 }],
    3,
    { stabilization: { step: 9, boundTicks: 50 }, properties: ['liveness'] },
  );
  t.regex(r.violation?.detail ?? '', /^nodes 1,3 all believe they are leader/);
});

test('a leader not yet named by everyone is pending recognition', (t) => {
  const r = play(raft, [...elect1.slice(0, 3), { kind: 'timer', node: 1, timer: 'heartbeat', at: 100 }], 3, {
    stabilization: { step: 0, boundTicks: 50 },
    properties: ['liveness'],
  });
  t.regex(r.violation?.detail ?? '', /^leader 1 not recognised: node 2 names nobody, node 3 names nobody/);
});
