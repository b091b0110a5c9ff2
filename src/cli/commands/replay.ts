import type { Violation } from '../../judge/monitor.js';
import { oneLine, terminalText } from '../../report/escape.js';
import { RunModelError } from '../../kernel/runModelError.js';
import type { AnyProtocol } from '../../shared/protocol.js';
import type { Trace } from '../../trace/format.js';
import { replayText } from '../../report/replayText.js';
import { InputError } from '../../shared/errors.js';
import { replay, type ReplayResult } from '../../trace/replay.js';
import { parse } from '../args.js';
import { defineCommand } from '../commandSpec.js';
import { inTraceFile, loadTrace } from '../loadTrace.js';
import { CONFIG_HELP } from '../runControl.js';
import { parseConfigOption } from '../../model/config.js';

export const replaySpec = defineCommand({
  name: 'replay',
  summary: 're-executes a trace and prints every event with the nodes\' views; exit 1 if it still violates a property',
  usage: ['TRACE'],
  options: {
    json: { type: 'boolean', help: 'print every node\'s view after every event as one JSON object' },
    'model-file': { type: 'string', placeholder: 'FILE', help: 'the module of the user model the trace was found with' },
    config: { type: 'string', placeholder: 'JSON', help: `${CONFIG_HELP}, over the trace's own config` },
  },
});

export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(replaySpec, argv);
  if (positionals.length !== 1) throw new InputError('replay: give exactly one trace file');
  const loaded = await loadTrace(positionals[0], values['model-file']);
  const { protocol } = loaded;
  // --config replays the same events under other options: is this counterexample still one with PreVote on?
  const trace = values.config === undefined ? loaded.trace : { ...loaded.trace, config: { ...loaded.trace.config, ...parseConfigOption(values.config, [protocol]) } };
  const result = await inTraceFile(positionals[0], () => replayShowingModelError(trace, protocol, values.json === true));
  const differs = violationChange(trace.violation, result.violation);
  if (differs !== null) process.stderr.write(`leadercheck: warning: ${oneLine(differs)}\n`);
  process.stdout.write(values.json ? `${JSON.stringify(replayJson(result))}\n` : replayText(protocol, result, trace.stabilization));
  return result.violation === null ? 0 : 1;
}

/**
 * Replays the trace; when the model fails on an event, the events before it are printed first (as
 * the model-error trace's .txt shows them), and the error then ends the command as ever: one
 * line, exit 1. `replay` of a model-error trace used to print nothing but that line.
 */
function replayShowingModelError(trace: Trace, protocol: AnyProtocol, json: boolean): ReplayResult {
  try {
    return replay(trace, protocol);
  } catch (error) {
    if (!(error instanceof RunModelError) || json || error.events.length === 0) throw error;
    const before = { ...trace, events: trace.events.slice(0, error.events.length - 1), violation: undefined };
    process.stdout.write(replayText(protocol, replay(before, protocol), undefined));
    process.stdout.write(`${terminalText(`MODEL ERROR at step ${error.events.length}: ${oneLine(error.message)}`)}\n`);
    throw error;
  }
}

/**
 * How the violation replay observes differs from the one the trace records (null when they agree,
 * or the trace records none, as a scenario written by hand): the model or a property changed
 * since the trace was found, and the trace no longer shows what it was kept for.
 */
export function violationChange(recorded: Violation | null | undefined, observed: Violation | null): string | null {
  if (recorded === undefined) return null;
  const told = (v: Violation | null): string => (v === null ? 'no violation' : `${v.property} violated at step ${v.step}`);
  if (recorded === null || observed === null) {
    return recorded === observed ? null : `the trace records ${told(recorded)}, but replaying it shows ${told(observed)}`;
  }
  if (recorded.property === observed.property && recorded.step === observed.step && recorded.detail === observed.detail) return null;
  const same = told(recorded) === told(observed);
  return same
    ? `the trace records ${told(recorded)} (${recorded.detail}), but replaying it shows ${observed.detail}`
    : `the trace records ${told(recorded)}, but replaying it shows ${told(observed)}`;
}

/** The machine-readable replay of docs/design.md section 7: every node's view after every event. */
export function replayJson(result: ReplayResult) {
  return {
    steps: result.steps.map((step) => ({
      index: step.index,
      event: step.event,
      views: step.world.nodes.map((slot, i) => ({
        node: i + 1,
        up: slot.up,
        role: slot.view?.role ?? null,
        term: slot.view?.term ?? null,
        leader: slot.view?.leader ?? null,
      })),
    })),
    violation: result.violation,
  };
}
