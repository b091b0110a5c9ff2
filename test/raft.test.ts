import test from 'ava';
import { raft, raftDoubleVote, raftMajorityOffByOne, raftVolatileVote } from '../models/raft/index.js';
import type { TraceEvent } from '../src/trace/format.js';
import { crash, deliver, finalViews, play, restart, timer } from './helpers/traces.js';

const lastNetwork = (r: ReturnType<typeof play>) => r.steps[r.steps.length - 1].world.network;

test('Raft §5.2: an election timeout makes a follower a candidate of the next term that asks everyone', (t) => {
  const r = play(raft, [timer(1)]);
  t.deepEqual(finalViews(r)[0], { role: 'candidate', term: 1, leader: null });
  t.deepEqual(
    lastNetwork(r).map((m) => [m.to, m.msg]),
    [
      [2, { type: 'RequestVote', term: 1, candidate: 1 }],
      [3, { type: 'RequestVote', term: 1, candidate: 1 }],
    ],
  );
});

test('Raft §5.2: a candidate with votes from a strict majority becomes leader and sends heartbeats', (t) => {
  const r = play(raft, [timer(1), deliver(1, 2), deliver(2, 1, 'RequestVoteReply')]);
  t.deepEqual(finalViews(r)[0], { role: 'leader', term: 1, leader: 1 });
  t.deepEqual(
    lastNetwork(r)
      .filter((m) => m.msg.type === 'AppendEntries')
      .map((m) => m.to),
    [2, 3],
  );
  t.is(r.violation, null);
});

test('Raft §5.2: half the votes of four nodes is not a majority', (t) => {
  const r = play(raft, [timer(1), deliver(1, 2), deliver(2, 1, 'RequestVoteReply')], 4);
  t.is(finalViews(r)[0]!.role, 'candidate');
});

test('Raft §5.2: a follower grants at most one vote per term', (t) => {
  const r = play(raft, [timer(1), timer(3), deliver(1, 2), deliver(3, 2)]);
  const replies = lastNetwork(r).filter((m) => m.msg.type === 'RequestVoteReply');
  t.deepEqual(
    replies.map((m) => [m.to, m.msg]),
    [
      [1, { type: 'RequestVoteReply', term: 1, granted: true }],
      [3, { type: 'RequestVoteReply', term: 1, granted: false }],
    ],
  );
});

test('Raft Figure 2: a higher term makes a leader step down to follower of that term', (t) => {
  const elect1 = [timer(1), deliver(1, 2), deliver(2, 1, 'RequestVoteReply')];
  // Node 3 never heard of term 1 leader; it times out twice to reach term 2 and asks node 1.
  const r = play(raft, [...elect1, timer(3), timer(3), { kind: 'deliver', from: 3, to: 1, type: 'RequestVote' }]);
  // The oldest RequestVote from 3 to 1 is term 1 (stale for node 1's term 1? equal), so deliver the term-2 one too.
  const r2 = play(raft, [...elect1, timer(3), timer(3), { kind: 'drop', from: 3, to: 1 }, deliver(3, 1, 'RequestVote')]);
  t.is(finalViews(r)[0]!.role, 'leader', 'a RequestVote of the leader\'s own term leaves it leader');
  t.deepEqual(finalViews(r2)[0], { role: 'follower', term: 2, leader: null });
});

test('Raft §5.1: a request with a stale term is rejected with the current term', (t) => {
  const r = play(raft, [timer(1), timer(2), timer(2), deliver(1, 2)]);
  const reply = lastNetwork(r).find((m) => m.msg.type === 'RequestVoteReply' && m.to === 1);
  t.deepEqual(reply?.msg, { type: 'RequestVoteReply', term: 2, granted: false });
  t.is(finalViews(r)[1]!.term, 2);
});

test('Raft §5.2: a candidate that hears a leader of its own term steps down and names it', (t) => {
  const r = play(raft, [timer(1), timer(3), deliver(1, 2), deliver(2, 1, 'RequestVoteReply'), deliver(1, 3, 'AppendEntries')]);
  t.deepEqual(finalViews(r)[2], { role: 'follower', term: 1, leader: 1 });
});

test('Raft Figure 2: votedFor survives a crash, so a restarted node refuses a second vote', (t) => {
  const events = [timer(1), deliver(1, 2), crash(2), restart(2), timer(3), deliver(3, 2, 'RequestVote')];
  const reply = (model: typeof raft) =>
    lastNetwork(play(model, events)).find((m) => m.to === 3 && m.msg.type === 'RequestVoteReply')?.msg;
  t.deepEqual(reply(raft), { type: 'RequestVoteReply', term: 1, granted: false });
  t.deepEqual(reply(raftVolatileVote), { type: 'RequestVoteReply', term: 1, granted: true }, 'the mutant forgets its vote');
});

