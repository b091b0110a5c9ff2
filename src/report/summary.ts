import { join } from 'node:path';
import { CATALOG_PROPERTIES } from '../../properties/expectations.js';
import type { CellResult, PlainCheckCellResult, PropertyVerdict, RunSummary } from '../run/results.js';
import type { ProtocolCoverage } from '../coverage/protocolCoverage.js';
import { MODEL_ERROR } from '../run/chunkTask.js';
import { writeFileAtomic } from './atomicWrite.js';
import { markdownCell, markdownCode, markdownLinkTarget, markdownText } from './escape.js';
import { protocolCoverageMarkdown } from './coverageMarkdown.js';
import { junitXml } from './junit.js';
import { protocolCoverageLcovFiles } from './coverageLcov.js';
import { coverageByModel, protocolCoverageJson } from './protocolCoverageJson.js';
import { counterexamplePaths } from './writeCounterexample.js';

export const SUMMARY_FORMAT = 'leadercheck/summary@1';

/**
 * summary.json: every cell's expected and observed verdicts. Everything outside `timings` follows
 * from the catalog, the seed and the budget, so two runs give equal JSON apart from `timings`.
 */
export function summaryJson(result: RunSummary): string {
  const body = {
    format: SUMMARY_FORMAT,
    // A catalog's summary has no kind key: it was the only kind when the format was published.
    ...(result.kind === 'check' ? { kind: result.kind } : {}),
    ok: result.mismatches.length === 0 && !result.interrupted,
    ...(result.interrupted ? { interrupted: true } : {}),
    ...(result.shard === undefined ? {} : { shard: result.shard }),
    seed: result.seed,
    budget: result.budget,
    mismatches: result.mismatches,
    cells: result.cells.map((c: CellResult) => ({
      model: c.model,
      profile: c.profile,
      nodes: c.nodes,
      ...(c.kind === 'check' ? { firstRun: c.firstRun } : {}),
      ...(c.interrupted ? { interrupted: true } : {}),
      runs: c.runs,
      events: c.events,
      cutOffRuns: c.cutOffRuns,
      properties: c.properties,
    })),
    timings: {
      totalMs: Math.round(result.elapsedMs),
      cells: result.cells.map((c) => ({ model: c.model, profile: c.profile, ms: Math.round(c.elapsedMs), ...(c.shrinkMs === undefined ? {} : { shrinkMs: Math.round(c.shrinkMs) }) })),
    },
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/**
 * summary.md: one verdict matrix per model (profiles down, properties across), the mismatches,
 * the reasons of the violated cells, and timings last in their own table so the rest is stable.
 */
export function summaryMarkdown(result: RunSummary): string {
  const lines: string[] = [result.kind === 'check' ? '# leadercheck check' : '# leadercheck catalog', ''];
  const total = result.cells.reduce((n, c) => n + c.properties.length, 0);
  if (result.interrupted) lines.push('**INTERRUPTED**: the cells below cover the runs completed before SIGINT.', '');
  lines.push(verdictLine(result, total), '');
  lines.push(
    result.kind === 'check'
      ? `Seed ${markdownCode(result.seed)}; ${result.budget.runsPerCell} runs per model and profile, stopping at the first violation; every property is expected to hold.`
      : `Seed ${markdownCode(result.seed)}; budget per cell: ${result.budget.runsPerCell} runs or ${result.budget.eventsPerCell} events, whichever comes first.`,
    `A cell reads \`observed\` when it matches ${result.kind === 'check' ? 'what is expected' : 'the catalog'}, \`observed (expected X)\` in bold when it does not; each violation links its counterexample trace (\`npx leadercheck replay <trace>\`) and the trace's viewer page.`,
  );
  if (result.mismatches.length > 0) {
    lines.push('', '## Mismatches', '');
    for (const m of result.mismatches) lines.push(`- ${markdownText(m)}`);
  }
  for (const model of unique(result.cells.map((c) => c.model))) {
    const cells = result.cells.filter((c) => c.model === model);
    lines.push('', `## ${markdownText(model)} (${cells[0].nodes} nodes)`, '');
    // The catalog's properties, then any other a cell reports (a model error, say), so columns line up.
    const columns = unique([...(result.kind === 'check' ? [] : CATALOG_PROPERTIES), ...cells.flatMap((c) => c.properties.map((p) => p.property))]);
    lines.push(`| profile | ${columns.map(markdownCell).join(' | ')} | runs | events |`);
    lines.push(`|---|${columns.map(() => '---').join('|')}|---:|---:|`);
    for (const c of cells) {
      const verdicts = columns.map((name) => {
        const p = c.properties.find((q) => q.property === name);
        return p === undefined ? '-' : verdictCell(p);
      });
      lines.push(`| ${markdownCell(c.profile)}${c.interrupted ? ' (interrupted)' : ''} | ${verdicts.join(' | ')} | ${c.runs} | ${c.events} |`);
    }
    const reasonsOf = (checked: boolean) =>
      unique(cells.flatMap((c) => c.properties.flatMap((p) => (p.reason === null || (p.expected === 'not checked') === checked ? [] : [`${p.property}: ${p.reason}`]))));
    const reasons = reasonsOf(true);
    if (reasons.length > 0) {
      lines.push('', 'Why the violated cells are violated:', '');
      for (const r of reasons) lines.push(`- ${markdownText(r)}`);
    }
    const unchecked = reasonsOf(false);
    if (unchecked.length > 0) {
      lines.push('', 'Why the cells read `not checked` are left out (`check MODEL --property P` checks one on demand):', '');
      for (const r of unchecked) lines.push(`- ${markdownText(r)}`);
    }
    const coverage = coverageOf(cells);
    if (coverage.length > 0) lines.push('', ...protocolCoverageMarkdown(coverageByModel(coverage)[0]));
  }
  // Shrinking runs on the workers beside the cell's runs: its seconds are a share of the work, not of the cell's wall-clock.
  const seconds = (ms: number | undefined) => (ms === undefined ? '' : (ms / 1000).toFixed(2));
  const shrinkTotal = result.cells.reduce((n, c) => n + (c.shrinkMs ?? 0), 0);
  // Plain check shrinks after its runs, outside the cells' timings: it has no shrinking column rather than a column of zeros.
  if (!result.cells.some((c) => c.shrinkMs !== undefined)) {
    lines.push('', '## Timings', '', '| model | profile | seconds |', '|---|---|---:|');
    for (const c of result.cells) lines.push(`| ${markdownCell(c.model)} | ${markdownCell(c.profile)} | ${seconds(c.elapsedMs)} |`);
    lines.push(`| total | | ${seconds(result.elapsedMs)} |`, '');
    return lines.join('\n');
  }
  lines.push('', '## Timings', '', '| model | profile | seconds | shrinking (s) |', '|---|---|---:|---:|');
  for (const c of result.cells) lines.push(`| ${markdownCell(c.model)} | ${markdownCell(c.profile)} | ${seconds(c.elapsedMs)} | ${seconds(c.shrinkMs)} |`);
  lines.push(`| total | | ${seconds(result.elapsedMs)} | ${seconds(shrinkTotal)} |`, '');
  return lines.join('\n');
}

/**
 * PASS only when every cell ran to its end as expected: an interrupted run's cells cover part of
 * their runs, so it says what it saw and no more.
 */
function verdictLine(result: RunSummary, total: number): string {
  const differ = result.kind === 'check' ? 'differ from what is expected' : 'differ from the catalog';
  const unchecked = result.cells.reduce((n, c) => n + c.properties.filter((p) => p.expected === 'not checked').length, 0);
  const leftOut = unchecked === 0 ? '' : ` (${unchecked} of them not checked, as the catalog says)`;
  if (result.mismatches.length > 0) return `**FAIL**: ${result.mismatches.length} of ${total} cells ${differ}.`;
  return result.interrupted ? `No cell differs from what is expected in the runs completed; ${total} cells in all${leftOut}.` : `**PASS**: all ${total} cells as expected${leftOut}.`;
}

function verdictCell(p: PropertyVerdict): string {
  const trace = p.violation?.trace;
  // A counterexample has a viewer page beside its trace; a model error has none (it may have no world to show).
  const viewer = trace == null || p.property === MODEL_ERROR ? '' : `, [viewer](${markdownLinkTarget(counterexamplePaths(trace).html)})`;
  const link = trace == null ? '' : ` ([run ${p.violation!.run}](${markdownLinkTarget(trace)})${viewer})`;
  return p.mismatch === null ? `${p.observed}${link}` : `**${p.observed} (expected ${p.expected})**${link}`;
}

/** The protocol coverage the cells carry. */
function coverageOf(cells: readonly CellResult[]): ProtocolCoverage[] {
  return cells.flatMap((c) => (c.coverage === undefined ? [] : [c.coverage]));
}

/** Where plain check keeps each cell's coverage, for `merge`. */
export const CELL_COVERAGE_FILE = 'cells.json';

function cellCoverageJson(cells: readonly PlainCheckCellResult[]): string {
  const body = cells.flatMap((c) => (c.coverage === undefined ? [] : [{ model: c.model, profile: c.profile, firstRun: c.firstRun, coverage: c.coverage }]));
  return `${JSON.stringify({ format: 'leadercheck/cell-coverage@1', cells: body })}\n`;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/**
 * Writes summary.md, summary.json, junit.xml and the protocol coverage (coverage/protocol.json,
 * coverage/protocol.lcov and its listings) into `out`, each atomically; returns their paths. Code
 * coverage from `npm run coverage` goes to coverage/code beside them.
 */
export function writeCatalogReports(out: string, result: RunSummary): string[] {
  const coverage = coverageOf(result.cells);
  const files: [string, string][] = [
    [join(out, 'summary.md'), summaryMarkdown(result)],
    [join(out, 'summary.json'), summaryJson(result)],
    [join(out, 'junit.xml'), junitXml(result)],
    [join(out, 'coverage', 'protocol.json'), protocolCoverageJson(coverage)],
    ...protocolCoverageLcovFiles(coverage).map(([path, content]): [string, string] => [join(out, 'coverage', path), content]),
    // Plain check's shards hold slices of runs of every cell, and merging keeps a cell's slices
    // only up to its first violation: it needs each cell's coverage, not each model's.
    ...(result.kind === 'check' ? [[join(out, 'coverage', CELL_COVERAGE_FILE), cellCoverageJson(result.cells)] as [string, string]] : []),
  ];
  for (const [path, content] of files) writeFileAtomic(path, content);
  // The per-model listings the lcov file points at go unnamed (protocol.lcov stands for them), and
  // so does cells.json, which is for `merge` rather than for people.
  return files.map(([path]) => path).filter((path) => !path.endsWith('.txt') && !path.endsWith(CELL_COVERAGE_FILE));
}
