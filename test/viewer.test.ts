import test from 'ava';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installBridge } from '../src/bridge/install.js';
import { replayJson } from '../src/cli/commands/replay.js';
import { resolveModel } from '../src/model/load.js';
import { scriptJson } from '../src/report/escape.js';
import { traceViewData } from '../src/report/view/buildViewData.js';
import { clientBundle, viewerScript } from '../src/report/view/clientBundle.js';
import { pageHtml } from '../src/report/view/viewerPage.js';
import { readTraceFile } from '../src/trace/decode.js';
import { replay } from '../src/trace/replay.js';
import { cli } from './helpers/cli.js';

// The corpus holds a bridged counterexample (etcd-raft/seed-loop), which resolves once the bridge is installed.
installBridge();

const volatileVote = 'reports/regressions/raft-volatile-vote.crash.election-safety.trace.json';
const tmp = () => mkdtempSync(join(tmpdir(), 'lc-view-'));

test('the view data of a counterexample holds every step, each node state once, every message with its fate, and the violation', async (t) => {
  const trace = readTraceFile(volatileVote);
  const data = traceViewData(trace, await resolveModel(trace.model, undefined));
  t.is(data.steps.length, trace.events.length + 1);
  // Interned: boot's three slots, then at most one new slot per event.
  t.true(data.snapshots.length <= trace.nodes + trace.events.length);
  for (const step of data.steps) t.is(step.nodes.length, trace.nodes);
  t.deepEqual(data.violation, trace.violation);
  const crash = data.steps.find((s) => s.event?.kind === 'crash')!;
  const down = data.snapshots[crash.nodes[(crash.event!.node as number) - 1]];
  t.false(down.up);
  t.is(down.state, null);
  t.not(down.stored, null, 'stable storage survives the crash and is shown');
  for (const step of data.steps) {
    if (step.event?.kind !== 'deliver') continue;
    const m = data.messages.find((q) => q.id === step.event!.id)!;
    t.deepEqual(m.end, { step: step.index, kind: 'deliver' });
    t.true(m.sentStep < step.index);
  }
  const leader = data.snapshots[data.steps[8].nodes[2]];
  t.like(leader, { up: true, role: 'leader', term: 1 });
});

test('every node at every step shows what replay --json prints, for every regression trace', async (t) => {
  const dir = 'reports/regressions';
  const traces = readdirSync(dir).filter((name) => name.endsWith('.trace.json'));
  t.true(traces.length >= 3);
  for (const name of traces) {
    const trace = readTraceFile(join(dir, name));
    const protocol = await resolveModel(trace.model, trace.modelFile);
    const result = replay(trace, protocol);
    const data = traceViewData(trace, protocol, result);
    const json = replayJson(result);
    const shown = data.steps.map((step) => ({
      index: step.index,
      event: step.event,
      views: step.nodes.map((i, n) => {
        const { up, role, term, leader } = data.snapshots[i];
        return { node: n + 1, up, role, term, leader };
      }),
    }));
    t.deepEqual(shown, json.steps, name);
    t.deepEqual(data.violation, json.violation, name);
  }
});

test('JSON in a script element cannot close it, and reads back as the same value', (t) => {
  const value = { detail: '</script><script>alert(1)</script><!-- \u2028 & >' };
  const text = scriptJson(value);
  t.false(/<|>|&|\u2028/.test(text));
  t.deepEqual(JSON.parse(text), value);
  const page = pageHtml({ title: '</title><b>', data: value, script: 'void 0;' });
  t.is(page.match(/<\/script>/g)!.length, 2, 'only the page\'s own two script elements end');
  t.true(page.includes('<title>&lt;/title&gt;&lt;b&gt;</title>'));
  t.regex(page, /Content-Security-Policy" content="default-src &#39;none&#39;/);
});

test('the viewer script is one self-contained classic script: no import or export is left in it', (t) => {
  const script = viewerScript();
  t.false(/^\s*(import|export)\b/m.test(script));
  t.notThrows(() => new Function(script), 'it parses');
  for (const name of ['renderDiagram', 'renderStatePanel', 'renderEventPanel', 'mountViewer']) t.true(script.includes(`function ${name}(`), name);
});

test('the client bundle refuses what it cannot join: a package import, a cycle, an export form it does not know', (t) => {
  const dir = tmp();
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  write('pkg.js', "import { x } from 'left-pad';\nexport const y = x;\n");
  t.throws(() => clientBundle([join(dir, 'pkg.js')]), { message: /may import only client modules, not left-pad/ });
  write('a.js', "import { b } from './b.js';\nexport const a = b;\n");
  write('b.js', "import { a } from './a.js';\nexport const b = a;\n");
  t.throws(() => clientBundle([join(dir, 'a.js')]), { message: /cycle/ });
  write('c.js', 'const c = 1;\nexport { c };\n');
  t.throws(() => clientBundle([join(dir, 'c.js')]), { message: /does not understand `export \{ c \};`/ });
  write('d.js', "import { one as uno } from './e.js';\nglobalThis.seen = uno + 1;\n");
  write('e.js', 'export const one = 1;\n');
  const scope: { seen?: number } = {};
  new Function('globalThis', clientBundle([join(dir, 'd.js')]))(scope);
  t.is(scope.seen, 2, 'an import renamed with `as` binds the exported value');
});

test('leadercheck view writes the page beside the trace, or into --out DIR; a file name for --out is one line, exit 2', (t) => {
  const dir = tmp();
  const input = join(dir, 'vv.trace.json');
  writeFileSync(input, readFileSync(volatileVote));
  const beside = cli(['view', input]);
  t.is(beside.code, 0, beside.stderr);
  t.true(beside.stdout.includes(`viewer: ${join(dir, 'vv.html')}`), beside.stdout);
  t.true(readFileSync(join(dir, 'vv.html'), 'utf8').startsWith('<!doctype html>'));
  const into = cli(['view', input, '--out', join(dir, 'pages')]);
  t.is(into.code, 0, into.stderr);
  t.true(readFileSync(join(dir, 'pages', 'vv.html'), 'utf8').includes('leadercheck-view-data'));
  const file = cli(['view', input, '--out', join(dir, 'page.html')]);
  t.is(file.code, 2);
  t.is(file.stderr.trim().split('\n').length, 1);
  t.regex(file.stderr, /--out names a directory/);
});

test('check writes a viewer beside every counterexample and summary.md links it', (t) => {
  const out = tmp();
  t.is(cli(['check', 'raft/volatile-vote', '--profile', 'crash', '--runs', '20', '--workers', '1', '--out', out]).code, 1);
  const page = readFileSync(join(out, 'raft', 'volatile-vote', 'crash', 'election-safety.html'), 'utf8');
  t.true(page.includes('"property":"election-safety"'));
  t.true(readFileSync(join(out, 'summary.md'), 'utf8').includes('[viewer](raft/volatile-vote/crash/election-safety.html)'));
});
