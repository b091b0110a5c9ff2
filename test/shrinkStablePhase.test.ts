import test from 'ava';
import { pinger } from './helpers/pinger.js';
import { runCandidate, stillFails } from '../src/shrink/candidate.js';
import { labelTrace } from '../src/shrink/labels.js';
import { shrinkContext } from '../src/shrink/shrinkTrace.js';
import { TRACE_FORMAT, type Trace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';
import type { WorldEvent } from '../src/shared/world.js';

function trace(events: WorldEvent[], stableStep: number): Trace {
  return {
    format: TRACE_FORMAT,
    model: 'pinger',
    nodes: 2,
    properties: ['liveness'],
    stabilization: { step: stableStep, boundTicks: 1000 },
    events,
    violation: { property: 'liveness', step: events.length, detail: 'no leader' },
  };
}

// The stabilization phase heals the network as it begins (randomRun): a candidate that keeps the
// partition and loses its heal shows a network that stays split, not a protocol that fails.
test('a shrink candidate may not keep a partition past the stabilization phase', (t) => {
  const split = trace(
    [
      { kind: 'partition', groups: [[1], [2]], at: 0 },
      // faults stop here; the heal that should follow is the event a shrinker would remove
      { kind: 'timer', node: 1, timer: 'tick', after: 10, at: 10 },
      { kind: 'drop', id: 1, at: 11 },
      { kind: 'timer', node: 1, timer: 'window', after: 3, at: 13 },
      { kind: 'timer', node: 1, timer: 'tick', after: 10, at: 20 },
      { kind: 'drop', id: 2, at: 21 },
      { kind: 'timer', node: 1, timer: 'window', after: 3, at: 23 },
    ],
    1,
  );
  t.regex(replay(split, pinger).violation?.detail ?? '', /cycles/, 'split for good, the pinger never leads');
  const ctx = shrinkContext(split, pinger);
  t.is(stillFails(ctx, labelTrace(split, pinger)), null);
});

// randomRun restarts crashed nodes at the very time faults stop; a candidate whose pre-stabilization
// tail was removed must not keep a node down into the phase whose bound is already running.
test('a shrink candidate restarts nodes when faults stop, not later', (t) => {
  const late = trace(
    [
      { kind: 'crash', node: 2, at: 0 },
      // faults stop here, at t=0
      { kind: 'restart', node: 2, at: 8 },
      { kind: 'timer', node: 1, timer: 'tick', after: 10, at: 10 },
      { kind: 'deliver', id: 1, at: 11 },
      { kind: 'deliver', id: 2, at: 12 },
    ],
    1,
  );
  const result = runCandidate(shrinkContext(late, pinger), labelTrace(late, pinger));
  t.true(result === null || result.events[1].at === 0, `restart at ${result?.events[1].at}`);
});
