import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog } from '../properties/expectations.js';
import { installBridge } from '../src/bridge/install.js';
import { bridgeOf } from '../src/bridge/bridgedModel.js';
import { LIVE_INSTANCES_MAX } from '../src/bridge/host.js';
import { instanceSeed } from '../src/bridge/seed.js';
import { builtinModel, loadModelFile } from '../src/model/load.js';
import { runCatalog } from '../src/run/catalog.js';
import { findProfile } from '../src/schedule/profiles.js';
import type { Input, NodeContext } from '../src/shared/protocol.js';
import { decodeTrace } from '../src/trace/decode.js';
import { cliAsync, toyDescriptor } from './helpers/bridgeFixtures.js';

// The Python Bully (models/bridged/python-bully) is the TypeScript Bully written again in Python:
// through the bridge it must behave as the in-process model does, event for event.

installBridge();
const tmp = () => mkdtempSync(join(tmpdir(), 'leadercheck-bridge-'));
const descriptor = 'models/bridged/python-bully/bridge.json';

test.serial('check --model-file DESCRIPTOR: the Python Bully keeps its promises where its timeouts hold', async (t) => {
  const r = await cliAsync(['check', '--model-file', descriptor, '--profile', 'reliable', '--runs', '40', '--out', tmp()]);
  t.is(r.code, 0, r.stdout + r.stderr);
  t.regex(r.stdout, /check python-bully \/ reliable: .*properties single-leader, term-monotonic, liveness, agreement/);
  t.regex(r.stdout, /ok: 40 runs, \d+ events, no violation/);
});

test.serial('the bridged mutant bites: python-bully/no-reelection violates liveness under lossy, as the TypeScript mutant does', async (t) => {
  const out = tmp();
  const r = await cliAsync(['check', 'python-bully/no-reelection', '--profile', 'lossy', '--runs', '40', '--out', out]);
  t.is(r.code, 1, r.stdout + r.stderr);
  t.regex(r.stdout, /VIOLATION liveness in run \d+/);
  const bridged = decodeTrace(readFileSync(join(out, 'python-bully', 'no-reelection', 'lossy', 'liveness.trace.json'), 'utf8'), 'bridged');
  const ts = tmp();
  await cliAsync(['check', 'bully/no-reelection', '--profile', 'lossy', '--runs', '40', '--out', ts]);
  const inProcess = decodeTrace(readFileSync(join(ts, 'bully', 'no-reelection', 'lossy', 'liveness.trace.json'), 'utf8'), 'in process');
  t.deepEqual(bridged.events, inProcess.events, 'the same run, shrunk to the same events');
  t.deepEqual(bridged.violation, inProcess.violation);
});

test.serial('replay of a bridged counterexample is byte for byte the same twice, and check gives the same trace for --workers 1 and 2', async (t) => {
  const outs: string[] = [];
  for (const workers of ['1', '2']) {
    const out = tmp();
    const r = await cliAsync(['check', 'python-bully', '--profile', 'partition', '--runs', '30', '--workers', workers, '--out', out]);
    t.is(r.code, 1, r.stdout + r.stderr);
    outs.push(join(out, 'python-bully', 'partition', 'single-leader.trace.json'));
  }
  t.is(readFileSync(outs[0], 'utf8'), readFileSync(outs[1], 'utf8'));
  const first = await cliAsync(['replay', outs[0]]);
  const second = await cliAsync(['replay', outs[0]]);
  t.is(first.code, 1, first.stderr);
  t.regex(first.stdout, /VIOLATION single-leader/);
  t.is(first.stdout, second.stdout);
});

test.serial('explore through the bridge finds exactly the states the in-process Bully has', async (t) => {
  const states = async (model: string): Promise<string> => {
    const r = await cliAsync(['explore', model, '--property', 'term-monotonic', '--max-depth', '4', '--out', tmp()]);
    t.is(r.code, 0, r.stdout + r.stderr);
    return /(\d+) distinct states, (\d+) transitions/.exec(r.stdout)![0];
  };
  t.is(await states('python-bully'), await states('bully'));
});

test.serial('explore refuses, in one line, an adapter that promises no canonical state', async (t) => {
  const { path } = toyDescriptor('stateless');
  const r = await cliAsync(['explore', '--model-file', path]);
  t.is(r.code, 2, r.stdout + r.stderr);
  t.regex(r.stderr, /^leadercheck: explore: toy-stateless runs through the step bridge and its adapter promises no canonical state .*\n$/);
});

