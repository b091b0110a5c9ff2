import test from 'ava';
import { readFileSync } from 'node:fs';
import { findBuiltinModel } from '../models/index.js';
import { explorerSplits } from '../src/explorer/faultMenu.js';
import { ExplorerSession } from '../src/explorer/session.js';
import { snapshotOf } from '../src/explorer/snapshot.js';
import { RunModelError } from '../src/kernel/runModelError.js';
import { loadModelFile } from '../src/model/load.js';
import { InputError } from '../src/shared/errors.js';
import type { WorldEvent } from '../src/shared/world.js';
import { decodeTrace } from '../src/trace/decode.js';
import { encodeTrace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';

const VOLATILE = 'reports/regressions/raft-volatile-vote.crash.election-safety.trace.json';
const volatile = findBuiltinModel('raft/volatile-vote')!;
const raft = findBuiltinModel('raft')!;
const regression = decodeTrace(readFileSync(VOLATILE, 'utf8'), VOLATILE);

/** The regression's events as the enumerator lists them (no time): what a person clicks. */
const clicks: WorldEvent[] = regression.events.map((e) => {
  const { at: _at, after: _after, ...rest } = e as WorldEvent & { after?: number };
  return rest as WorldEvent;
});

const fresh = () => new ExplorerSession({ protocol: volatile, nodes: 3, properties: ['election-safety', 'term-monotonic'] });

test('walking the volatile-vote counterexample event by event violates election safety at its step, and only there', (t) => {
  const session = fresh();
  clicks.forEach((event, i) => {
    t.deepEqual(session.verdicts(), [null, null], `nothing is violated before step ${i + 1}`);
    session.step(event);
  });
  t.deepEqual(session.verdicts()[0], regression.violation);
  t.is(session.verdicts()[1], null);
  t.deepEqual(snapshotOf(session).violation, regression.violation);
});

test('the saved path is a trace replay reproduces, violation and all, with the same worlds', (t) => {
  const session = fresh();
  for (const event of clicks) session.step(event);
  const saved = decodeTrace(encodeTrace(session.trace()), 'saved');
  t.is(saved.profile, 'explorer');
  t.deepEqual(saved.violation, regression.violation);
  const replayed = replay(saved, volatile);
  t.deepEqual(replayed.violation, regression.violation);
  t.deepEqual(replayed.steps.map((s) => s.world.nodes), session.timeline.map((r) => r.world.nodes));
});

test('undo and redo move along the path; a different event after an undo replaces the rest', (t) => {
  const session = fresh();
  for (const event of clicks) session.step(event);
  t.true(session.undo());
  t.true(session.undo());
  t.is(session.cursor, 6);
  t.is(session.verdicts()[0], null, 'the violation is undone with its step');
  t.true(session.redo());
  t.is(session.cursor, 7);
  t.is(session.timeline.length, 9, 'redo keeps the rest of the path');
  // Taking the event that comes next is a redo too.
  session.step(clicks[7]);
  t.is(session.cursor, 8);
  t.false(session.redo());
  session.goto(3);
  session.step({ kind: 'crash', node: 2 });
  t.is(session.timeline.length, 5, 'the rest of the path is dropped');
  t.deepEqual(session.events(), [...clicks.slice(0, 3), { kind: 'crash', node: 2 }]);
  t.false(session.here.world.nodes[1].up);
  while (session.undo());
  t.is(session.cursor, 0);
  t.false(session.undo());
});

test('a loaded trace is continued from any of its steps, its times kept', (t) => {
  const session = ExplorerSession.ofTrace(regression, volatile, undefined, VOLATILE);
  t.is(session.cursor, 8);
  t.deepEqual(session.verdicts()[0], regression.violation);
  session.goto(4);
  t.is(session.verdicts()[0], null);
  session.step({ kind: 'restart', node: 1 });
  t.is(session.timeline.length, 9, 'the same next event keeps the loaded rest');
  t.is(session.here.event!.at, 41, 'the loaded event keeps its time');
  session.step({ kind: 'crash', node: 2 });
  t.is(session.timeline.length, 7);
  t.deepEqual(session.trace().events.slice(0, 5), regression.events.slice(0, 5));
});

test('a trace with selectors loads as replay resolves them', (t) => {
  const trace = decodeTrace(JSON.stringify({ format: 'leadercheck/trace@1', model: 'raft', nodes: 3, events: [{ kind: 'timer', node: 1, timer: 'election' }, { kind: 'deliver', from: 1, to: 3 }] }), 'hand');
  const session = ExplorerSession.ofTrace(trace, raft, undefined, 'hand');
  t.deepEqual(session.events()[1], { kind: 'deliver', id: 2 });
});

test('only an enabled event can be taken; a trace of another model is refused', (t) => {
  const session = fresh();
  t.throws(() => session.step({ kind: 'deliver', id: 1 }), { instanceOf: InputError, message: /not enabled at step 0/ });
  t.throws(() => session.step({ kind: 'heal' }), { instanceOf: InputError });
  t.throws(() => session.goto(1), { instanceOf: InputError, message: /steps 0 to 0/ });
  t.throws(() => ExplorerSession.ofTrace(regression, raft, undefined, VOLATILE), { instanceOf: InputError, message: /of model "raft\/volatile-vote"; the explorer runs "raft"/ });
});

test('every fault is offered: drop, duplicate, crash, restart, the partition menu, heal', (t) => {
  const session = new ExplorerSession({ protocol: raft, nodes: 3, properties: ['election-safety'] });
  session.step({ kind: 'timer', node: 1, timer: 'election' });
  const kinds = new Set<string>(session.enabled().map((e) => e.kind));
  for (const kind of ['crash', 'deliver', 'drop', 'duplicate', 'partition', 'timer']) t.true(kinds.has(kind), kind);
  session.step({ kind: 'partition', groups: [[1], [2, 3]] });
  t.true(session.enabled().some((e) => e.kind === 'heal'));
  t.false(session.enabled().some((e) => e.kind === 'partition'));
  session.step({ kind: 'crash', node: 2 });
  t.true(session.enabled().some((e) => e.kind === 'restart' && e.node === 2));
});

test('the partition menu: each node alone, then each split into halves, no split twice', (t) => {
  t.deepEqual(explorerSplits(1), []);
  t.deepEqual(explorerSplits(2).map((p) => p.groups), [[[1], [2]]]);
  t.deepEqual(explorerSplits(3).map((p) => p.groups), [[[1], [2, 3]], [[1, 3], [2]], [[1, 2], [3]]]);
  t.deepEqual(explorerSplits(4).map((p) => p.groups), [
    [[1], [2, 3, 4]], [[1, 3, 4], [2]], [[1, 2, 4], [3]], [[1, 2, 3], [4]],
    [[1, 2], [3, 4]], [[1, 3], [2, 4]], [[1, 4], [2, 3]],
  ]);
  t.is(explorerSplits(8).length, 8 + 35);
});

test('liveness is judged only once a loaded trace says faults stopped', (t) => {
  const session = fresh();
  const withLiveness = new ExplorerSession({ protocol: raft, nodes: 3, properties: ['election-safety', 'liveness'] });
  t.deepEqual(snapshotOf(withLiveness).verdicts.map((v) => v.judged), [true, false]);
  t.true(snapshotOf(session).verdicts.every((v) => v.judged));
  const stable = ExplorerSession.ofTrace({ ...regression, model: 'raft', properties: ['liveness'], stabilization: { step: 2, boundTicks: 500 }, violation: undefined }, raft, undefined, 't');
  t.deepEqual(snapshotOf(stable).verdicts.map((v) => v.judged), [true]);
  stable.goto(1);
  t.deepEqual(snapshotOf(stable).verdicts.map((v) => v.judged), [false]);
  t.is(stable.trace().stabilization, undefined, 'a path that ends before faults stop records no stabilization');
});

test('a model error on an event chosen before the end of the timeline restores the timeline as it was', async (t) => {
  const throwing = await loadModelFile('test/fixtures/throwing.mjs');
  const session = new ExplorerSession({ protocol: throwing, nodes: 3, properties: ['election-safety'] });
  const tick = (node: number): WorldEvent => ({ kind: 'timer', node, timer: 'tick' });
  for (const event of [tick(2), tick(2), tick(1)]) session.step(event);
  session.goto(2);
  t.throws(() => session.step(tick(2)), { instanceOf: RunModelError, message: /fired three times/ });
  t.is(session.cursor, 2);
  t.deepEqual(session.events(3), [tick(2), tick(2), tick(1)], 'the rest of the timeline is kept');
  t.true(session.redo());
});

test('a describeMessage that throws still labels the buttons and the diagram, with the model\'s error', async (t) => {
  const model = await loadModelFile('test/fixtures/throwing-describe.mjs');
  const session = new ExplorerSession({ protocol: model, nodes: 2, properties: ['election-safety'] });
  session.step({ kind: 'timer', node: 1, timer: 'tick' });
  const snapshot = snapshotOf(session);
  const deliver = snapshot.enabled.find((c) => c.event.kind === 'deliver')!;
  t.is(deliver.label, 'deliver #1 1->2 Ping (model error: model threw in describeMessage() on a Ping message: cannot render Ping)');
  t.true(snapshot.view.messages[0].label.startsWith('Ping (model error:'));
});
