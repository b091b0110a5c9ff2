import type { AnyProtocol } from '../shared/protocol.js';
import type { Trace } from '../trace/format.js';
import { traceFileText } from '../trace/modelFilePath.js';
import { replay } from '../trace/replay.js';
import { writeFileAtomic } from './atomicWrite.js';
import { mermaidTrace } from './mermaid.js';
import { textTrace } from './textTrace.js';
import { traceViewData } from './view/buildViewData.js';
import { viewerHtml } from './view/viewerPage.js';

/** The files of a counterexample, from a path ending in `.trace.json`: the trace, `.txt`, `.md` and the `.html` viewer. */
export function counterexamplePaths(tracePath: string): { trace: string; text: string; markdown: string; html: string } {
  const base = tracePath.endsWith('.trace.json') ? tracePath.slice(0, -'.trace.json'.length) : tracePath.replace(/\.json$/, '');
  return { trace: tracePath, text: `${base}.txt`, markdown: `${base}.md`, html: `${base}.html` };
}

/** Writes a counterexample's trace with its readable renderings beside it: text, Mermaid and the viewer page. */
export function writeCounterexample(tracePath: string, trace: Trace, protocol: AnyProtocol): void {
  const paths = counterexamplePaths(tracePath);
  const result = replay(trace, protocol);
  writeFileAtomic(paths.trace, traceFileText(trace, paths.trace));
  writeFileAtomic(paths.text, textTrace(protocol, trace, result));
  writeFileAtomic(paths.markdown, mermaidTrace(protocol, trace, result));
  writeFileAtomic(paths.html, viewerHtml(traceViewData(trace, protocol, result)));
}
