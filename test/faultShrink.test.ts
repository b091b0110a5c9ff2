import test from 'ava';
import { findBuiltinModel } from '../models/index.js';
import { checkModel } from '../src/run/check.js';
import { findProfile, profileFor } from '../src/schedule/profiles.js';
import type { CandidateResult } from '../src/shrink/candidate.js';
import { pauseGroups, shortenPauses } from '../src/shrink/faultShrink.js';
import type { LabeledEvent } from '../src/shrink/labels.js';
import { shrinkTrace } from '../src/shrink/shrinkTrace.js';
import type { PropertyName } from '../src/shared/protocol.js';
import type { WorldEvent } from '../src/shared/world.js';
import type { Trace } from '../src/trace/format.js';
import { doubleElection } from './helpers/doubleElection.js';
import { replay } from '../src/trace/replay.js';
import { boot, createSystem } from '../src/world/world.js';

function found(model: string, profile: string, property: PropertyName, seed = '1'): Trace {
  const protocol = findBuiltinModel(model)!;
  const result = checkModel({ protocol, nodes: 3, profile: findProfile(profile)!, properties: [property], seed, runs: 500 });
  if (result.found === null) throw new Error(`no ${property} violation of ${model} under ${profile}`);
  return result.found.trace;
}

test('a pause the counterexample does not need is removed: Raft loses single-leader without it under the asynchronous semantics', (t) => {
  const trace = found('raft', 'pauses', 'single-leader');
  t.true(trace.events.some((e) => e.kind === 'pause'), 'the run as found paused');
  const shrunk = shrinkTrace(trace, findBuiltinModel('raft')!, { profile: profileFor(findProfile('pauses')!, findBuiltinModel('raft')!, '') });
  t.is(shrunk.skipped, null);
  t.false(shrunk.trace.events.some((e) => e.kind === 'pause' || e.kind === 'resume'));
  t.true(shrunk.lengthAfter <= 7);
});

test('a pause the counterexample needs stays: Bully keeps its timing promise, and only a paused leader lets a second one rise', (t) => {
  const protocol = findBuiltinModel('bully')!;
  const trace = found('bully', 'pauses', 'single-leader');
  const shrunk = shrinkTrace(trace, protocol, { profile: profileFor(findProfile('pauses')!, protocol, '') });
  t.is(shrunk.skipped, null);
  const pauses = shrunk.trace.events.filter((e) => e.kind === 'pause');
  t.is(pauses.length, 1, 'exactly one pause is needed');
  t.true(shrunk.lengthAfter < shrunk.lengthBefore);
  t.is(replay(shrunk.trace, protocol).violation?.property, 'single-leader');
});

/** A labeled candidate of plain events (no message refs needed by a fake test). */
function labeled(events: WorldEvent[]): LabeledEvent[] {
  return events.map((event, index) => ({ index, event }));
}

test('a needed pause is shortened: its resume moves to the earliest place the violation still happens', (t) => {
  const world = boot(createSystem(findBuiltinModel('raft')!, 3));
  const events: WorldEvent[] = [
    { kind: 'pause', node: 1, at: 0 },
    ...Array.from({ length: 9 }, (_, i): WorldEvent => ({ kind: 'heal', at: 10 * (i + 1) })),
    { kind: 'resume', node: 1, at: 100 },
  ];
  // The violation needs the pause to last past t=60: the resume must come at position 6 or later.
  const result = (kept: readonly LabeledEvent[]): CandidateResult => ({ violation: { property: 'single-leader', step: kept.length, detail: '' }, kept: [...kept], events: kept.map((e) => e.event), world });
  let tried = 0;
  const test_ = (kept: readonly LabeledEvent[]): CandidateResult | null => {
    tried++;
    const at = kept.find((e) => e.event.kind === 'resume')!.event.at!;
    return at >= 60 ? result(kept) : null;
  };
  const best = shortenPauses(result(labeled(events)), test_);
  const resume = best.kept.findIndex((e) => e.event.kind === 'resume');
  t.is(resume, 7, 'right after the event at t=60');
  t.is(best.kept[resume].event.at, 60, 'timed as the event it follows');
  t.is(best.kept[resume].index, 10, 'the same resume, by its original index');
  t.true(tried <= 4, `a binary search (${tried} candidates)`);
  t.deepEqual([...pauseGroups(best.kept)[0]].sort((a, b) => a - b), [0, 10], 'a pause is grouped with its resume');
});

/**
 * raft/double-vote's double election with node 2's timer firing early on its fast clock: 10 ticks
 * at 1.1 are 9 world ticks, which no exact clock explains for a [10, 20] timer; node 1's 12 ticks
 * at 0.95 are 13, which an exact clock explains as 13.
 */
function driftingTrace(): Trace {
  return doubleElection({ at2: 9, after2: 10, at1: 13, after1: 12 }, [], { profile: 'reliable', clockRates: [0.95, 1.1, 0.97] });
}

test('drift a counterexample does not need is set exact, node by node; drift that explains a timer stays', (t) => {
  const protocol = findBuiltinModel('raft/double-vote')!;
  const trace = driftingTrace();
  t.is(replay(trace, protocol).violation?.property, 'election-safety');
  const shrunk = shrinkTrace(trace, protocol, { profile: profileFor(findProfile('reliable')!, protocol, '') });
  t.is(shrunk.skipped, null);
  t.deepEqual(shrunk.trace.clockRates, [1, 1.1, 1]);
  const timers = shrunk.trace.events.filter((e) => e.kind === 'timer');
  t.deepEqual(
    timers.map((e) => [e.kind === 'timer' && e.node, e.kind === 'timer' && e.after]),
    [
      [2, 10],
      [1, 13],
    ],
  );
});

test('no drift at all leaves no clockRates in the shrunk trace', (t) => {
  const protocol = findBuiltinModel('raft/double-vote')!;
  const trace = driftingTrace();
  const exactish: Trace = { ...trace, clockRates: [0.95, 1, 0.97], events: trace.events.map((e, i) => (i === 0 ? { ...e, at: 10 } : e)) };
  const shrunk = shrinkTrace(exactish, protocol, { profile: profileFor(findProfile('reliable')!, protocol, '') });
  t.is(shrunk.trace.clockRates, undefined);
});
