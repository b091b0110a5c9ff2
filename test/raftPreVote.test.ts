import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { raft, raftPreVote } from '../models/raft/index.js';
import { reportCheck } from '../src/report/checkReport.js';
import { checkModel, type CheckOptions } from '../src/run/check.js';
import { findProfile } from '../src/schedule/profiles.js';
import { decodeTrace } from '../src/trace/decode.js';
import { replay } from '../src/trace/replay.js';
import { cli } from './helpers/cli.js';
import { deliver, finalViews, play, timer } from './helpers/traces.js';

const PRE_VOTE = { config: { electionTimeout: [10, 20], heartbeat: 3, preVote: true } };
const CHECK_QUORUM = { config: { electionTimeout: [10, 20], heartbeat: 3, checkQuorum: true } };
const BOTH = '{"preVote":true,"checkQuorum":true}';

const network = (r: ReturnType<typeof play>) => r.steps[r.steps.length - 1].world.network.map((m) => [m.to, m.msg]);

test('PreVote: an election timeout asks for pre-votes in the next term and keeps the term', (t) => {
  const r = play(raft, [timer(1)], 3, PRE_VOTE);
  t.deepEqual(finalViews(r)[0], { role: 'follower', term: 0, leader: null });
  t.deepEqual(network(r), [
    [2, { type: 'PreVote', term: 1, candidate: 1 }],
    [3, { type: 'PreVote', term: 1, candidate: 1 }],
  ]);
  // A granted pre-vote changes nobody's term; a majority of them makes the node a candidate.
  const won = play(raft, [timer(1), deliver(1, 2), deliver(2, 1, 'PreVoteReply')], 3, PRE_VOTE);
  t.deepEqual(finalViews(won).map((v) => v!.term), [1, 0, 0]);
  t.is(finalViews(won)[0]!.role, 'candidate');
});

test('CheckQuorum: a node in a leader\'s lease ignores a higher-term vote request; a leader that hears no majority steps down', (t) => {
  const elect = [timer(1), deliver(1, 2), deliver(2, 1, 'RequestVoteReply'), deliver(1, 2, 'AppendEntries')];
  // Node 3 never heard of the leader; node 2 follows it and so ignores node 3's term-2 request.
  const r = play(raft, [...elect, deliver(1, 3, 'RequestVote'), timer(3), deliver(3, 2, 'RequestVote')], 3, CHECK_QUORUM);
  t.deepEqual(finalViews(r)[1], { role: 'follower', term: 1, leader: 1 });
  t.deepEqual(r.steps[r.steps.length - 1].outcome!.marks, ['vote request ignored: leader lease']);
  // Plain Raft adopts the term and votes.
  t.is(finalViews(play(raft, [...elect, deliver(1, 3, 'RequestVote'), timer(3), deliver(3, 2, 'RequestVote')]))[1]!.term, 2);
  // No AppendEntriesReply ever reaches the leader: at its quorum check it steps down in its term.
  const alone = play(raft, [...elect, timer(1)], 3, CHECK_QUORUM);
  t.deepEqual(finalViews(alone)[0], { role: 'follower', term: 1, leader: null });
});

const partition = (protocol = raft): CheckOptions => ({ protocol, nodes: 3, profile: findProfile('partition')!, seed: '1', runs: 150, properties: ['no-disruption'] });

test('no-disruption: plain Raft violates it under partition, with a short counterexample that replays', (t) => {
  const options = partition();
  const report = reportCheck(options, checkModel(options));
  t.false(report.ok);
  t.regex(report.text, /^VIOLATION no-disruption in run \d+ at step \d+: leader \d of term \d+, followed by a live quorum after faults stopped, deposed by term \d+/);
  t.true(report.trace!.events.length <= 40, `${report.trace!.events.length} events`);
  t.is(replay(report.trace!, raft).violation?.property, 'no-disruption');
});

