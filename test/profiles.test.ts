import test from 'ava';
import { raft, raftDoubleVote } from '../models/raft/index.js';
import { checkModel } from '../src/run/check.js';
import type { AnyProtocol } from '../src/shared/protocol.js';
import { findProfile, knobsOf, printedOptions, profileFor } from '../src/schedule/profiles.js';
import { runSeed } from '../src/schedule/rng.js';
import { drawSwarmProfile, swarmMenu } from '../src/schedule/swarm.js';

const swarm = findProfile('swarm')!;
const synchronous = findProfile('synchronous')!;

test('synchronous delays stay within the model\'s own synchronous bound', (t) => {
  const slow: AnyProtocol = { ...raft, synchronousDelayTicksMax: 7 };
  t.deepEqual(profileFor(synchronous, raft, 'x').delayTicks, [1, raft.synchronousDelayTicksMax!]);
  t.deepEqual(profileFor(synchronous, slow, 'x').delayTicks, [1, 7]);
  const p = profileFor(synchronous, raft, 'x');
  t.deepEqual([p.dropProbability, p.duplicateProbability, p.crashEveryTicks, p.partitionEveryTicks], [0, 0, null, null]);
});

test('a fixed profile prints as a flat options object', (t) => {
  const printed = printedOptions(synchronous, raft);
  for (const value of Object.values(printed)) t.true(value === null || typeof value !== 'object' || Array.isArray(value));
  t.deepEqual(printed.delayTicks, [1, 3]);
});

test('swarm: the same run seed draws the same profile', (t) => {
  for (let run = 0; run < 20; run++) {
    t.deepEqual(drawSwarmProfile(raft, runSeed('9', run)), drawSwarmProfile(raft, runSeed('9', run)));
  }
});

test('swarm: runs draw different profiles, each from the menu', (t) => {
  const drawn = Array.from({ length: 40 }, (_, run) => drawSwarmProfile(raft, runSeed('1', run)));
  t.true(new Set(drawn.map((p) => JSON.stringify(p))).size > 10);
  t.true(drawn.some((p) => p.crashEveryTicks === null) && drawn.some((p) => p.crashEveryTicks !== null));
  t.true(drawn.some((p) => p.dropProbability === 0) && drawn.some((p) => p.dropProbability > 0));
  for (const p of drawn) {
    t.true(p.dropProbability === 0 || (swarmMenu.dropProbability as readonly number[]).includes(p.dropProbability));
    t.true((swarmMenu.faultPhaseTicks as readonly number[]).includes(p.faultPhaseTicks));
  }
});

test('a swarm trace records the profile its run drew', (t) => {
  const result = checkModel({ protocol: raftDoubleVote, nodes: 3, profile: swarm, properties: ['election-safety'], seed: '1', runs: 200 });
  const found = result.found!;
  t.truthy(found);
  t.is(found.trace.profile, 'swarm');
  t.deepEqual(found.trace.profileOptions, knobsOf(drawSwarmProfile(raftDoubleVote, runSeed('1', found.run))));
});
