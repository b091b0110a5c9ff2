import test from 'ava';
import { CATALOG_PROPERTIES, catalog, type Catalog, checkedProperties, expectedCells } from '../properties/expectations.js';
import { runCatalog } from '../src/run/catalog.js';
import { builtinModel } from '../src/model/load.js';
import type { TraceFile } from '../src/run/results.js';
import { junitXml } from '../src/report/junit.js';
import { summaryJson, summaryMarkdown } from '../src/report/summary.js';
import { validate } from '../src/schema/validate.js';
import { findProfile } from '../src/schedule/profiles.js';

const WHY = 'a test leaves it out: its premise is not in this model';
// Raft violates agreement under every profile (any node may win), so a cell left out that still ran would show it.
const raftWithoutAgreement: Catalog = catalog.filter((row) => row.model === 'raft').map((row) => ({ ...row, expect: { ...row.expect, agreement: { notChecked: WHY } } }));
const run = (onCellDone?: (cell: unknown, traces: readonly TraceFile[]) => void) =>
  runCatalog({ catalog: raftWithoutAgreement, model: builtinModel, profiles: [findProfile('partition')!], seed: '1', budget: { runsPerCell: 30, eventsPerCell: 100_000 }, onCellDone });

test('a property a row leaves out is neither judged nor written, and reads "not checked" with its reason', (t) => {
  t.false(checkedProperties(raftWithoutAgreement[0]).includes('agreement'));
  t.true(checkedProperties(raftWithoutAgreement[0]).includes('election-safety'));
  const written: string[] = [];
  const result = run((_cell, traces) => written.push(...traces.map((f) => f.path)));
  t.deepEqual(result.mismatches, []);
  const agreement = result.cells[0].properties.find((p) => p.property === 'agreement')!;
  t.deepEqual(agreement, { property: 'agreement', expected: 'not checked', reason: WHY, observed: 'not checked', violation: null, mismatch: null });
  t.false(written.some((path) => path.includes('agreement')));
  // The other cells of the row still run: raft under partition violates single-leader.
  t.is(result.cells[0].properties.find((p) => p.property === 'single-leader')!.observed, 'violated');
});

test('the reports say which cells were left out and why: summary.json (schema-valid), summary.md and JUnit skipped', (t) => {
  const result = run();
  t.notThrows(() => validate(JSON.parse(summaryJson(result)), 'summary', 'summary.json'));
  const md = summaryMarkdown(result);
  t.regex(md, /\*\*PASS\*\*: all \d+ cells as expected \(1 of them not checked, as the catalog says\)\./);
  t.true(md.includes(`- agreement: ${WHY}`));
  t.false(md.slice(md.indexOf('Why the violated'), md.indexOf('Why the cells read')).includes(WHY));
  const xml = junitXml(result);
  t.regex(xml, /<testsuite name="raft" tests="\d+" failures="0" skipped="1"/);
  t.true(xml.includes(`<skipped message="${WHY}"/>`));
});

test('the coordination rows leave out agreement, whose premise (the highest id leads) their roles do not have', (t) => {
  for (const row of catalog.filter((r) => r.model.startsWith('lease') || r.model.startsWith('zookeeper'))) {
    t.false(checkedProperties(row).includes('agreement'), row.model);
    t.true(expectedCells([row]).filter((c) => c.property === 'agreement').every((c) => c.expected === 'not checked'));
  }
  // Everywhere else every property is checked but the etcd rows' agreement (next test).
  const leftOut = (r: { model: string }) => r.model.startsWith('lease') || r.model.startsWith('zookeeper') || r.model.startsWith('etcd-raft');
  for (const row of catalog.filter((r) => !leftOut(r))) t.is(checkedProperties(row).length, 8, row.model);
});

test('the etcd rows leave out agreement and say plainly that the reason is practical', (t) => {
  const rows = catalog.filter((r) => r.model.startsWith('etcd-raft'));
  t.deepEqual(rows.map((r) => r.model), ['etcd-raft', 'etcd-raft/prevote', 'etcd-raft/seed-loop']);
  for (const row of rows) {
    t.deepEqual(CATALOG_PROPERTIES.filter((p) => !checkedProperties(row).includes(p)), ['agreement'], row.model);
    t.regex((row.expect.agreement as { notChecked: string }).notChecked, /^left out for a practical reason/);
  }
});
