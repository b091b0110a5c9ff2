import test from 'ava';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelFile } from '../src/model/load.js';
import { reportCheck } from '../src/report/checkReport.js';
import { checkModel, type CheckOptions } from '../src/run/check.js';
import { findProfile } from '../src/schedule/profiles.js';
import { cli } from './helpers/cli.js';

const BOSSY_TS = 'test/fixtures/bossy.ts';

/** The lines `check` prints for a violation, without their indent: what reportCheck must repeat. */
function violationBlock(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(VIOLATION|shrunk:|reproduce:)/.test(line));
}

test('a TypeScript --model-file runs with no build step, on worker threads and in this one alike', (t) => {
  for (const workers of ['1', '2']) {
    const out = mkdtempSync(join(tmpdir(), 'lc-ts-'));
    const r = cli(['check', '--model-file', BOSSY_TS, '--profile', 'reliable', '--runs', '20', '--workers', workers, '--out', out]);
    t.is(r.code, 1, r.stderr);
    t.regex(r.stdout, /VIOLATION election-safety in run 0 at step 2: nodes 2 and 3 both leader in term 1/);
  }
});

test('reportCheck prints checkModel\'s counterexample as the CLI prints it, with the .txt after', async (t) => {
  const protocol = await loadModelFile(BOSSY_TS);
  const options: CheckOptions = { protocol, modelFile: BOSSY_TS, nodes: 3, profile: findProfile('crash')!, seed: '4', runs: 50, properties: ['election-safety'] };
  const report = reportCheck(options, checkModel(options));
  t.false(report.ok);
  const out = mkdtempSync(join(tmpdir(), 'lc-ts-'));
  const r = cli(['check', '--model-file', BOSSY_TS, '--profile', 'crash', '--seed', '4', '--runs', '50', '--out', out]);
  const block = violationBlock(r.stdout);
  t.is(block.length, 3);
  t.deepEqual(report.text.split('\n').slice(0, 3), block);
  t.regex(report.text, /\n0 +t=0 +boot /);
  t.is(report.trace!.violation!.property, 'election-safety');
});

test('reportCheck says ok when nothing is violated, and names no rerun for a model only this process has', (t) => {
  const options: CheckOptions = { protocol: quiet, nodes: 3, profile: findProfile('reliable')!, seed: '1', runs: 5, properties: ['election-safety'] };
  const report = reportCheck(options, checkModel(options));
  t.true(report.ok);
  t.regex(report.text, /^ok: 5 runs, \d+ events, no violation\n$/);
  const everyoneLeads = { ...quiet, name: 'everyone-leads', step: (_s: unknown, _i: unknown, ctx: { id: number }) => ({ state: { leader: ctx.id } }) };
  const broken = { ...options, protocol: everyoneLeads };
  const brokenReport = reportCheck(broken, checkModel(broken));
  t.false(brokenReport.ok);
  t.regex(brokenReport.text, /^VIOLATION election-safety in run 0/);
  t.notRegex(brokenReport.text, /reproduce:/);
});

/** A model in which nobody ever leads: safe (and not live). */
const quiet = {
  name: 'quiet', summary: '', defaultConfig: {}, promises: ['election-safety' as const],
  init: () => ({ state: { leader: null }, timers: [{ name: 'patience', after: [5, 15] as const }] }),
  step: (s: unknown) => ({ state: s }),
  stored: () => null,
  recover: () => ({ state: { leader: null } }),
  view: (s: { leader: number | null }) => ({ role: s.leader === null ? 'follower' : 'leader', term: 1, leader: s.leader }),
};

test('a .ts model outside an ES module package (compiled as CommonJS) still gives its default export', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-ts-cjs-'));
  const file = join(dir, 'bossy.ts');
  copyFileSync(BOSSY_TS, file);
  const model = await loadModelFile(file);
  t.is(model.name, 'bossy');
  t.is(typeof model.step, 'function');
});

test('a .ts model that does not compile is one line, exit 2', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-ts-bad-'));
  const file = join(dir, 'broken.ts');
  writeFileSync(file, 'const x: = 3;\nexport default x;\n');
  const r = cli(['check', '--model-file', file, '--runs', '1', '--out', join(dir, 'out')]);
  t.is(r.code, 2);
  t.regex(r.stderr, /^leadercheck: --model-file .*broken\.ts: cannot load it as an ES module \(.+\)\n$/);
  // The one line keeps where the compiler stopped (esbuild puts it on the line after its heading).
  t.regex(r.stderr, /broken\.ts:1:\d+: ERROR: /);
});
