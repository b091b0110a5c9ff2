import { replayText } from '../../report/replayText.js';
import { InputError } from '../../shared/errors.js';
import { replay, type ReplayResult } from '../../trace/replay.js';
import { parse } from '../args.js';
import { defineCommand } from '../commandSpec.js';
import { loadTrace } from '../loadTrace.js';

export const replaySpec = defineCommand({
  name: 'replay',
  summary: 're-executes a trace and prints every event with the nodes\' views; exit 1 if it still violates a property',
  usage: ['TRACE'],
  options: {
    json: { type: 'boolean', help: 'print every node\'s view after every event as one JSON object' },
    'model-file': { type: 'string', placeholder: 'FILE', help: 'the module of the user model the trace was found with' },
  },
});

export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(replaySpec, argv);
  if (positionals.length !== 1) throw new InputError('replay: give exactly one trace file');
  const { trace, protocol } = await loadTrace(positionals[0], values['model-file']);
  const result = replay(trace, protocol);
  process.stdout.write(values.json ? `${JSON.stringify(replayJson(result))}\n` : replayText(protocol, result, trace.stabilization));
  return result.violation === null ? 0 : 1;
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
