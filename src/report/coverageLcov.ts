import type { ProtocolCoverage } from '../coverage/protocolCoverage.js';
import { lcovField, oneLine } from './escape.js';
import { safeNamePath } from '../shared/safeName.js';
import { coverageByModel } from './protocolCoverageJson.js';

/**
 * Protocol coverage for standard coverage viewers (genhtml, editor gutters). A model has no source
 * line per (role, input) pair or mark, so each model gets a listing file, `protocol/<model>.txt`,
 * one line per thing its runs could hit, and `protocol.lcov` gives each line its hit count (DA)
 * and names it as a function (FN/FNDA), so a viewer paints the never-hit lines red. Paths are
 * relative to the lcov file's folder: `cd reports/coverage && genhtml protocol.lcov -o protocol-html`.
 * Returns [path relative to that folder, content] pairs.
 */
export function protocolCoverageLcovFiles(coverages: Iterable<ProtocolCoverage>): [string, string][] {
  const files: [string, string][] = [];
  const records: string[] = [];
  for (const c of coverageByModel(coverages)) {
    const entries: [string, number][] = [
      ...prefixed('input', c.inputs),
      ...prefixed('mark', c.marks),
      ...prefixed('transition', c.transitions),
    ];
    const listing = `protocol/${safeNamePath(c.model).join('/')}.txt`;
    const header = `${oneLine(c.model)}: what its runs could hit, one a line (leadercheck protocol coverage; counts in protocol.lcov)`;
    // One entry a line, or the line numbers below point at the wrong entries.
    files.push([listing, `${[header, ...entries.map(([name]) => oneLine(name))].join('\n')}\n`]);
    // Line 1 is the header; entry i sits on line i + 2.
    const at = (i: number): number => i + 2;
    const hit = entries.filter(([, n]) => n > 0).length;
    records.push(
      `TN:${c.model.replace(/\W/g, '_')}`,
      `SF:${oneLine(listing)}`,
      ...entries.map(([name], i) => `FN:${at(i)},${lcovField(name)}`),
      ...entries.map(([name, n]) => `FNDA:${n},${lcovField(name)}`),
      `FNF:${entries.length}`,
      `FNH:${hit}`,
      ...entries.map(([, n], i) => `DA:${at(i)},${n}`),
      `LF:${entries.length}`,
      `LH:${hit}`,
      'end_of_record',
    );
  }
  files.push(['protocol.lcov', `${records.join('\n')}\n`]);
  return files;
}

function prefixed(kind: string, counts: Record<string, number>): [string, number][] {
  return Object.entries(counts).map(([key, n]) => [`${kind} ${key}`, n]);
}
