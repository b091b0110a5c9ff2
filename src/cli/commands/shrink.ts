import { InputError } from '../../shared/errors.js';
import { writeCounterexample } from '../../report/writeCounterexample.js';
import { profileOfTrace } from '../../schedule/profiles.js';
import { shrinkTrace } from '../../shrink/shrinkTrace.js';
import { replay } from '../../trace/replay.js';
import { parse } from '../args.js';
import { loadTrace } from '../loadTrace.js';

/**
 * `leadercheck shrink TRACE [--out FILE]`: shrinks a violating trace and writes it (by default
 * beside the input as NAME.shrunk.trace.json) with its .txt and .md. Exit 1: the shrunk trace
 * still violates its property, as a counterexample should.
 */
export async function shrinkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse('shrink', argv, { out: { type: 'string' }, 'model-file': { type: 'string' } });
  if (positionals.length !== 1) throw new InputError('shrink: give exactly one trace file');
  const input = positionals[0];
  const { trace, protocol } = await loadTrace(input, values['model-file']);
  // The trace's own verdict is what is shrunk, whatever its `violation` field claims.
  const verdict = replay(trace, protocol).violation;
  if (verdict === null) throw new InputError(`${input}: the trace violates no property; there is nothing to shrink`);
  const profile = profileOfTrace(trace, protocol);
  const result = shrinkTrace({ ...trace, violation: verdict }, protocol, { profile });
  const out = values.out ?? defaultOut(input);
  writeCounterexample(out, result.trace, protocol);
  const v = result.trace.violation!;
  process.stdout.write(
    `shrunk: ${result.lengthBefore} -> ${result.lengthAfter} events${result.skipped === null ? '' : ` (${result.skipped})`}` +
      `${result.exhausted ? ' (stopped at the shrinking budget: not known to be 1-minimal)' : ''}\n` +
      `VIOLATION ${v.property} at step ${v.step}: ${v.detail}\n` +
      `trace: ${out} (.txt and .md beside it)\n`,
  );
  return 1;
}

function defaultOut(input: string): string {
  const base = input.endsWith('.trace.json') ? input.slice(0, -'.trace.json'.length) : input.replace(/\.json$/, '');
  return `${base}.shrunk.trace.json`;
}
