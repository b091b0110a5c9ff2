import type { AnyProtocol } from '../protocol.js';
import { encodeTrace, type Trace } from '../trace/format.js';
import { replay } from '../trace/replay.js';
import { ModelError } from '../world/errors.js';
import { writeFileAtomic } from './atomicWrite.js';
import { mermaidTrace } from './mermaid.js';
import { textTrace } from './textTrace.js';
import { counterexamplePaths } from './writeCounterexample.js';

/**
 * Writes the trace that led to a model error beside its renderings, like a counterexample.
 * Replaying the trace reproduces the error (a thrown one on its last event); the renderings show
 * the events before it and name the error last.
 */
export function writeModelError(tracePath: string, trace: Trace, protocol: AnyProtocol, detail: string): void {
  const paths = counterexamplePaths(tracePath);
  writeFileAtomic(paths.trace, encodeTrace(trace));
  const shown = renderable(trace, protocol);
  const note = `model error after step ${shown.events.length}: ${detail}\n`;
  const result = replay(shown, protocol);
  writeFileAtomic(paths.text, `${textTrace(protocol, shown, result)}\n${note}`);
  writeFileAtomic(paths.markdown, `${mermaidTrace(protocol, shown, result)}\n**${note.trim()}**\n`);
}

/** The longest prefix that replays: all of a cut-off run, all but the failing event of a throw. */
function renderable(trace: Trace, protocol: AnyProtocol): Trace {
  try {
    replay(trace, protocol);
    return trace;
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    return { ...trace, events: trace.events.slice(0, -1) };
  }
}
