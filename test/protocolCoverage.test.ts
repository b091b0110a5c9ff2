import test from 'ava';
import { raft } from '../models/raft/index.js';
import { checkModel } from '../src/check/check.js';
import { CoverageCollector } from '../src/check/protocolCoverage.js';
import { findProfile } from '../src/schedule/profiles.js';

test('protocol coverage of Raft under crash sees elections, step-downs and recoveries', (t) => {
  const coverage = new CoverageCollector(raft);
  checkModel({ protocol: raft, nodes: 3, profile: findProfile('crash')!, properties: raft.promises, seed: 'cov', runs: 200, onStep: coverage.onStep });
  const { inputs, transitions, marks } = coverage.result();
  for (const t2 of ['follower -> candidate', 'candidate -> leader', 'leader -> follower', 'candidate -> follower', 'down -> follower']) {
    t.true((transitions[t2] ?? 0) > 0, t2);
  }
  t.true((inputs['follower <- RequestVote'] ?? 0) > 0);
  t.true((inputs['leader <- heartbeat'] ?? 0) > 0);
  t.true((marks['split vote: candidate times out and retries'] ?? 0) > 0);
  t.deepEqual(Object.keys(transitions), [...Object.keys(transitions)].sort(), 'keys are sorted for byte-identical reports');
});
