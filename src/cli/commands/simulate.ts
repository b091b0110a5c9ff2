import { parseConfigOption } from '../../model/config.js';
import { refuseUnbootableConfig } from '../bootCheck.js';
import { resolveModel } from '../../model/load.js';
import type { SimulateTask } from '../../run/simulateTask.js';
import { InputError, ModelError } from '../../shared/errors.js';
import { terminalLines } from '../../report/escape.js';
import { bootStoryLines, storyLines } from '../../report/story.js';
import { clockRatesText, pauseLengths } from '../../report/pauses.js';
import { PAUSE_TICKS_DEFAULT } from '../../run/simulateTask.js';
import { intOption, parse } from '../args.js';
import { defineCommand } from '../commandSpec.js';
import { CONFIG_HELP, INTERRUPTED_EXIT, onWorker, STEP_TIMEOUT_OPTION, stepTimeoutOption } from '../runControl.js';

const NODES_DEFAULT = 3;
const SEED_DEFAULT = '1';

export const simulateSpec = defineCommand({
  name: 'simulate',
  summary: 'one run told as a story, until a leader is elected (or re-elected after --crash-leader-at)',
  usage: ['MODEL', '--model-file FILE'],
  options: {
    nodes: { type: 'string', placeholder: 'N', help: 'nodes, 1 to 64', default: String(NODES_DEFAULT) },
    seed: { type: 'string', placeholder: 'S', help: 'seed of the run', default: SEED_DEFAULT },
    'crash-leader-at': { type: 'string', placeholder: 'T', help: 'crash the leader at tick T and go on until another one is elected' },
    'pause-leader-at': { type: 'string', placeholder: 'T', help: 'pause the leader at tick T (a GC pause) and go on until the nodes agree on a leader after it resumes' },
    'pause-ticks': { type: 'string', placeholder: 'N', help: 'with --pause-leader-at: how long the pause lasts', default: String(PAUSE_TICKS_DEFAULT) },
    drift: { type: 'string', placeholder: 'B', help: "each node's clock runs at a rate drawn from the seed within 1 +- B (0.1 is +-10%), B from 0 to below 1", default: '0' },
    'model-file': { type: 'string', placeholder: 'FILE', help: 'simulate the model this module exports, instead of naming one' },
    config: { type: 'string', placeholder: 'JSON', help: CONFIG_HELP },
    'step-timeout': STEP_TIMEOUT_OPTION,
  },
});

export async function simulateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(simulateSpec, argv);
  if (positionals.length > 1) throw new InputError('simulate: give one model');
  const modelFile = values['model-file'];
  const protocol = await resolveModel(positionals[0], modelFile);
  const nodes = intOption('nodes', values.nodes, NODES_DEFAULT, 1, 64);
  const crashAt = values['crash-leader-at'] === undefined ? null : intOption('crash-leader-at', values['crash-leader-at'], 0, 0, 1_000_000);
  const seed = values.seed ?? SEED_DEFAULT;
  const pauseAt = values['pause-leader-at'] === undefined ? null : intOption('pause-leader-at', values['pause-leader-at'], 0, 0, 1_000_000);
  const pauseTicks = intOption('pause-ticks', values['pause-ticks'], PAUSE_TICKS_DEFAULT, 0, 1_000_000);
  if (pauseAt !== null && crashAt !== null) throw new InputError('simulate: give --crash-leader-at or --pause-leader-at, not both');
  if (pauseAt === null && values['pause-ticks'] !== undefined) throw new InputError('simulate: --pause-ticks needs --pause-leader-at');
  const driftMax = driftOption(values.drift);
  const config = values.config === undefined ? {} : { config: parseConfigOption(values.config, [protocol]) };
  refuseUnbootableConfig([protocol], nodes, config.config);
  const task: SimulateTask = {
    kind: 'simulate',
    model: protocol.name,
    ...(modelFile === undefined ? {} : { modelFile }),
    ...config,
    nodes,
    seed,
    crashAt,
    ...(pauseAt === null ? {} : { pauseAt, pauseTicks }),
    ...(driftMax === 0 ? {} : { driftMax }),
  };
  const result = await onWorker('simulate', stepTimeoutOption(values['step-timeout']), (pool) => pool.run(task));
  if (result === null) return INTERRUPTED_EXIT;
  if (result.modelError !== null) throw new ModelError(result.modelError);
  const lines: string[] = [`Simulating ${protocol.name} with ${nodes} nodes (seed ${seed}).`];
  const clocks = clockRatesText(result.clockRates ?? undefined);
  if (clocks !== null) lines.push(`Clocks: ${clocks}.`);
  let previous = result.boot!;
  for (const line of bootStoryLines(previous)) lines.push(`[t=   0] ${line}`);
  const pauses = pauseLengths(result.steps);
  result.steps.forEach(({ event, world }, i) => {
    for (const line of storyLines(previous, world, event, pauses.get(i))) lines.push(`[t=${String(world.now).padStart(4)}] ${line}`);
    previous = world;
  });
  // The scripted fault needs a leader at its tick; without one nothing was done, and the story must say so.
  const wanted = crashAt !== null ? 'crash' : pauseAt !== null ? 'pause' : null;
  if (wanted !== null && !result.steps.some(({ event }) => event.kind === wanted)) {
    const at = crashAt ?? pauseAt;
    const firstLeader = result.steps.find(({ world }) => world.nodes.some((n) => n.view?.role === 'leader'));
    const hint = firstLeader === undefined ? '' : `; the first leader here is elected at t=${firstLeader.world.now}`;
    lines.push(`No leader at t=${at}: nothing was ${wanted === 'crash' ? 'crashed' : 'paused'}${hint}.`);
  }
  if (result.violation !== null) lines.push(`VIOLATION ${result.violation.property}: ${result.violation.detail}`);
  else if (!result.elected) lines.push('No leader was elected.');
  process.stdout.write(`${terminalLines(lines.join('\n'))}\n`);
  return result.violation === null ? 0 : 1;
}

/** `--drift B`: a bound from 0 to below 1 in steps of 0.001, or one line naming what is wrong. */
function driftOption(value: string | undefined): number {
  if (value === undefined) return 0;
  const b = Number(value);
  if (!/^\d+(\.\d{1,3})?$/.test(value) || !(b < 1)) {
    throw new InputError(`--drift must be a drift bound from 0 to below 1 with at most 3 decimals (0.1 is +-10%), got "${value}"`);
  }
  return b;
}
