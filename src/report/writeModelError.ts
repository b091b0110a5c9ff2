import type { AnyProtocol } from '../shared/protocol.js';
import type { Trace } from '../trace/format.js';
import { traceFileText } from '../trace/modelFilePath.js';
import { replay } from '../trace/replay.js';
import { ModelError } from '../shared/errors.js';
import { writeFileAtomic } from './atomicWrite.js';
import { markdownText, terminalText } from './escape.js';
import { mermaidTrace } from './mermaid.js';
import { textTrace } from './textTrace.js';
import { counterexamplePaths } from './writeCounterexample.js';

/**
 * Writes the trace that led to a model error beside its renderings, like a counterexample.
 * Replaying the trace reproduces the error (a thrown one on its last event); the renderings show
 * the events before it and name the error last. `lastEventHung`: the model call of the last event
 * never returned, so it is not replayed here (this thread would hang on it).
 */
export function writeModelError(tracePath: string, trace: Trace, protocol: AnyProtocol, detail: string, lastEventHung = false): void {
  const paths = counterexamplePaths(tracePath);
  writeFileAtomic(paths.trace, traceFileText(trace, paths.trace));
  const whole = lastEventHung ? allButLast(trace) : renderable(trace, protocol);
  if (whole === null) {
    // The model fails at boot: there is no world to render, only the error.
    const atBoot = `model error at boot: ${detail}`;
    writeFileAtomic(paths.text, `${terminalText(atBoot)}\n`);
    writeFileAtomic(paths.markdown, `**${markdownText(atBoot)}**\n`);
    return;
  }
  // A run cut off at its event budget is far too long to read: show how it began.
  const shown = whole.events.length <= RENDERED_EVENTS_MAX ? whole : { ...whole, events: whole.events.slice(0, RENDERED_EVENTS_MAX) };
  const cut = shown === whole ? '' : ` (the renderings show its first ${RENDERED_EVENTS_MAX} of ${whole.events.length} events)`;
  // Numbered as check's MODEL ERROR line numbers it: the step of the event the model failed on (a run cut off at its budget fails after its last).
  const where = whole === trace ? `after step ${whole.events.length}` : `at step ${trace.events.length}`;
  const note = `model error ${where}: ${detail}${cut}`;
  const result = replay(shown, protocol);
  writeFileAtomic(paths.text, `${textTrace(protocol, shown, result)}\n${terminalText(note)}\n`);
  writeFileAtomic(paths.markdown, `${mermaidTrace(protocol, shown, result)}\n**${markdownText(note)}**\n`);
}

const RENDERED_EVENTS_MAX = 1000;

/**
 * The longest prefix that replays: all of a cut-off run, all but the failing event of a throw;
 * null when the model fails at boot.
 */
function renderable(trace: Trace, protocol: AnyProtocol): Trace | null {
  try {
    replay(trace, protocol);
    return trace;
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    return allButLast(trace);
  }
}

function allButLast(trace: Trace): Trace | null {
  return trace.events.length === 0 ? null : { ...trace, events: trace.events.slice(0, -1) };
}
