import test from 'ava';
import { summaryJson, summaryMarkdown } from '../src/report/summary.js';
import type { CatalogSummary } from '../src/run/results.js';

const cell = (model: string, elapsedMs: number, shrinkMs?: number) => ({
  kind: 'catalog' as const,
  model,
  profile: 'reliable' as const,
  nodes: 3,
  runs: 1,
  events: 1,
  cutOffRuns: [],
  properties: [],
  elapsedMs,
  ...(shrinkMs === undefined ? {} : { shrinkMs }),
  interrupted: false,
});

const summary: CatalogSummary = {
  kind: 'catalog',
  seed: '1',
  budget: { runsPerCell: 1, eventsPerCell: 1 },
  mismatches: [],
  elapsedMs: 5000,
  interrupted: false,
  cells: [cell('raft', 3000, 1234.4), cell('bully', 2000)],
};

test("the summary's timings give each cell's shrinking time beside its wall-clock, and the total", (t) => {
  const json = JSON.parse(summaryJson(summary));
  t.deepEqual(json.timings.cells, [
    { model: 'raft', profile: 'reliable', ms: 3000, shrinkMs: 1234 },
    { model: 'bully', profile: 'reliable', ms: 2000 },
  ]);
  const md = summaryMarkdown(summary);
  t.true(md.includes('| model | profile | seconds | shrinking (s) |'), md);
  t.true(md.includes('| raft | reliable | 3.00 | 1.23 |'), md);
  t.true(md.includes('| bully | reliable | 2.00 |  |'), md);
  t.true(md.includes('| total | | 5.00 | 1.23 |'), md);
});

// A plain check shrinks after its runs and records no shrinking time: its table had a column of zeros.
test('a summary whose cells record no shrinking time has no shrinking column', (t) => {
  const md = summaryMarkdown({ ...summary, cells: [cell('raft', 3000), cell('bully', 2000)] });
  t.true(md.includes('| model | profile | seconds |\n'), md);
  t.false(md.includes('shrinking (s)'), md);
  t.true(md.includes('| total | | 5.00 |\n'), md);
});
