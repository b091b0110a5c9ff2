import test from 'ava';
import { lease, leaseNoFencing, zookeeper } from '../models/coord/index.js';
import { initStore, stepStore } from '../models/coord/store.js';
import { stepCandidate } from '../models/coord/candidate.js';
import type { CandidateState, CoordConfig } from '../models/coord/types.js';
import { fencedWrites } from '../properties/fencedWrites.js';
import { noDoubleCharge } from '../properties/noDoubleCharge.js';
import { storyLines } from '../src/report/story.js';
import type { AnyProtocol, NodeContext, PropertyName } from '../src/shared/protocol.js';
import { TRACE_FORMAT, type TraceEvent } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';

// The seed article's payment service behind a coordination store: node 1 the store, nodes 2 and 3
// candidates, node 4 the payments. Node 2 leads, reads period 1, pauses past its lease; node 3
// is elected, reads and charges period 1; node 2 resumes and charges period 1 too.
const pausedLeader: TraceEvent[] = [
  { kind: 'timer', node: 2, timer: 'retry' },
  { kind: 'deliver', from: 2, to: 1, type: 'Campaign' },
  { kind: 'deliver', from: 1, to: 2, type: 'Elected' },
  { kind: 'deliver', from: 2, to: 4, type: 'Read' },
  { kind: 'pause', node: 2 },
  { kind: 'timer', node: 1, timer: 'expire-2' },
  { kind: 'timer', node: 3, timer: 'retry' },
  { kind: 'deliver', from: 3, to: 1, type: 'Campaign' },
  { kind: 'deliver', from: 1, to: 3, type: 'Elected' },
  { kind: 'deliver', from: 3, to: 4, type: 'Read' },
  { kind: 'deliver', from: 4, to: 3, type: 'Due' },
  { kind: 'deliver', from: 3, to: 4, type: 'Charge' },
  { kind: 'resume', node: 2 },
  { kind: 'deliver', from: 4, to: 2, type: 'Due' },
  { kind: 'deliver', from: 2, to: 4, type: 'Charge' },
];

function run(protocol: AnyProtocol, events: TraceEvent[], properties: PropertyName[] = ['fenced-writes', 'no-double-charge']) {
  return replay({ format: TRACE_FORMAT, model: protocol.name, nodes: 4, properties, events }, protocol);
}

test('without fencing, the leader paused past its lease charges period 1 a second time', (t) => {
  const { violation } = run(leaseNoFencing, pausedLeader, ['no-double-charge']);
  t.is(violation?.property, 'no-double-charge');
  // The same write is below the token already accepted: fenced-writes sees it at the same step.
  t.is(run(leaseNoFencing, pausedLeader, ['fenced-writes']).violation?.step, 15);
  t.is(violation?.step, 15);
  t.regex(violation!.detail, /period 1 charged twice: by node 3 with token 3 and by node 2 with token 1/);
});

test('with fencing, the payment service refuses the paused leader: token 1 after token 3', (t) => {
  const result = run(lease, pausedLeader);
  t.is(result.violation, null);
  const last = result.steps[result.steps.length - 1];
  const before = result.steps[result.steps.length - 2].world;
  t.deepEqual(storyLines(before, last.world, last.event!), ['Node 4 (payments): charge of period 1 from node 2 with token 1 refused, token 3 already seen.']);
  // The refusal reaches node 2, which learns it was fenced out and steps down.
  t.true(last.world.network.some((m) => m.to === 2 && m.msg.type === 'Refused'));
});

test('the story names the leader by its lease, and the zookeeper leader by its znode', (t) => {
  const result = run(lease, pausedLeader.slice(0, 3));
  // steps[0] is the boot; steps[3] the delivery of Elected.
  const elected = result.steps[3];
  t.deepEqual(storyLines(result.steps[2].world, elected.world, elected.event!), ['Node 2: I am the leader (lease 1)!']);
  const zk = replay(
    { format: TRACE_FORMAT, model: 'zookeeper', nodes: 4, events: [{ kind: 'timer', node: 2, timer: 'retry' }, { kind: 'deliver', from: 2, to: 1, type: 'Join' }, { kind: 'deliver', from: 1, to: 2, type: 'Joined' }] },
    zookeeper,
  );
  t.like(zk.steps[3].world.nodes[1].view, { role: 'leader', term: 1, znode: 1 });
});

test('the store and the payment service never count as leaders', (t) => {
  const { steps } = run(lease, pausedLeader.slice(0, 4));
  const world = steps[steps.length - 1].world;
  t.like(world.nodes[0].view, { role: 'store', leader: 2 });
  t.like(world.nodes[3].view, { role: 'resource', term: 1, leader: 2 });
});

const ctx: NodeContext<CoordConfig> = { id: 1, nodes: 4, config: lease.defaultConfig };

test('a duplicated Join is answered again, not obeyed twice (it used to open a second session and orphan the first znode)', (t) => {
  const first = stepStore(initStore().state, { kind: 'message', from: 2, msg: { type: 'Join', seq: 1 } }, ctx);
  const again = stepStore(first.state, { kind: 'message', from: 2, msg: { type: 'Join', seq: 1 } }, ctx);
  t.is(again.state, first.state);
  t.deepEqual(again.send, first.send);
  // It refreshes the session too: a restarted client's Join #1 used to be answered with its old
  // znode while the session expired a tick later, and two nodes led at once (zookeeper, crash).
  t.deepEqual(again.timers, [{ name: 'expire-2', after: 40 }]);
});

test('the holder campaigning again gets its own key back with the same token, its lease refreshed', (t) => {
  const first = stepStore(initStore().state, { kind: 'message', from: 2, msg: { type: 'Campaign', seq: 1 } }, ctx);
  const again = stepStore(first.state, { kind: 'message', from: 2, msg: { type: 'Campaign', seq: 2 } }, ctx);
  t.is(again.state.revision, 1);
  t.deepEqual(again.send, [{ to: 2, msg: { type: 'Elected', seq: 2, token: 1 } }]);
  t.deepEqual(again.timers, [{ name: 'expire-2', after: 40 }]);
});

test('an unanswered keep-alive is resent under its number and keeps its first timer (replacing it starved slow round trips)', (t) => {
  const step = stepCandidate({ name: 'lease', summary: '', recipe: 'lease', fenced: true, trustsOwnTimer: false, ignoresSessionTimer: false });
  const leader: CandidateState = {
    kind: 'candidate', role: 'leader', term: 1, leader: 2, token: 1, znode: null, leased: true, charged: 0, seq: 3, leaseTimer: 'lease-b', pending: { seq: 2, timer: 'lease-a' },
  };
  const renewed = step(leader, { kind: 'timer', name: 'renew' }, { ...ctx, id: 2 });
  t.deepEqual(renewed.send, [{ to: 1, msg: { type: 'KeepAlive', seq: 2 } }]);
  t.deepEqual(renewed.timers, [{ name: 'renew', after: 5 }]);
  t.deepEqual(renewed.state.pending, leader.pending);
});

test('fenced-writes and no-double-charge hold vacuously where no node is a resource', (t) => {
  const world = { now: 0, nodes: [{ up: true, state: null, stored: undefined, timers: [], view: { role: 'leader', term: 1, leader: 1 } }], network: [], nextMessageId: 1, nextTimerId: 1, partition: null };
  t.is(fencedWrites.violation(fencedWrites.observe(fencedWrites.initial(world), world)), null);
  t.is(noDoubleCharge.violation(noDoubleCharge.observe(noDoubleCharge.initial(world), world)), null);
});
