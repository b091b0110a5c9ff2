import type { Violation } from '../judge/monitor.js';
import type { ModelConfig, PropertyName } from '../shared/protocol.js';
import type { ShrinkResult } from '../shrink/shrinkTrace.js';
import { terminalText } from './escape.js';

/**
 * The lines `check` prints for a violation, shared by the CLI and the library's `reportCheck`, so
 * a test in a user's project prints a counterexample exactly as the command line does.
 */

/** `VIOLATION p in run R at step S: detail`, the violation as found. */
export function violationFoundLine(run: number, violation: Violation): string {
  return `VIOLATION ${violation.property} in run ${run} at step ${violation.step}: ${terminalText(violation.detail)}`;
}

/** How far the trace shrank and where the shrunk trace violates it (null: interrupted before it shrank). */
export function shrunkLine(shrunk: ShrinkResult | null, nodesFound: number): string {
  if (shrunk === null) return 'not shrunk: the run was interrupted';
  const step = shrunk.trace.violation?.step;
  return `shrunk: ${shrunkSize(shrunk.lengthBefore, shrunk.lengthAfter, nodesFound, shrunk.trace.nodes)}${shrunk.skipped === null ? '' : ` (${shrunk.skipped})`}; the shrunk trace violates it at step ${step}`;
}

/** `194 -> 8 events`, and `, 10 -> 3 nodes` when the shrinker showed it on a smaller cluster. */
export function shrunkSize(eventsFound: number, eventsShown: number, nodesFound: number, nodesShown: number): string {
  return `${eventsFound} -> ${eventsShown} events${nodesShown === nodesFound ? '' : `, ${nodesFound} -> ${nodesShown} nodes`}`;
}

/** What reruns the one violating run alone. */
export interface Rerun {
  /** The model's name, or `--model-file FILE`. */
  modelArg: string;
  profile: string;
  nodes: number;
  seed: string;
  run: number;
  property: PropertyName;
  /** `--config` as given, if it was. */
  config?: ModelConfig;
  /** `--strategy ...` as given, when not the default (random). */
  strategy?: string;
}

export function reproduceLine(r: Rerun): string {
  const config = r.config === undefined ? '' : ` --config ${shellQuoted(JSON.stringify(r.config))}`;
  return `reproduce: npx leadercheck check ${r.modelArg}${config} --profile ${r.profile} --nodes ${r.nodes} --seed ${r.seed} --run ${r.run} --property ${r.property}${r.strategy === undefined ? '' : ` --strategy ${r.strategy}`}`;
}

/** One shell word, as a POSIX shell reads it back. */
function shellQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `MODEL ERROR in run R at step S: detail`. */
export function modelErrorLine(run: number, step: number, detail: string): string {
  return `MODEL ERROR in run ${run} at step ${step}: ${terminalText(detail)}`;
}
