import type { RunSummary } from '../run/results.js';

/**
 * JUnit XML for CI dashboards: one testsuite per model, one testcase per model x profile x
 * property cell; a cell whose observed verdict differs from the catalog is a failure naming it.
 */
export function junitXml(result: RunSummary): string {
  const all = result.cells.flatMap((c) => c.properties);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="leadercheck catalog" tests="${all.length}" failures="${result.mismatches.length}" time="${seconds(result.elapsedMs)}">`,
  ];
  const models = [...new Set(result.cells.map((c) => c.model))];
  for (const model of models) {
    const cells = result.cells.filter((c) => c.model === model);
    const cases = cells.flatMap((c) => c.properties);
    const failures = cases.filter((p) => p.mismatch !== null).length;
    const time = cells.reduce((ms, c) => ms + c.elapsedMs, 0);
    lines.push(`  <testsuite name="${xml(model)}" tests="${cases.length}" failures="${failures}" time="${seconds(time)}">`);
    for (const c of cells) {
      for (const p of c.properties) {
        const name = `${c.model} / ${c.profile} / ${p.property}: ${p.expected}`;
        const open = `    <testcase classname="${xml(`${c.model}.${c.profile}`)}" name="${xml(name)}"`;
        if (p.mismatch === null) {
          lines.push(`${open}/>`);
        } else {
          lines.push(`${open}>`, `      <failure message="${xml(p.mismatch)}" type="${p.expected === 'violated' ? 'lost-power' : 'unexpected-violation'}"/>`, '    </testcase>');
        }
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