test('no-disruption: with PreVote and CheckQuorum it holds under partition, as raft/prevote does', (t) => {
  const options = { ...partition(), config: { preVote: true, checkQuorum: true } };
  const result = checkModel(options);
  t.is(result.found, null);
  t.is(result.runsDone, 150);
  t.is(checkModel(partition(raftPreVote)).found, null);
});

test('--config: a check with options records them in its trace and its reproduce line', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'lc-config-'));
  const r = cli(['check', 'raft', '--config', '{"checkQuorum":true}', '--profile', 'partition', '--property', 'no-disruption', '--runs', '50', '--out', out]);
  t.is(r.code, 1, r.stderr);
  t.regex(r.stdout, /reproduce: npx leadercheck check raft --config '\{"checkQuorum":true\}' --profile partition /);
  const trace = decodeTrace(readFileSync(join(out, 'raft/partition/no-disruption.trace.json'), 'utf8'), 'trace');
  t.deepEqual(trace.config, { electionTimeout: [10, 20], heartbeat: 3, checkQuorum: true });
  t.is(cli(['replay', join(out, 'raft/partition/no-disruption.trace.json')]).code, 1);
  const ok = cli(['check', 'raft', '--config', BOTH, '--profile', 'partition', '--property', 'no-disruption', '--runs', '50', '--out', out]);
  t.is(ok.code, 0, ok.stdout);
  const story = cli(['simulate', 'raft', '--config', BOTH]);
  t.is(story.code, 0, story.stderr);
  t.regex(story.stdout, /PreVote|pre-vote|leader/i);
});

test('--config: bad JSON, an unknown key or a wrong type is one line, exit 2, in check, simulate and replay', (t) => {
  const cases: [string[], RegExp][] = [
    [['check', 'raft', '--config', '{preVote: true}'], /^leadercheck: --config: not JSON \(.+\)\n$/],
    [['check', 'raft', '--config', '{"prevote":true}'], /^leadercheck: --config: model raft has no config key "prevote"; its keys: electionTimeout, heartbeat, preVote, checkQuorum\n$/],
    [['check', 'raft', '--config', '{"preVote":"yes"}'], /^leadercheck: --config: preVote must be true or false, got "yes"\n$/],
    [['check', 'raft', '--config', '{"electionTimeout":[5]}'], /^leadercheck: --config: electionTimeout must be a list of 2 like \[10,20\], got \[5\]\n$/],
    [['check', 'raft', '--config', '[true]'], /^leadercheck: --config: must be a JSON object/],
    [['check', '--all', '--config', '{}'], /^leadercheck: check --all: --config does not apply/],
    [['simulate', 'bully', '--config', '{"preVote":true}'], /^leadercheck: --config: model bully has no config key "preVote"/],
    [['replay', 'reports/regressions/raft-volatile-vote.crash.election-safety.trace.json', '--config', '{"heartbeat":true}'], /^leadercheck: --config: heartbeat must be a number, got true\n$/],
    // Well-typed but refused by the model at boot: bad input too, before any run (a new user's
    // check used to print a run header and progress, exit 2, and leave a model-error trace no report linked).
    [['check', 'raft', '--config', '{"electionTimeout":[20,10]}'], /^leadercheck: --config \{"electionTimeout":\[20,10\]\}: raft cannot boot with it \(node 1's init returned timers\[0\]\.after = \[20,10\]: .+\)\n$/],
    [['simulate', 'raft', '--config', '{"electionTimeout":[20,10]}'], /^leadercheck: --config \{"electionTimeout":\[20,10\]\}: raft cannot boot with it /],
  ];
  for (const [args, pattern] of cases) {
    // --out is read after --config, so nothing is written; give check a fresh one all the same.
    const r = cli(args[0] === 'check' ? [...args, '--out', mkdtempSync(join(tmpdir(), 'lc-config-'))] : args);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, pattern, args.join(' '));
    t.is(r.stdout, '', args.join(' '));
  }
});
