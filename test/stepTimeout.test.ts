import test, { type ExecutionContext } from 'ava';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelFile } from '../src/model/load.js';
import { decodeTrace } from '../src/trace/decode.js';
import { replay } from '../src/trace/replay.js';
import { CallWatch } from '../src/run/watchdog.js';
import { cli } from './helpers/cli.js';

// A model call that never returns is a model error like a throw: the run stops at the deadline,
// exit 1, and the trace leads there, its last event the call that hung.

const tmp = () => mkdtempSync(join(tmpdir(), 'step-timeout-'));
const fixture = (name: string) => join(process.cwd(), 'test/fixtures', name);
// Long enough that a healthy call on a loaded 2-core CI machine is never taken for a hung one (only a
// call stuck for the whole deadline is), short enough to keep the tests quick.
const TIMEOUT_MS = 1000;
const TIMEOUT = ['--step-timeout', String(TIMEOUT_MS)];

/** The trace replays up to its last event, and that event is the one node 2 loops on: its third timer. */
async function leadsToTheHang(t: ExecutionContext, path: string): Promise<void> {
  const trace = decodeTrace(readFileSync(path, 'utf8'), path);
  const last = trace.events.at(-1);
  t.like(last, { kind: 'timer', node: 2 });
  const protocol = await loadModelFile(fixture('hanging-step.mjs'));
  const before = replay({ ...trace, events: trace.events.slice(0, -1) }, protocol);
  const node2 = before.steps.at(-1)!.world.nodes[1];
  t.is((node2.state as { fired: number }).fired, 2, 'node 2 has fired twice: its next tick loops');
}

for (const workers of ['1', '2']) {
  test(`check --workers ${workers}: a step that never returns is a model error naming node, hook and step, with the trace that led there`, async (t) => {
    const out = tmp();
    const r = cli(['check', '--model-file', fixture('hanging-step.mjs'), '--profile', 'reliable', '--runs', '5', '--workers', workers, '--out', out, ...TIMEOUT]);
    t.is(r.code, 1, r.stdout + r.stderr);
    t.notRegex(r.stderr, /internal error/);
    t.regex(r.stdout, new RegExp(String.raw`MODEL ERROR in run 0 at step \d+: node 2's step did not return within ${TIMEOUT_MS} ms \(handling tick\)`));
    const path = join(out, 'hanging-step', 'reliable', 'model-error.trace.json');
    await leadsToTheHang(t, path);
    t.regex(readFileSync(path.replace('.trace.json', '.txt'), 'utf8'), new RegExp(String.raw`model error at step \d+: node 2's step did not return within ${TIMEOUT_MS} ms`));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    t.false(summary.ok);
  });
}

test('check: the same hang gives the same step and trace for any --workers', (t) => {
  const outs = ['1', '2'].map((workers) => {
    const out = tmp();
    cli(['check', '--model-file', fixture('hanging-step.mjs'), '--profile', 'crash', '--runs', '120', '--workers', workers, '--out', out, ...TIMEOUT]);
    return readFileSync(join(out, 'hanging-step', 'crash', 'model-error.trace.json'), 'utf8');
  });
  t.is(outs[0], outs[1]);
});

test('check: a view that never returns names the view hook', (t) => {
  const out = tmp();
  const r = cli(['check', '--model-file', fixture('hanging-view.mjs'), '--profile', 'reliable', '--runs', '3', '--workers', '1', '--out', out, ...TIMEOUT]);
  t.is(r.code, 1, r.stdout + r.stderr);
  t.regex(r.stdout, new RegExp(String.raw`MODEL ERROR in run 0 at step \d+: node \d's view did not return within ${TIMEOUT_MS} ms \(after handling tick\)`));
  const trace = decodeTrace(readFileSync(join(out, 'hanging-view', 'reliable', 'model-error.trace.json'), 'utf8'), 'trace');
  t.like(trace.events.at(-1), { kind: 'timer' });
});

test('explore: a step that never returns is a model error with the path that led there', async (t) => {
  const cwd = tmp();
  const r = cli(['explore', '--model-file', fixture('hanging-step.mjs'), ...TIMEOUT], cwd);
  t.is(r.code, 1, r.stdout + r.stderr);
  t.is(r.stderr, '');
  t.regex(r.stdout, new RegExp(String.raw`MODEL ERROR at step \d+: node 2's step did not return within ${TIMEOUT_MS} ms`));
  await leadsToTheHang(t, join(cwd, 'reports', 'hanging-step', 'explore', 'model-error.trace.json'));
});

test('simulate: a step that never returns is one line naming the step, exit 1', (t) => {
  const r = cli(['simulate', '--model-file', fixture('hanging-step.mjs'), ...TIMEOUT]);
  t.is(r.code, 1, r.stdout + r.stderr);
  t.regex(r.stderr, new RegExp(String.raw`^leadercheck: model error: step \d+: node 2's step did not return within ${TIMEOUT_MS} ms \(handling tick\)\n$`));
});

test('--step-timeout must be a positive integer: one line, exit 2', (t) => {
  for (const command of ['check', 'simulate', 'explore']) {
    const r = cli([command, 'raft', '--step-timeout', '0', ...(command === 'simulate' ? [] : ['--out', tmp()])]);
    t.is(r.code, 2, command);
    t.regex(r.stderr, /^leadercheck: --step-timeout must be .*\n$/);
  }
});

test('CallWatch: hung only inside a call that stood still for the deadline', (t) => {
  const calls = new Float64Array(2);
  const watch = new CallWatch(calls, 100);
  watch.restart(0);
  calls[0] = 5;
  calls[1] = 4;
  t.is(watch.hungCall(10), 0, 'first sight of call 5');
  t.is(watch.hungCall(109), 0);
  t.is(watch.hungCall(110), 5, 'call 5 stood still for 100 ms');
  calls[0] = 6;
  t.is(watch.hungCall(500), 0, 'a new call moved');
  calls[1] = 6;
  t.is(watch.hungCall(700), 0, 'between calls the clock does not run');
  t.is(watch.hungCall(900), 0);
});

test('a call that stalls once past the deadline is run again, not reported: only a call that hangs twice is a model error', (t) => {
  const marker = join(tmp(), 'stalled');
  process.env.STALL_MARKER = marker;
  const r = cli(['check', '--model-file', fixture('stall-once.mjs'), '--profile', 'reliable', '--runs', '3', '--workers', '1', '--out', tmp(), '--step-timeout', '500']);
  t.true(existsSync(marker), 'the call did stall once');
  t.is(r.code, 0, r.stdout + r.stderr);
  t.regex(r.stdout, /ok: 3 runs/);
});
