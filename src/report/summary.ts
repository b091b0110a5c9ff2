import { join } from 'node:path';
import { CATALOG_PROPERTIES } from '../../properties/expectations.js';
import type { CatalogResult, PropertyVerdict } from '../check/catalogRun.js';
import { writeFileAtomic } from './atomicWrite.js';
import { protocolCoverageMarkdown } from './coverageMarkdown.js';
import { junitXml } from './junit.js';
import { protocolCoverageLcovFiles } from './coverageLcov.js';
import { coverageByModel, protocolCoverageJson } from './protocolCoverageJson.js';

export const SUMMARY_FORMAT = 'leadercheck/summary@1';

/**
 * summary.json: every cell's expected and observed verdicts. Everything outside `timings` follows
 * from the catalog, the seed and the budget, so two runs give equal JSON apart from `timings`.
 */
export function summaryJson(result: CatalogResult): string {
  const body = {
    format: SUMMARY_FORMAT,
    ok: result.mismatches.length === 0,
    seed: result.seed,
    budget: result.budget,
    mismatches: result.mismatches,
    cells: result.cells.map((c) => ({
      model: c.model,
      profile: c.profile,
      nodes: c.nodes,
      runs: c.runs,
      events: c.events,
      cutOffRuns: c.cutOffRuns,
      properties: c.properties,
    })),
    timings: {
      totalMs: Math.round(result.elapsedMs),
      cells: result.cells.map((c) => ({ model: c.model, profile: c.profile, ms: Math.round(c.elapsedMs) })),
    },
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/**
 * summary.md: one verdict matrix per model (profiles down, properties across), the mismatches,
 * the reasons of the violated cells, and timings last in their own table so the rest is stable.
 */
export function summaryMarkdown(result: CatalogResult): string {
  const lines: string[] = ['# leadercheck catalog', ''];
  const total = result.cells.reduce((n, c) => n + c.properties.length, 0);
  lines.push(
    result.mismatches.length === 0
      ? `**PASS**: all ${total} cells as expected.`
      : `**FAIL**: ${result.mismatches.length} of ${total} cells differ from the catalog.`,
    '',
    `Seed \`${result.seed}\`; budget per cell: ${result.budget.runsPerCell} runs or ${result.budget.eventsPerCell} events, whichever comes first.`,
    'A cell reads `observed` when it matches the catalog, `observed (expected X)` in bold when it does not; each violation links its counterexample trace (`npx leadercheck replay <trace>`).',
  );
  if (result.mismatches.length > 0) {
    lines.push('', '## Mismatches', '');
    for (const m of result.mismatches) lines.push(`- ${m}`);
  }
  for (const model of unique(result.cells.map((c) => c.model))) {
    const cells = result.cells.filter((c) => c.model === model);
    lines.push('', `## ${model} (${cells[0].nodes} nodes)`, '');
    lines.push(`| profile | ${CATALOG_PROPERTIES.join(' | ')} | runs | events |`);
    lines.push(`|---|${CATALOG_PROPERTIES.map(() => '---').join('|')}|---:|---:|`);
    for (const c of cells) {
      lines.push(`| ${c.profile} | ${c.properties.map(verdictCell).join(' | ')} | ${c.runs} | ${c.events} |`);
    }
    const reasons = unique(cells.flatMap((c) => c.properties.flatMap((p) => (p.reason === null ? [] : [`${p.property}: ${p.reason}`]))));
    if (reasons.length > 0) {
      lines.push('', 'Why the violated cells are violated:', '');
      for (const r of reasons) lines.push(`- ${r}`);
    }
    lines.push('', ...protocolCoverageMarkdown(coverageByModel(cells.map((c) => c.coverage))[0]));
  }
  lines.push('', '## Timings', '', '| model | profile | seconds |', '|---|---|---:|');
  for (const c of result.cells) lines.push(`| ${c.model} | ${c.profile} | ${(c.elapsedMs / 1000).toFixed(2)} |`);
  lines.push(`| total | | ${(result.elapsedMs / 1000).toFixed(2)} |`, '');
  return lines.join('\n');
}

function verdictCell(p: PropertyVerdict): string {
  const link = p.violation?.trace == null ? '' : ` ([run ${p.violation.run}](${p.violation.trace}))`;
  return p.mismatch === null ? `${p.observed}${link}` : `**${p.observed} (expected ${p.expected})**${link}`;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/**
 * Writes summary.md, summary.json, junit.xml and the protocol coverage (coverage/protocol.json,
 * coverage/protocol.lcov and its listings) into `out`, each atomically; returns their paths. Code
 * coverage from `npm run coverage` goes to coverage/code beside them.
 */
export function writeCatalogReports(out: string, result: CatalogResult): string[] {
  const coverage = result.cells.map((c) => c.coverage);
  const files: [string, string][] = [
    [join(out, 'summary.md'), summaryMarkdown(result)],
    [join(out, 'summary.json'), summaryJson(result)],
    [join(out, 'junit.xml'), junitXml(result)],
    [join(out, 'coverage', 'protocol.json'), protocolCoverageJson(coverage)],
    ...protocolCoverageLcovFiles(coverage).map(([path, content]): [string, string] => [join(out, 'coverage', path), content]),
  ];
  for (const [path, content] of files) writeFileAtomic(path, content);
  // The per-model listings the lcov file points at go unnamed: protocol.lcov stands for them.
  return files.map(([path]) => path).filter((path) => !path.endsWith('.txt'));
}
