import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../../report/atomicWrite.js';
import { oneLine } from '../../report/escape.js';
import { prepareOutDir } from '../../report/outDir.js';
import { violationLine } from '../../report/replayText.js';
import { traceViewData } from '../../report/view/buildViewData.js';
import { viewerHtml } from '../../report/view/viewerPage.js';
import { counterexamplePaths } from '../../report/writeCounterexample.js';
import { InputError } from '../../shared/errors.js';
import { replay } from '../../trace/replay.js';
import { parse } from '../args.js';
import { defineCommand } from '../commandSpec.js';
import { loadTrace } from '../loadTrace.js';
import { outDirectory } from '../outDirectory.js';
import { violationChange } from './replay.js';

export const viewSpec = defineCommand({
  name: 'view',
  summary: 'writes a trace\'s viewer: one self-contained HTML page to step through, with every node\'s state at every step',
  usage: ['TRACE'],
  options: {
    out: { type: 'string', placeholder: 'DIR', help: 'write the page into DIR, named as beside the trace', default: 'beside TRACE, as NAME.html' },
    'model-file': { type: 'string', placeholder: 'FILE', help: 'the module of the user model the trace was found with' },
  },
  notes: [
    'The page loads nothing (no network): open it in any browser. `check` writes one beside every counterexample.',
    'It shows a space-time diagram (a lane per node, messages, drops, timers, crashes, partitions), a step',
    'slider (or the arrow keys), every node\'s state at the step chosen with what changed marked, and the violation.',
  ],
});

/** `leadercheck view TRACE [--out DIR]`: replays the trace and writes its viewer page. */
export async function viewCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(viewSpec, argv);
  if (positionals.length !== 1) throw new InputError('view: give exactly one trace file');
  const input = positionals[0];
  const outDir = outDirectory('view', values.out);
  if (outDir !== undefined && /\.html?$/i.test(outDir)) {
    throw new InputError(`view: --out names a directory (the page is named after the trace), got the file "${outDir}"`);
  }
  const { trace, protocol } = await loadTrace(input, values['model-file']);
  const beside = counterexamplePaths(input).html;
  const out = outDir === undefined ? beside : join(outDir, basename(beside));
  if (outDir === undefined) prepareOutDir(dirname(out), 'view', `the directory of ${input}, where the page goes without --out`);
  else prepareOutDir(outDir, 'view');
  const result = replay(trace, protocol);
  const differs = violationChange(trace.violation, result.violation);
  if (differs !== null) process.stderr.write(`leadercheck: warning: ${oneLine(differs)}\n`);
  writeFileAtomic(out, viewerHtml(traceViewData(trace, protocol, result)));
  process.stdout.write(`${violationLine(result.violation)}\nviewer: ${out}\n`);
  return 0;
}