test.serial('simulate and shrink work on a bridged model', async (t) => {
  const story = await cliAsync(['simulate', 'python-bully', '--crash-leader-at', '30']);
  t.is(story.code, 0, story.stderr);
  t.regex(story.stdout, /Node 3 fails\.[\s\S]*Node 2: I am the leader!/);
  const out = tmp();
  await cliAsync(['check', 'python-bully/no-reelection', '--profile', 'partition', '--runs', '40', '--out', out]);
  const shrunk = await cliAsync(['shrink', join(out, 'python-bully', 'no-reelection', 'partition', 'liveness.trace.json'), '--out', out]);
  t.is(shrunk.code, 1, shrunk.stdout + shrunk.stderr);
  t.regex(shrunk.stdout, /shrunk: \d+ -> \d+ events/);
});

test.serial('a catalog row for a bridged built-in runs like any other: python-bully has the TypeScript Bully\'s verdicts', async (t) => {
  const bully = catalog.find((row) => row.model === 'bully')!;
  const run = (model: string) =>
    runCatalog({ catalog: [{ ...bully, model }], model: builtinModel, profiles: [findProfile('partition')!], seed: '1', budget: { runsPerCell: 30, eventsPerCell: 100_000 } });
  const bridged = run('python-bully');
  const inProcess = run('bully');
  // At this small budget some expected violations go unfound: the same ones for both.
  t.deepEqual(bridged.mismatches, inProcess.mismatches.map((line) => line.replace(/^bully/, 'python-bully')));
  t.is(bridged.cells.length, inProcess.cells.length);
});

test.serial('a nondeterministic implementation is reported naming the step, with both views, exit 1', async (t) => {
  const { path } = toyDescriptor('nondeterministic-leader', { at: 3, timeoutMs: 5000 });
  const out = tmp();
  const r = await cliAsync(['check', '--model-file', path, '--profile', 'reliable', '--runs', '5', '--out', out]);
  t.is(r.code, 1, r.stdout + r.stderr);
  t.regex(r.stdout, /MODEL ERROR in run 0 at step (\d+): the implementation is not deterministic: step \1 \(\{.*"kind":"timer".*\}\) gave node \d \{.*"view":\{.*\}\} then node \d \{.*"view":\{.*\}\}/);
  t.notRegex(r.stdout, /VIOLATION/, 'the counterexample is not reported as a finding');
});

test.serial('check --verify-determinism replays passing runs too; without it a nondeterminism that breaks nothing passes', async (t) => {
  const { path } = toyDescriptor('nondeterministic', { at: 3, timeoutMs: 5000 });
  const plain = await cliAsync(['check', '--model-file', path, '--profile', 'reliable', '--runs', '5', '--out', tmp()]);
  t.is(plain.code, 0, plain.stdout + plain.stderr);
  const verified = await cliAsync(['check', '--model-file', path, '--profile', 'reliable', '--runs', '5', '--verify-determinism', '--out', tmp()]);
  t.is(verified.code, 1, verified.stdout + verified.stderr);
  t.regex(verified.stdout, /MODEL ERROR in run 0 at step 7: the implementation is not deterministic: step 7 /);
});

test.serial('check --all refuses --verify-determinism in one line', async (t) => {
  const r = await cliAsync(['check', '--all', '--verify-determinism']);
  t.is(r.code, 2);
  t.regex(r.stderr, /check --all: --verify-determinism does not apply/);
});

/** A bridged model's hooks, called as the world calls them, to see what branching costs and checks. */
async function toyHooks(mode: string, at = 1000) {
  const protocol = await loadModelFile(toyDescriptor(mode, { at }).path);
  const ctx = (id: number): NodeContext => ({ id, nodes: 3, config: {} });
  const tick: Input = { kind: 'timer', name: 'tick' };
  // Another input than the one a token was stepped with: the answer cache cannot answer it.
  const ping: Input = { kind: 'message', from: 3, msg: { type: 'ping' } };
  return { protocol, ctx, tick, ping, stop: () => bridgeOf(protocol)!.host.stop() };
}

test.serial('stepping a token whose instance has moved on rebuilds it by replay and gives the same answer', async (t) => {
  const { protocol, ctx, tick, ping, stop } = await toyHooks('ok');
  const booted = protocol.init(ctx(2));
  const once = protocol.step(booted.state, tick, ctx(2));
  const twice = protocol.step(once.state, tick, ctx(2));
  // `once` is no instance's latest any more: stepping it with another input branches.
  const again = protocol.step(once.state, ping, ctx(2));
  t.deepEqual(again.state, twice.state);
  t.deepEqual(protocol.view(again.state), protocol.view(twice.state));
  t.deepEqual(again.state, { node: 2, state: { count: 2 } });
  stop();
});

