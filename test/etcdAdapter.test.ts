/**
 * The Go adapter around etcd/raft, spoken to directly over bridge@1 (no leadercheck host): its
 * seeded timeouts, its persistence per variant, its errors. Each process gets its requests whole
 * on stdin and answers them in order, which the protocol's determinism makes enough.
 */
import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildAdapter, etcdAdapterBinary } from '../src/bridge/etcd/build.js';

type Answer = Record<string, any>;
const HELLO = { op: 'hello', bridge: 'leadercheck/bridge@1', config: {} };
const tick = (node: number) => ({ op: 'step', node, input: { kind: 'timer', name: 'tick' } });
const init = (node: number, id: number, seed: string, config: object = {}) => ({ op: 'init', node, id, nodes: 3, config, seed });

function talk(requests: readonly (object | string)[], variant = 'etcd-raft'): Answer[] {
  const r = spawnSync(etcdAdapterBinary(), ['-variant', variant], { input: requests.map((q) => (typeof q === 'string' ? q : JSON.stringify(q)) + '\n').join('') });
  if (r.status !== 0) throw new Error(`adapter exited ${r.status}: ${r.stderr}`);
  return r.stdout.toString().trim().split('\n').map((line) => JSON.parse(line));
}

/** The ticks a node's tick timer is armed for, answer by answer (a lone node: its peers silent). */
const waits = (answers: readonly Answer[]): number[] => answers.filter((a) => a.timers?.length > 0).map((a) => a.timers[0].after);

test('hello names the variant, its defaults in etcd\'s option names, and its one timer', (t) => {
  const [hello] = talk([HELLO], 'etcd-raft/prevote');
  t.is(hello.model.name, 'etcd-raft/prevote');
  t.deepEqual(hello.model.defaultConfig, { preVote: true, checkQuorum: true, electionTick: 10, heartbeatTick: 1, coalesceTicks: true });
  t.deepEqual(hello.model.timerNames, ['tick']);
  t.true(hello.model.marks.includes('pre-vote rejected'));
});

test('a bad config or an unknown op is one error line, and the adapter keeps answering', (t) => {
  const answers = talk([
    { ...HELLO, config: { electionTick: 1 } },
    { ...HELLO, config: { prevote: true } },
    { op: 'dance' },
    'not json',
    HELLO,
  ]);
  t.regex(answers[0].error, /electionTick \(1\) must be greater than heartbeatTick/);
  t.regex(answers[1].error, /unknown key "prevote"/);
  t.is(answers[2].error, 'unknown op "dance"');
  t.false(answers[3].ok);
  t.true(answers[4].ok);
  t.true(answers.every((a) => !('error' in a) || !a.error.includes('\n')));
});

