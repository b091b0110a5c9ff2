import { counted } from '../shared/counted.js';
import { findBuiltinModel } from '../../models/index.js';
import type { CheckOptions, CheckResult } from '../run/check.js';
import { profileFor } from '../schedule/profiles.js';
import { runSeed } from '../schedule/rng.js';
import { shrinkTrace } from '../shrink/shrinkTrace.js';
import type { Trace } from '../trace/format.js';
import { replay } from '../trace/replay.js';
import { terminalLines } from './escape.js';
import { textTrace } from './textTrace.js';
import { modelErrorLine, reproduceLine, shrunkLine, violationFoundLine } from './violationLines.js';

/** What `reportCheck` makes of a `checkModel` result: a verdict, its text, and the trace to keep. */
export interface CheckReport {
  /** No violation and no model error in the runs done. */
  ok: boolean;
  /** What `leadercheck check` prints for the same runs, then the `.txt` rendering of the shrunk trace it writes. */
  text: string;
  /** The shrunk counterexample (or the trace that led to the model error), ready for `encodeTrace` and `leadercheck replay`; null when ok. */
  trace: Trace | null;
}

/**
 * Turns `checkModel`'s result into what the CLI would show for it, for a test in a user's project:
 * the first violation is shrunk as `check` shrinks it (same profile, same event budget, so the
 * same trace), and the text holds the CLI's lines (`VIOLATION ...`, `shrunk: ...`, `reproduce:
 * ...`) followed by the event-by-event `.txt` the CLI writes beside the trace.
 */
export function reportCheck(options: CheckOptions, result: CheckResult): CheckReport {
  const { protocol } = options;
  if (result.modelError !== null) {
    const e = result.modelError;
    return { ok: false, text: terminalLines(`${modelErrorLine(e.run, e.step, e.detail)}\n`), trace: e.trace };
  }
  const found = result.found;
  if (found === null) return { ok: true, text: `ok: ${counted(result.runsDone, 'run')}, ${counted(result.events, 'event')}, no violation\n`, trace: null };
  const profile = profileFor(options.profile, protocol, runSeed(options.seed, found.run));
  const shrunk = shrinkTrace(found.trace, protocol, { profile });
  const lines = [violationFoundLine(found.run, found.violation), shrunkLine(shrunk, found.trace.nodes)];
  const modelArg = rerunModelArg(options);
  if (modelArg !== null) {
    const { nodes, seed } = options;
    const { config } = options;
    lines.push(reproduceLine({ modelArg, profile: options.profile.name, nodes, seed, run: found.run, property: found.violation.property, config }));
  }
  const rendering = textTrace(protocol, shrunk.trace, replay(shrunk.trace, protocol));
  return { ok: false, text: `${terminalLines(`${lines.join('\n')}\n`)}\n${rendering}`, trace: shrunk.trace };
}

/** How the CLI names the model for a rerun: by file, by built-in name, or not at all (a model object only this process has). */
function rerunModelArg(options: CheckOptions): string | null {
  if (options.modelFile !== undefined) return `--model-file ${options.modelFile}`;
  return findBuiltinModel(options.protocol.name) === options.protocol ? options.protocol.name : null;
}