test.serial('a boot or step asked again is answered from the cache, with no round trip', async (t) => {
  // From its first step on, this toy's answers carry a clock reading: only an answer kept from
  // the first time can equal it.
  const { protocol: toy, ctx, tick, stop } = await toyHooks('nondeterministic', 1);
  const booted = toy.init(ctx(1));
  t.deepEqual(toy.init(ctx(1)).state, booted.state);
  const once = toy.step(booted.state, tick, ctx(1));
  toy.step(once.state, tick, ctx(1));
  const replayed = toy.step(toy.init(ctx(1)).state, tick, ctx(1));
  t.deepEqual(replayed.state, once.state);
  t.deepEqual(toy.step(replayed.state, tick, ctx(1)).state, toy.step(once.state, tick, ctx(1)).state);
  stop();
});

test.serial('a deep rebuild goes as one batch bigger than the pipes hold, and comes back in order', async (t) => {
  // 3000 inputs of replay are some 300 KB each way: writing and reading must interleave, or the
  // process blocks on a full stdout while leadercheck still writes its stdin.
  const { protocol, ctx, tick, ping, stop } = await toyHooks('ok');
  let at = protocol.init(ctx(1));
  const tokens = [at.state];
  for (let i = 0; i < 3000; i++) tokens.push((at = protocol.step(at.state, tick, ctx(1))).state);
  const branched = protocol.step(tokens[2999], ping, ctx(1));
  t.deepEqual(branched.state, { node: 1, state: { count: 3000 } });
  t.deepEqual(protocol.view(branched.state), protocol.view(at.state));
  stop();
});

test.serial('past the live-instance cap the oldest instance is forgotten and rebuilt on demand, with the same answers', async (t) => {
  const { protocol, ctx, tick, stop } = await toyHooks('ok');
  const first = protocol.step(protocol.init(ctx(1)).state, tick, ctx(1));
  for (let i = 0; i < LIVE_INSTANCES_MAX + 5; i++) protocol.init(ctx(3));
  const next = protocol.step(first.state, tick, ctx(1));
  t.deepEqual(next.state, { node: 1, state: { count: 2 } });
  stop();
});

test.serial('a rebuild that answers differently than the first time is a divergence naming the input', async (t) => {
  const { protocol: toy, ctx, tick, ping, stop } = await toyHooks('nondeterministic', 1);
  const once = toy.step(toy.init(ctx(1)).state, tick, ctx(1));
  toy.step(once.state, tick, ctx(1));
  const error = t.throws(() => toy.step(once.state, ping, ctx(1)));
  t.regex(error!.message, /the implementation is not deterministic: node 1's input 1 since boot \(\{"kind":"timer","name":"tick"\}\) gave view \{.*\} \(answer .*\) then view/);
  stop();
});

test.serial('a node\'s seed is a function of the model, the cluster, the node, its config and (on recover) what it stored', async (t) => {
  const seed = instanceSeed('m', 3, 1, { a: 1, b: 2 }, 'init');
  t.is(seed, instanceSeed('m', 3, 1, { b: 2, a: 1 }, 'init'), 'key order does not matter');
  t.regex(seed, /^[0-9a-f]{16}$/);
  t.not(seed, instanceSeed('m', 3, 2, { a: 1, b: 2 }, 'init'));
  t.not(seed, instanceSeed('m', 3, 1, { a: 1, b: 3 }, 'init'));
  t.not(instanceSeed('m', 3, 1, {}, 'recover', { term: 1 }), instanceSeed('m', 3, 1, {}, 'recover', { term: 2 }));
  t.is(instanceSeed('m', 3, 1, {}, 'recover', undefined), instanceSeed('m', 3, 1, {}, 'recover', null));
});

test.serial('a step the adapter refuses gives up its instance: stepping the same token again rebuilds it and is refused again', async (t) => {
  const { protocol, ctx, tick, stop } = await toyHooks('fail', 2);
  const once = protocol.step(protocol.init(ctx(1)).state, tick, ctx(1));
  const first = t.throws(() => protocol.step(once.state, tick, ctx(1)));
  const second = t.throws(() => protocol.step(once.state, tick, ctx(1)));
  t.regex(first!.message, /the adapter failed \(node 1, timer tick\): toy: step 2 refused/);
  t.is(second!.message, first!.message);
  stop();
});
