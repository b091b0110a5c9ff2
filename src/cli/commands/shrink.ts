import { dirname, join } from 'node:path';
import { InputError } from '../../shared/errors.js';
import { safeFileName, safeNamePath } from '../../shared/safeName.js';
import { prepareOutDir } from '../../report/outDir.js';
import { writeCounterexample } from '../../report/writeCounterexample.js';
import { violationLine } from '../../report/replayText.js';
import { shrunkSize } from '../../report/violationLines.js';
import { profileOfTrace } from '../../schedule/profiles.js';
import { shrinkTrace } from '../../shrink/shrinkTrace.js';
import type { Trace } from '../../trace/format.js';
import { replay } from '../../trace/replay.js';
import { parse } from '../args.js';
import { defineCommand } from '../commandSpec.js';
import { loadTrace } from '../loadTrace.js';
import { outDirectory } from '../outDirectory.js';

export const shrinkSpec = defineCommand({
  name: 'shrink',
  summary: 'shrinks a violating trace to a 1-minimal one that violates the same property, with its .txt, .md and .html',
  usage: ['TRACE'],
  options: {
    out: { type: 'string', placeholder: 'DIR', help: 'write DIR/<model>.<profile>.<property>.trace.json', default: 'beside TRACE, as NAME.shrunk.trace.json' },
    'model-file': { type: 'string', placeholder: 'FILE', help: 'the module of the user model the trace was found with' },
  },
  notes: [
    'In the name under --out, a / in the model is a -, and <profile> is the trace\'s profile or "handwritten":',
    'the names of reports/regressions/, so `shrink TRACE --out reports/regressions` adds a regression.',
    'Exit 1: the shrunk trace still violates its property, as a counterexample should.',
  ],
});

/**
 * `leadercheck shrink TRACE [--out DIR]`: shrinks a violating trace and writes it with its .txt
 * and .md. Exit 1: the shrunk trace still violates its property, as a counterexample should.
 */
export async function shrinkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(shrinkSpec, argv);
  if (positionals.length !== 1) throw new InputError('shrink: give exactly one trace file');
  const input = positionals[0];
  const outDir = outDirectory('shrink', values.out);
  const { trace, protocol } = await loadTrace(input, values['model-file']);
  if (outDir === undefined) prepareOutDir(dirname(besideInput(input)), 'shrink', `the directory of ${input}, where the shrunk trace goes without --out`);
  else prepareOutDir(outDir, 'shrink');
  // The trace's own verdict is what is shrunk, whatever its `violation` field claims.
  const verdict = replay(trace, protocol).violation;
  if (verdict === null) throw new InputError(`${input}: the trace violates no property; there is nothing to shrink`);
  const profile = profileOfTrace(trace, protocol);
  const result = shrinkTrace({ ...trace, violation: verdict }, protocol, { profile });
  const out = outDir === undefined ? besideInput(input) : join(outDir, regressionName(result.trace));
  writeCounterexample(out, result.trace, protocol);
  const v = result.trace.violation!;
  process.stdout.write(
    `shrunk: ${shrunkSize(result.lengthBefore, result.lengthAfter, trace.nodes, result.trace.nodes)}${result.skipped === null ? '' : ` (${result.skipped})`}` +
      `${result.exhausted ? ' (stopped at the shrinking budget: not known to be 1-minimal)' : ''}\n` +
      `${violationLine(v)}\n` +
      `trace: ${out} (.txt, .md and .html beside it)\n`,
  );
  return 1;
}

function besideInput(input: string): string {
  const base = input.endsWith('.trace.json') ? input.slice(0, -'.trace.json'.length) : input.replace(/\.json$/, '');
  return `${base}.shrunk.trace.json`;
}

/** The file name reports/regressions/ uses, so `shrink TRACE --out reports/regressions` adds one. */
export function regressionName(trace: Trace): string {
  const parts = [safeNamePath(trace.model).join('-'), safeFileName(trace.profile ?? 'handwritten'), safeFileName(trace.violation!.property)];
  return `${parts.join('.')}.trace.json`;
}
