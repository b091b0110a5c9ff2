import test from 'ava';
import { raft } from '../models/raft/index.js';
import { checkModel } from '../src/run/check.js';
import { findProfile } from '../src/schedule/profiles.js';
import type { AnyProtocol } from '../src/shared/protocol.js';

// A TypeScript model is pure by contract, but a user's may not be: module-level state that
// survives from one call to the next makes a counterexample that does not replay. Every
// counterexample is replayed twice before it is reported, for models in this process as for
// bridged ones, so that is a model error naming the step, not a trace that lies.
function leakyBossy(): AnyProtocol {
  let calls = 0;
  return {
    name: 'leaky-bossy',
    summary: 'declares itself leader on timeout, in a term counted across every run',
    defaultConfig: {},
    promises: ['election-safety'],
    init: () => ({ state: { role: 'follower', leader: null, term: 0 }, timers: [{ name: 'patience', after: [5, 15] }] }),
    step: (s, input, ctx) => (input.kind === 'timer' ? { state: { role: 'leader', leader: ctx.id, term: (calls++ % 2) + 1 } } : { state: s }),
    stored: () => null,
    recover: () => ({ state: { role: 'follower', leader: null, term: 0 }, timers: [{ name: 'patience', after: [5, 15] }] }),
    view: (s: { role: string; leader: number | null; term: number }) => ({ role: s.role, term: s.term, leader: s.leader }),
  } as AnyProtocol;
}

test('a TypeScript model whose steps depend on state kept outside the model is reported as not deterministic', (t) => {
  const result = checkModel({ protocol: leakyBossy(), nodes: 3, profile: findProfile('reliable')!, seed: '1', runs: 200, properties: ['election-safety'] });
  t.is(result.found, null);
  t.truthy(result.modelError);
  t.regex(result.modelError!.detail, /^the model is not deterministic: step \d+ \(.+\) gave .+ then .+/);
});

test('a pure model replays to the same counterexample, so nothing is reported but the violation', (t) => {
  const result = checkModel({ protocol: raft, nodes: 3, profile: findProfile('partition')!, seed: '1', runs: 200, properties: ['single-leader'] });
  t.is(result.modelError, null);
  t.truthy(result.found);
});
