import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBuiltinModel } from '../models/index.js';
import { checkModel } from '../src/run/check.js';
import { main } from '../src/cli/main.js';
import { mermaidTrace } from '../src/report/mermaid.js';
import { mermaidLabel as label } from '../src/report/escape.js';
import { replayText } from '../src/report/replayText.js';
import { textTrace } from '../src/report/textTrace.js';
import { findProfile } from '../src/schedule/profiles.js';
import { decodeTrace } from '../src/trace/decode.js';
import { encodeTrace, type Trace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';

const protocol = findBuiltinModel('raft/volatile-vote')!;
const regression = 'reports/regressions/raft-volatile-vote.crash.election-safety.trace.json';
const trace = decodeTrace(readFileSync(regression, 'utf8'), regression);

test('the text trace has one line per event, marks changed views and ends with the violation', (t) => {
  const text = textTrace(protocol, trace, replay(trace, protocol));
  const rows = text.split('\n').filter((l) => /^\s*\d+  t=/.test(l));
  t.is(rows.length, trace.events.length + 1);
  // The first event is a timeout: its node becomes a candidate, the others do not change.
  t.is((rows[1].match(/\*/g) ?? []).length, 1);
  t.regex(rows[1], /C1\*/);
  t.regex(text, /VIOLATION election-safety at step 8/);
});

test('the Mermaid page names the broken property in its title and draws every event', (t) => {
  const md = mermaidTrace(protocol, trace, replay(trace, protocol));
  t.regex(md.split('\n')[0], /^# election-safety violated/);
  const diagram = md.slice(md.indexOf('```mermaid\n') + 11, md.lastIndexOf('```'));
  const lines = diagram.trim().split('\n');
  t.is(lines[0], 'sequenceDiagram');
  t.regex(lines[1], /^ {2}title election-safety violated/);
  const body = lines.filter((l) => /^ {2}(N\d+->>N\d+|Note over N\d+(,N\d+)?): /.test(l));
  // Every event is an arrow or a note, plus the closing violation note.
  t.is(body.length, trace.events.length + 1);
  t.is(lines.filter((l) => l.includes('->>')).length, trace.events.filter((e) => e.kind === 'deliver').length);
  // Mermaid statement text must not carry characters its parser reads as syntax.
  for (const line of lines.slice(1)) t.notRegex(line.slice(line.indexOf(':') + 1), /[;#:<>{}"%]/, line);
});

test('labels lose what Mermaid would read as syntax', (t) => {
  t.is(label('a->b; c#1: {x} "y" %%z F1>2 --'), 'a to b c 1 x y z F1 names 2 down');
});

test('leadercheck shrink --out DIR writes the shrunk trace with .txt and .md under its regression name, and exits 1', async (t) => {
  const found = checkModel({ protocol, nodes: 3, profile: findProfile('crash')!, properties: ['election-safety'], seed: '1', runs: 1000 }).found!;
  const dir = mkdtempSync(join(tmpdir(), 'leadercheck-shrink-'));
  const input = join(dir, 'long.trace.json');
  writeFileSync(input, encodeTrace(found.trace));
  const out = join(dir, 'shrunk', 'raft-volatile-vote.crash.election-safety.trace.json');
  const code = await captured(() => main(['shrink', input, '--out', join(dir, 'shrunk')]));
  t.is(code, 1);
  const shrunk = decodeTrace(readFileSync(out, 'utf8'), out) as Trace;
  t.true(shrunk.events.length < found.trace.events.length);
  t.is(shrunk.violation?.property, 'election-safety');
  t.true(existsSync(out.replace('.trace.json', '.txt')));
  t.true(existsSync(out.replace('.trace.json', '.md')));
});

test('leadercheck shrink refuses a trace that violates nothing, with exit 2', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'leadercheck-shrink-'));
  const input = join(dir, 'fine.trace.json');
  writeFileSync(input, encodeTrace({ ...trace, events: trace.events.slice(0, 2), violation: null }));
  t.is(await captured(() => main(['shrink', input])), 2);
});

async function captured(run: () => Promise<number>): Promise<number> {
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return await run();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

test('a liveness trace shows where faults stop, in the text, in replay and in the diagram', (t) => {
  const noReelection = findBuiltinModel('bully/no-reelection')!;
  const found = checkModel({ protocol: noReelection, nodes: 3, profile: findProfile('lossy')!, properties: ['liveness'], seed: '1', runs: 300 }).found!;
  const live = found.trace;
  const result = replay(live, noReelection);
  const lines = textTrace(noReelection, live, result).split('\n');
  const marker = lines.findIndex((l) => l.includes('-- faults stop at t='));
  t.true(marker > 0);
  // It follows the row of the stabilization step.
  t.regex(lines[marker - 1], new RegExp(`^\\s*${live.stabilization!.step}  t=`));
  t.regex(replayText(noReelection, result, live.stabilization), /-- faults stop at t=\d+/);
  t.regex(mermaidTrace(noReelection, live, result), /Note over N1,N3: t=\d+ faults stop/);
});

test('a 200,000-event trace renders as text without overflowing the stack', (t) => {
  const result = replay(trace, protocol);
  // The same steps over and over: only the renderer's own limits are under test.
  const steps = Array.from({ length: 200_000 }, (_, i) => ({ ...result.steps[1 + (i % (result.steps.length - 1))], index: i + 1 }));
  const long = { ...result, steps: [result.steps[0], ...steps] };
  const longTrace = { ...trace, events: steps.map((s) => s.event!) };
  t.notThrows(() => textTrace(protocol, longTrace, long));
  t.notThrows(() => replayText(protocol, long));
});
