import { livenessBoundTicks } from '../../model/defaults.js';
import { settledLeader } from '../../../properties/liveness.js';
import { propertiesNamed } from '../../../properties/index.js';
import { Monitor } from '../../judge/monitor.js';
import { resolveModel } from '../../model/load.js';
import { InputError } from '../../shared/errors.js';
import { terminalLines } from '../../report/escape.js';
import { bootStoryLines, storyLines } from '../../report/story.js';
import { scriptedOnlyProfile } from '../../schedule/profiles.js';
import { randomRun, type ScriptedEvent } from '../../schedule/randomRun.js';
import type { World } from '../../shared/world.js';
import { boot, createSystem } from '../../world/world.js';
import { intOption, parse } from '../args.js';
import { defineCommand } from '../commandSpec.js';

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
    'model-file': { type: 'string', placeholder: 'FILE', help: 'simulate the model this module exports, instead of naming one' },
  },
});

export async function simulateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(simulateSpec, argv);
  if (positionals.length > 1) throw new InputError('simulate: give one model');
  const protocol = await resolveModel(positionals[0], values['model-file']);
  const nodes = intOption('nodes', values.nodes, NODES_DEFAULT, 1, 64);
  const crashAt = values['crash-leader-at'] === undefined ? null : intOption('crash-leader-at', values['crash-leader-at'], 0, 0, 1_000_000);
  const system = createSystem(protocol, nodes);
  const bound = livenessBoundTicks(protocol);
  let crashed: number | null = null;
  const scripted: ScriptedEvent[] =
    crashAt === null
      ? []
      : [
          {
            at: crashAt,
            make: (world) => {
              const leader = settledLeader(world) ?? world.nodes.findIndex((s) => s.view?.role === 'leader') + 1;
              if (leader <= 0) return null;
              crashed = leader;
              return { kind: 'crash', node: leader };
            },
          },
        ];
  // A story runs to its horizon: judging liveness-kind properties (liveness, agreement) would end it early.
  const safety = propertiesNamed(protocol.promises).filter((p) => p.kind === 'safety');
  const lines: string[] = [`Simulating ${protocol.name} with ${nodes} nodes (seed ${values.seed ?? SEED_DEFAULT}).`];
  let previous: World = boot(system);
  for (const line of bootStoryLines(previous)) lines.push(`[t=   0] ${line}`);
  const result = randomRun({
    system,
    profile: scriptedOnlyProfile,
    monitor: new Monitor(safety, bound),
    seed: values.seed ?? SEED_DEFAULT,
    scripted,
    horizonTicks: (crashAt ?? 0) + bound,
    until: (world) => {
      const leader = settledLeader(world);
      if (crashAt === null) return leader !== null;
      return crashed !== null && leader !== null && leader !== crashed;
    },
    onStep: (outcome, event) => {
      const before = previous;
      previous = outcome.world;
      for (const line of storyLines(before, outcome.world, event)) lines.push(`[t=${String(outcome.world.now).padStart(4)}] ${line}`);
    },
  });
  if (result.violation !== null) lines.push(`VIOLATION ${result.violation.property}: ${result.violation.detail}`);
  else if (settledLeader(result.world) === null) lines.push('No leader was elected.');
  process.stdout.write(`${terminalLines(lines.join('\n'))}\n`);
  return result.violation === null ? 0 : 1;
}
