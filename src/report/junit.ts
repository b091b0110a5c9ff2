import type { CellResult, PropertyVerdict, RunSummary } from '../run/results.js';
import { xmlText as xml } from './escape.js';

/**
 * JUnit XML for CI dashboards: one testsuite per model, one testcase per model x profile x
 * property cell; a cell whose observed verdict differs from the expected one is a failure naming
 * it and the trace it links. Times add up as dashboards sum them: a cell's milliseconds are shared
 * out among its cases (they are judged in the same runs), a suite's time is the sum of its cases'
 * and the root's the sum of its suites', all in whole milliseconds so no rounding drifts.
 */
export function junitXml(result: RunSummary): string {
  const all = result.cells.flatMap((c) => c.properties);
  const caseMs = new Map(result.cells.map((c) => [c, shareOut(Math.round(c.elapsedMs), c.properties.length)]));
  const suites: string[] = [];
  let totalMs = 0;
  for (const model of [...new Set(result.cells.map((c) => c.model))]) {
    const cells = result.cells.filter((c) => c.model === model);
    const cases = cells.flatMap((c) => c.properties);
    const failures = cases.filter((p) => p.mismatch !== null).length;
    const suiteMs = cells.reduce((ms, c) => ms + sum(caseMs.get(c)!), 0);
    totalMs += suiteMs;
    const skipped = cases.filter((p) => p.expected === 'not checked').length;
    suites.push(`  <testsuite name="${xml(model)}" tests="${cases.length}" failures="${failures}"${skipped === 0 ? '' : ` skipped="${skipped}"`} time="${seconds(suiteMs)}">`);
    for (const c of cells) c.properties.forEach((p, i) => suites.push(...testcase(c, p, caseMs.get(c)![i])));
    suites.push('  </testsuite>');
  }
  const name = result.kind === 'check' ? 'leadercheck check' : 'leadercheck catalog';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" tests="${all.length}" failures="${result.mismatches.length}" time="${seconds(totalMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(c: CellResult, p: PropertyVerdict, ms: number): string[] {
  const name = `${c.model} / ${c.profile} / ${p.property}: ${p.expected}`;
  const open = `    <testcase classname="${xml(`${c.model}.${c.profile}`)}" name="${xml(name)}" time="${seconds(ms)}"`;
  // JUnit's own word for a case that was not run: dashboards show it as skipped, with the catalog's reason.
  if (p.expected === 'not checked') return [`${open}>`, `      <skipped message="${xml(p.reason ?? 'not checked')}"/>`, '    </testcase>'];
  if (p.mismatch === null) return [`${open}/>`];
  const type = p.expected === 'violated' ? 'lost-power' : 'unexpected-violation';
  const trace = p.violation?.trace ?? null;
  if (trace === null) return [`${open}>`, `      <failure message="${xml(p.mismatch)}" type="${type}"/>`, '    </testcase>'];
  // CI viewers show the message and system-out, not attributes of our own: both name the trace.
  const seeTrace = `trace: ${trace} (relative to this file's folder; npx leadercheck replay it)`;
  return [
    `${open}>`,
    `      <failure message="${xml(`${p.mismatch}; ${seeTrace}`)}" type="${type}"/>`,
    `      <system-out>${xml(seeTrace)}</system-out>`,
    '    </testcase>',
  ];
}

/** `ms` whole milliseconds in `parts` whole parts that sum to it, the larger first. */
function shareOut(ms: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(ms / parts) + (i < ms % parts ? 1 : 0));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