test('the election timeout is a function of the seed alone: same seed same waits, other instances no matter', (t) => {
  const ticks = Array.from({ length: 6 }, () => tick(1));
  const alone = talk([init(1, 1, 'seed-a'), ...ticks]);
  const again = talk([init(1, 1, 'seed-a'), ...ticks]);
  // Another instance drawing its own timeouts before and during node 1's life.
  const mixed: object[] = [init(9, 2, 'seed-b'), tick(9), tick(9), init(1, 1, 'seed-a')];
  for (const q of ticks) mixed.push(tick(9), q);
  const ofOne = talk(mixed).filter((_, i) => i === 3 || (i > 3 && i % 2 === 1));
  t.true(waits(alone).every((w) => w >= 10 && w < 20), `etcd waits [electionTick, 2 electionTick) ticks: ${waits(alone)}`);
  t.true(alone.slice(1).every((a) => a.view.role === 'candidate' && a.send.some((s: Answer) => s.msg.type === 'MsgVote')), 'each firing is a campaign');
  t.deepEqual(waits(again), waits(alone));
  t.deepEqual(waits(ofOne), waits(alone));
  t.deepEqual(alone.map((a) => a.view.term), [0, 1, 2, 3, 4, 5, 6]);
  const firsts = new Set(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'].map((s) => waits(talk([init(1, 1, s)]))[0]));
  t.true(firsts.size > 1, 'other seeds, other waits');
});

test('coalesceTicks false: the timer fires every tick and a campaign comes after as many firings as the coalesced wait', (t) => {
  const perTick = talk([init(1, 1, 'seed-a', { coalesceTicks: false }), ...Array.from({ length: 25 }, () => tick(1))]);
  const [wait] = waits(talk([init(1, 1, 'seed-a')]));
  t.true(waits(perTick).every((w) => w === 1));
  t.is(perTick.findIndex((a) => a.send?.some((s: Answer) => s.msg.type === 'MsgVote')), wait);
});

test('etcd\'s loop stores the HardState before sending; the seed loop never stores it', (t) => {
  const run = (variant: string) => talk([init(1, 1, 'x'), tick(1), tick(1)], variant);
  const full = run('etcd-raft').at(-1)!;
  const seed = run('etcd-raft/seed-loop').at(-1)!;
  t.is(full.view.role, 'candidate');
  t.deepEqual(full.stored.hardState, { term: full.view.term, vote: 1, commit: 1 });
  t.is(seed.view.role, 'candidate');
  t.false('hardState' in seed.stored);
  t.deepEqual(seed.stored.snapshot, { index: 1, term: 1, voters: [1, 2, 3] });
});

test('three nodes elect one leader when their messages are delivered at once, and a restart keeps its term', async (t) => {
  for (const variant of ['etcd-raft', 'etcd-raft/prevote']) {
    const child = spawn(etcdAdapterBinary(), ['-variant', variant]);
    t.teardown(() => child.kill());
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const ask = async (q: object): Promise<Answer> => {
      child.stdin.write(JSON.stringify(q) + '\n');
      return JSON.parse((await lines.next()).value);
    };
    // A tiny simulator: timers fire when due, every message takes one tick.
    let now = 0;
    const due = new Map<number, number>();
    const queue: { at: number; from: number; to: number; msg: object }[] = [];
    const views = new Map<number, Answer>();
    const take = (node: number, a: Answer) => {
      views.set(node, a.view);
      for (const s of a.send) queue.push({ at: now + 1, from: node, to: s.to, msg: s.msg });
      for (const timer of a.timers) due.set(node, now + timer.after);
    };
    for (const id of [1, 2, 3]) take(id, await ask(init(id, id, `n${id}`)));
    const settled = () => [...views.values()].every((v) => v.leader !== null && v.leader === views.get(1)!.leader);
    while (now < 200 && !settled()) {
      const m = queue.find((q) => q.at === now);
      if (m !== undefined) {
        queue.splice(queue.indexOf(m), 1);
        take(m.to, await ask({ op: 'step', node: m.to, input: { kind: 'message', from: m.from, msg: m.msg } }));
        continue;
      }
      const timer = [1, 2, 3].find((id) => due.get(id) === now);
      if (timer !== undefined) {
        due.delete(timer);
        take(timer, await ask(tick(timer)));
        continue;
      }
      now++;
    }
    const leaders = [...views.entries()].filter(([, v]) => v.role === 'leader');
    t.is(leaders.length, 1, variant);
    const [leader, view] = leaders[0];
    t.true([...views.values()].every((v) => v.term === view.term && v.leader === leader), variant);
    const stored = (await ask(tick(leader))).stored;
    const back = await ask({ op: 'recover', node: 50, id: leader, nodes: 3, config: {}, seed: 'again', stored });
    t.deepEqual(back.view, { role: 'follower', term: view.term, leader: null }, variant);
    child.stdin.end();
  }
});

test('a message for a node it never booted, or of an unknown type, is an error answer', (t) => {
  const answers = talk([
    init(1, 1, 'x'),
    { op: 'step', node: 2, input: { kind: 'timer', name: 'tick' } },
    { op: 'step', node: 1, input: { kind: 'message', from: 2, msg: { type: 'MsgBogus', term: 1 } } },
    { op: 'step', node: 1, input: { kind: 'timer', name: 'election' } },
    { op: 'init', node: 1, id: 1, nodes: 3, config: {}, seed: 'x' },
  ]);
  t.deepEqual(answers.slice(1).map((a) => a.error), [
    'no node with handle 2',
    'unknown message type "MsgBogus"',
    'unknown timer "election"',
    'node handle 1 is already in use',
  ]);
});

test('without Go, or without etcd\'s source, building the adapter is one line naming what to install', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'etcd-build-'));
  try {
    const noGo = t.throws(() => buildAdapter(join(dir, 'bin'), '/usr/share/gocode', 'no-such-go-binary'));
    t.regex(noGo!.message, /^etcd-raft needs Go to build its adapter: .* \(apt-get install golang-go\)$/);
    const noEtcd = t.throws(() => buildAdapter(join(dir, 'bin'), join(dir, 'empty')));
    t.regex(noEtcd!.message, /golang-etcd-server-dev/);
    t.is(noEtcd!.name, 'InputError');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('coalesced ticks: a heartbeat from the leader re-arms the timer even when the count was already 0; a stale message leaves it alone', (t) => {
  const beat = (term: number) => ({ op: 'step', node: 2, input: { kind: 'message', from: 1, msg: { type: 'MsgHeartbeat', term } } });
  const [boot, first, second, stale] = talk([init(2, 2, 'f'), beat(2), beat(2), beat(1)]);
  t.deepEqual(first.view, { role: 'follower', term: 2, leader: 1 });
  t.is(first.timers.length, 1, 'a new term resets the election count');
  t.deepEqual(second.timers, first.timers, 'the second heartbeat restarts the same timeout from now');
  t.deepEqual(stale.timers, [], 'a heartbeat of an older term resets nothing, so the timer stays where it was');
  t.true(stale.marks.includes('message from a lower term'));
  t.true(boot.timers[0].after >= 10);
});

test('the hot answers are written by hand, byte for byte as encoding/json writes them (checked on every answer of a chaos check)', (t) => {
  const env = { ...process.env, LEADERCHECK_ETCD_CHECK_ENCODING: '1' };
  const requests = [HELLO, init(1, 1, 'a'), init(2, 2, 'b'), tick(1), tick(1), { op: 'forget', node: 2 }];
  const direct = spawnSync(etcdAdapterBinary(), ['-variant', 'etcd-raft'], { input: requests.map((q) => JSON.stringify(q) + '\n').join(''), env });
  t.is(direct.status, 0, direct.stderr.toString());
  // hello and forget go through encoding/json; the two boots and two steps are hand-written.
  t.regex(direct.stderr.toString(), /^hand-encoded 4 answers, each equal to encoding\/json's$/m);
  const out = mkdtempSync(join(tmpdir(), 'etcd-encoding-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  // A difference would be an error answer, so a model error and exit 1.
  const check = spawnSync(process.execPath, ['bin/leadercheck.js', 'check', 'etcd-raft', '--profile', 'chaos', '--nodes', '5', '--runs', '10', '--workers', '1', '--out', out], { env, encoding: 'utf8' });
  t.is(check.status, 0, check.stdout + check.stderr);
  t.regex(check.stdout, /ok: 10 runs, \d+ events, no violation/);
});
