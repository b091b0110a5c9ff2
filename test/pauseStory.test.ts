import test from 'ava';
import { readFileSync } from 'node:fs';
import { leaseNoFencing } from '../models/coord/index.js';
import { profileOfTrace } from '../src/schedule/profiles.js';
import { synchronyProblem, timingPolicy } from '../src/shrink/timing.js';
import { decodeTrace } from '../src/trace/decode.js';
import { replay } from '../src/trace/replay.js';

/**
 * The corpus's pause story: simulate lease/no-fencing --nodes 4 --pause-leader-at 21 --pause-ticks 45,
 * shrunk under its profile's timing promise (delays 1..3, within the model's 6), so that only the
 * pause can make node 3's lease outlive the store's expiry (README, coordination recipes).
 */
const base = 'reports/regressions/lease-no-fencing.pause-story.no-double-charge';
const trace = decodeTrace(readFileSync(`${base}.trace.json`, 'utf8'), base);

test('the pause story double-charges through its pause: 20 events, node 3 paused 45 ticks between its read and its charge', (t) => {
  t.is(trace.events.length, 20);
  const kinds = trace.events.map((e) => e.kind);
  t.deepEqual(trace.events.filter((e) => e.kind === 'pause' || e.kind === 'resume'), [
    { kind: 'pause', node: 3, at: 21 },
    { kind: 'resume', node: 3, at: 66 },
  ]);
  t.true(kinds.indexOf('pause') < kinds.indexOf('resume'));
  const { violation } = replay(trace, leaseNoFencing);
  t.deepEqual(violation, { property: 'no-double-charge', step: 20, detail: 'period 1 charged twice: by node 2 with token 3 and by node 3 with token 1' });
});

test('the pause story keeps the timing promise at every event: no timer of a running node late, no message past its delay', (t) => {
  const profile = profileOfTrace(trace, leaseNoFencing);
  const policy = timingPolicy(profile, leaseNoFencing);
  t.true(policy.synchronous, 'its profile promises synchrony, so a late timer could not stand in for the pause');
  const { steps } = replay(trace, leaseNoFencing);
  t.is(steps.length, 21);
  for (let i = 1; i < steps.length; i++) t.is(synchronyProblem(policy, steps[i - 1].world, steps[i].event!), null, `event ${i}`);
  // Without its pause the same events are no run at all: node 3's overdue lease timer breaks the promise.
  const unpaused = trace.events.filter((e) => e.kind !== 'pause' && e.kind !== 'resume');
  const replayed = replay({ ...trace, events: unpaused, violation: null }, leaseNoFencing).steps;
  const broken = replayed.slice(1).some((step, i) => synchronyProblem(policy, replayed[i].world, step.event!) !== null);
  t.true(broken);
});

test('the pause story\'s .txt and .md show the pause, its length and both charges', (t) => {
  const text = readFileSync(`${base}.txt`, 'utf8');
  t.regex(text, /pause 3 for 45 ticks/);
  t.regex(text, /resume 3 after 45 ticks/);
  t.regex(text, /3:L1~/);
  t.regex(text, /Charge period 1 with token 3[\s\S]*Charge period 1 with token 1/);
  const md = readFileSync(`${base}.md`, 'utf8');
  t.regex(md, /Note over N3: 5 t21 pauses for 45 ticks/);
  t.regex(md, /resumes after 45 ticks/);
});
