import { INPUT_ARROW, inputKey, neverHit, type ProtocolCoverage } from '../coverage/protocolCoverage.js';
import { markdownCell, markdownCode } from './escape.js';

/**
 * A model's protocol coverage as Markdown: what the runs never hit comes first (that is what a
 * reader looks for: what did these runs not test?), then the hit pairs and marks with their
 * counts, every role transition, and the distinct node states.
 */
export function protocolCoverageMarkdown(c: ProtocolCoverage): string[] {
  const pairsMissed = neverHit(c.inputs);
  const marksMissed = neverHit(c.marks);
  const transitionsHit = Object.keys(c.transitions).length - neverHit(c.transitions).length;
  const states = c.states.exact ? `${c.states.count} distinct node states` : `about ${c.states.count} distinct node states (estimated)`;
  const lines = [
    '### Protocol coverage',
    '',
    `In ${c.events} events: ${hitOf(c.inputs, pairsMissed)} (role, input) pairs, ${hitOf(c.marks, marksMissed)} coverage marks and ` +
      `${transitionsHit} of ${Object.keys(c.transitions).length} role transitions hit; ${states}.`,
    '',
  ];
  if (pairsMissed.length + marksMissed.length === 0) {
    lines.push('Every (role, input) pair and every coverage mark was hit.', '');
  } else {
    lines.push('Never hit (what these runs did not test):', '');
    for (const pair of pairsMissed) lines.push(`- pair ${markdownCode(pair)}`);
    for (const mark of marksMissed) lines.push(`- mark ${markdownCode(mark)}`);
    lines.push('');
  }
  lines.push('Hits per (role, input) pair:', '', ...pairMatrix(c.inputs), '');
  if (Object.keys(c.marks).length > 0) lines.push(...countTable('coverage mark', hits(c.marks)), '');
  lines.push(
    'Role transitions (the cross product of roles; a transition the model forbids stays at 0):',
    '',
    ...countTable('transition', Object.entries(c.transitions)),
  );
  return lines;
}

function hitOf(counts: Record<string, number>, missed: readonly string[]): string {
  const total = Object.keys(counts).length;
  return `${total - missed.length} of ${total}`;
}

function hits(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts).filter(([, n]) => n > 0);
}

/** Inputs down, roles across: a reader scans one input's row to see which roles it reached. */
function pairMatrix(inputs: Record<string, number>): string[] {
  const pairs = Object.entries(inputs).map(([key, n]) => {
    const [role, input] = key.split(INPUT_ARROW);
    return { role, input, n };
  });
  const roles = [...new Set(pairs.map((p) => p.role))].sort();
  const rows = [...new Set(pairs.map((p) => p.input))].sort();
  const count = new Map(pairs.map((p) => [inputKey(p.role, p.input), p.n]));
  const cell = (role: string, input: string): string => {
    const n = count.get(inputKey(role, input));
    return n === undefined ? '' : n === 0 ? '**never**' : String(n);
  };
  return [
    `| input | ${roles.map(markdownCell).join(' | ')} |`,
    `|---|${roles.map(() => '---:').join('|')}|`,
    ...rows.map((input) => `| ${markdownCode(input, { inTable: true })} | ${roles.map((role) => cell(role, input)).join(' | ')} |`),
  ];
}

function countTable(what: string, rows: readonly [string, number][]): string[] {
  return [`| ${what} | hits |`, '|---|---:|', ...rows.map(([key, n]) => `| ${markdownCode(key, { inTable: true })} | ${n === 0 ? 'never' : n} |`)];
}