test('raft/volatile-vote: the shortest known counterexample (8 events) violates election-safety', (t) => {
  const r = play(raftVolatileVote, [
    timer(1),
    deliver(1, 2),
    crash(2),
    restart(2),
    timer(3),
    deliver(3, 2),
    deliver(2, 1, 'RequestVoteReply'),
    deliver(2, 3, 'RequestVoteReply'),
  ]);
  t.deepEqual(r.violation, { property: 'election-safety', step: 8, detail: 'nodes 1 and 3 both leader in term 1' });
  t.is(play(raft, r.steps.slice(1).map((s) => s.event!)).violation, null, 'the real Raft refuses the second vote');
});

test('raft/double-vote: a second vote in one term elects two leaders (6 events)', (t) => {
  const events = [timer(1), timer(3), deliver(1, 2), deliver(3, 2), deliver(2, 1, 'RequestVoteReply'), deliver(2, 3, 'RequestVoteReply')];
  t.is(play(raftDoubleVote, events).violation?.property, 'election-safety');
  t.is(play(raftDoubleVote, events).violation?.step, 6);
  t.is(play(raft, events).violation, null);
});

test('raft/majority-off-by-one: two halves of four nodes both win (6 events)', (t) => {
  const events = [timer(1), timer(3), deliver(1, 2), deliver(3, 4), deliver(2, 1, 'RequestVoteReply'), deliver(4, 3, 'RequestVoteReply')];
  t.is(play(raftMajorityOffByOne, events, 4).violation?.detail, 'nodes 1 and 3 both leader in term 1');
  t.is(play(raft, events, 4).violation, null);
});

test('Raft: a cluster of one elects itself at its first timeout', (t) => {
  const r = play(raft, [timer(1)], 1);
  t.deepEqual(finalViews(r)[0], { role: 'leader', term: 1, leader: 1 });
});

test('Raft: a leader heartbeat makes followers name it and keeps them from timing out early', (t) => {
  const r = play(raft, [timer(1), deliver(1, 2), deliver(2, 1, 'RequestVoteReply'), deliver(1, 3, 'AppendEntries')]);
  t.deepEqual(finalViews(r)[2], { role: 'follower', term: 1, leader: 1 });
  const timers = r.steps[r.steps.length - 1].world.nodes[2].timers;
  t.deepEqual(
    timers.map((x) => x.name),
    ['election'],
  );
});

test('Raft: a leader cut off by a partition keeps believing in itself (why Raft does not promise single-leader)', (t) => {
  const elect1 = [timer(1), deliver(1, 2), deliver(2, 1, 'RequestVoteReply')];
  const r = play(
    raft,
    [...elect1, { kind: 'partition', groups: [[1], [2, 3]] }, timer(2), deliver(2, 3, 'RequestVote'), deliver(3, 2, 'RequestVoteReply')],
    3,
    { properties: ['single-leader'] },
  );
  t.is(r.violation?.property, 'single-leader');
});

test('Figure 2: a leader that steps down on a higher-term reply times out again as a follower', (t) => {
  // Found in review: leaders 1 (term 1) and 2 (term 2) each step down on an AppendEntriesReply of
  // term 3 from node 3; with no election timer they waited forever once node 3 crashed.
  const events = [{"kind": "timer", "node": 1, "timer": "election"}, {"kind": "deliver", "from": 1, "to": 2, "type": "RequestVote"}, {"kind": "deliver", "from": 2, "to": 1, "type": "RequestVoteReply"}, {"kind": "drop", "from": 1, "to": 3, "type": "RequestVote"}, {"kind": "timer", "node": 2, "timer": "election"}, {"kind": "drop", "from": 2, "to": 1, "type": "RequestVote"}, {"kind": "deliver", "from": 2, "to": 3, "type": "RequestVote"}, {"kind": "deliver", "from": 3, "to": 2, "type": "RequestVoteReply"}, {"kind": "drop", "from": 2, "to": 1, "type": "AppendEntries"}, {"kind": "drop", "from": 2, "to": 3, "type": "AppendEntries"}, {"kind": "timer", "node": 3, "timer": "election"}, {"kind": "drop", "from": 3, "to": 1, "type": "RequestVote"}, {"kind": "drop", "from": 3, "to": 2, "type": "RequestVote"}, {"kind": "deliver", "from": 1, "to": 3, "type": "AppendEntries"}, {"kind": "deliver", "from": 3, "to": 1, "type": "AppendEntriesReply"}, {"kind": "drop", "from": 1, "to": 2, "type": "AppendEntries"}, {"kind": "timer", "node": 2, "timer": "heartbeat"}, {"kind": "drop", "from": 2, "to": 1, "type": "AppendEntries"}, {"kind": "deliver", "from": 2, "to": 3, "type": "AppendEntries"}, {"kind": "deliver", "from": 3, "to": 2, "type": "AppendEntriesReply"}] as TraceEvent[];
  const r = play(raft, events);
  const world = r.steps[r.steps.length - 1].world;
  for (const node of [1, 2]) {
    t.deepEqual(world.nodes[node - 1].view, { role: 'follower', term: 3, leader: null }, `node ${node}`);
    t.deepEqual(world.nodes[node - 1].timers.map((x) => x.name), ['election'], `node ${node}`);
  }
});
