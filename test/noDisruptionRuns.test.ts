import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { raft } from '../models/raft/index.js';
import { ring } from '../models/ring/index.js';
import { reportCheck } from '../src/report/checkReport.js';
import { checkModel } from '../src/run/check.js';
import { findProfile } from '../src/schedule/profiles.js';
import type { AnyProtocol } from '../src/shared/protocol.js';
import type { World } from '../src/shared/world.js';
import { decodeTrace } from '../src/trace/decode.js';
import { replay } from '../src/trace/replay.js';

/** Whether node `id` is cut off from a majority in `world`. */
function cutOff(world: World, id: number): boolean {
  if (world.partition === null) return false;
  const group = world.partition.find((g) => g.includes(id));
  return group === undefined || group.length * 2 <= world.nodes.length;
}

test('ring, swarm, run 50 (61 events): node 3 raised round 3 in touch, before the partition cut it off, so deposing leader 2 with it is no disruption', (t) => {
  // main's catalog wrote this trace as a no-disruption counterexample ("raised while it was cut off").
  const trace = decodeTrace(readFileSync(join(process.cwd(), 'test/fixtures/ring-swarm-raised-before-cut.trace.json'), 'utf8'), 'trace');
  t.is(trace.violation?.property, 'no-disruption');
  const { steps, violation } = replay(trace, ring);
  t.is(violation, null);
  // What the property now reads: at the partition node 3 already held round 3, above leader 2's round 2.
  const cutAt = steps.findIndex((s) => s.world.partition !== null && cutOff(s.world, 3));
  t.is(steps[cutAt].event?.kind, 'partition');
  const before = steps[cutAt - 1].world.nodes;
  t.is(before[2].view?.term, 3);
  t.deepEqual(before[1].view, { role: 'leader', term: 2, leader: 2 });
  t.true(steps.slice(0, cutAt).some((s) => s.outcome?.stepped === 3 && s.world.nodes[2].view?.term === 3));
});

/**
 * A disruption a model really has, found by `check` under partition: the shrunk counterexample
 * replays, and in it the rejoiner lost touch in a term no higher than the deposed leader's and
 * raised its term while it was cut off (Raft's candidate timing out again and again; the Ring's
 * candidate opening rounds), as the detail says.
 */
function disruptionUnderPartition(t: import('ava').ExecutionContext, protocol: AnyProtocol, runs: number): void {
  const options = { protocol, nodes: 3, profile: findProfile('partition')!, seed: '1', runs, properties: ['no-disruption' as const] };
  const report = reportCheck(options, checkModel(options));
  t.false(report.ok);
  const { steps, violation } = replay(report.trace!, protocol);
  t.is(violation?.property, 'no-disruption');
  const said = /leader (\d) of term (\d+), .* deposed by term (\d+): node (\d) lost touch \(cut off, down or paused\) in term (\d+) and came back in term (\d+)$/.exec(violation!.detail);
  t.truthy(said, violation!.detail);
  const [leaderTerm, by, node, left, back] = [2, 3, 4, 5, 6].map((i) => Number(said![i]));
  t.true(left <= leaderTerm && leaderTerm < by && by <= back, violation!.detail);
  // The world says the same: node cut off in term `left`, and it raised its term while still cut off.
  const cutAt = steps.findIndex((s, i) => i > 0 && cutOff(s.world, node) && !cutOff(steps[i - 1].world, node) && s.world.nodes[node - 1].view?.term === left);
  t.true(cutAt > 0, 'the rejoiner is cut off in the term the detail names');
  const raisedCutOff = steps.slice(cutAt).some((s, i) => cutOff(s.world, node) && s.outcome?.stepped === node && (s.world.nodes[node - 1].view?.term ?? 0) > (steps[cutAt + i - 1].world.nodes[node - 1].view?.term ?? 0));
  t.true(raisedCutOff, 'the rejoiner raised its term while cut off');
}

test('a real disruption is still one: a Raft node cut off raises its term and deposes the leader when back', (t) => {
  disruptionUnderPartition(t, raft, 150);
});

test('a real disruption is still one: a Ring node cut off opens higher rounds and deposes the leader when back', (t) => {
  disruptionUnderPartition(t, ring, 200);
});
