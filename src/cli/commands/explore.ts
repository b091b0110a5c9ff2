import { join } from 'node:path';
import { findProperty } from '../../../properties/index.js';
import { resolveModel } from '../../model/load.js';
import { MODEL_ERROR } from '../../run/chunkTask.js';
import { tracePathOf } from '../../run/verdicts.js';
import { InputError } from '../../shared/errors.js';
import { counted } from '../../shared/counted.js';
import { type ExploreBounds, FAULT_BUDGET_MAX, UNLIMITED } from '../../explore/bounds.js';
import type { ExploreResult } from '../../explore/explore.js';
import type { ExploreTask } from '../../run/exploreTask.js';
import { traceOfExplore } from '../../explore/traceOfExplore.js';
import { bridgeOf } from '../../bridge/bridgedModel.js';
import type { PropertyName } from '../../shared/protocol.js';
import { writeFileAtomic } from '../../report/atomicWrite.js';
import { terminalLines } from '../../report/escape.js';
import { prepareOutDir } from '../../report/outDir.js';
import { writeModelError } from '../../report/writeModelError.js';
import { traceFileText } from '../../trace/modelFilePath.js';
import { intOption, parse } from '../args.js';
import { defineCommand } from '../commandSpec.js';
import { outDirectory } from '../outDirectory.js';
import { Progress } from '../progress.js';
import { INTERRUPTED_EXIT, onWorker, STEP_TIMEOUT_OPTION, stepTimeoutOption } from '../runControl.js';

const BIG = 1_000_000_000;
const WORKERS_MAX = 64;
const NODES_DEFAULT = 3;
const MAX_TERM_DEFAULT = 2;
const OUT_DEFAULT = 'reports';
const budget = (what: string) => ({ type: 'string', placeholder: 'N', help: `at most N ${what} on a path, 0 to ${FAULT_BUDGET_MAX}, or unlimited (not counted)`, default: '0' }) as const;

export const exploreSpec = defineCommand({
  name: 'explore',
  summary: 'every state reachable within bounds, breadth first; a violation comes with a shortest trace',
  usage: ['MODEL', '--model-file FILE'],
  options: {
    nodes: { type: 'string', placeholder: 'N', help: 'nodes, 1 to 8', default: String(NODES_DEFAULT) },
    'max-term': { type: 'string', placeholder: 'T', help: 'states where a live node\'s term exceeds T are checked, not expanded', default: String(MAX_TERM_DEFAULT) },
    'max-messages': { type: 'string', placeholder: 'M', help: 'states with more than M messages in flight are checked, not expanded', default: '2 x nodes' },
    'max-crashes': budget('crashes'),
    'max-partitions': budget('partitions'),
    'max-drops': budget('dropped messages'),
    'max-dups': budget('duplicated messages'),
    'max-pauses': budget('pauses (a pause lasts until its resume, which is always enabled: explore has no clock, so no length)'),
    bag: { type: 'string', placeholder: 'B', help: 'SPIN\'s network: at most B messages in flight, a send into a full bag is lost (replaces --max-messages)', default: 'no bag' },
    'deliver-keep': { type: 'boolean', help: 'a delivery may also keep its message in flight (duplication in one step, as SPIN\'s model)' },
    'atomic-restart': { type: 'boolean', help: 'a crash is one step with its restart, offered where it changes the node (raft.tla\'s Restart)' },
    'prune-term': { type: 'boolean', help: 'a step past --max-term is not taken (SPIN\'s guard), instead of checked at the bound' },
    'max-depth': { type: 'string', placeholder: 'D', help: 'states D events from boot are checked, not expanded', default: 'no limit' },
    'max-states': { type: 'string', placeholder: 'S', help: 'stop after S distinct states (the search is then incomplete)', default: 'no limit' },
    seconds: { type: 'string', placeholder: 'S', help: 'stop after S seconds (the search is then incomplete)', default: 'no limit' },
    property: { type: 'string', multiple: true, placeholder: 'NAME', help: 'check this safety property (repeat for more)', default: 'the safety properties the model promises' },
    'no-symmetry': { type: 'boolean', help: 'do not reduce states that differ only by node ids (reduction applies to symmetric models of at most 6 nodes)' },
    dfs: { type: 'boolean', help: 'search depth first (counterexamples are then not the shortest)' },
    por: { type: 'boolean', help: 'partial-order reduction (sleep sets): the same states and verdicts, fewer transitions; breadth first only' },
    workers: { type: 'string', placeholder: 'N', help: 'breadth first on N threads, level by level: the same counts and counterexample for every N (a violation ends its level); one thread, with a note, under symmetry reduction, --por, --dfs, pauses or a property that reads more than node slots', default: 'one thread, stopping at the first violation' },
    json: { type: 'boolean', help: 'print the result as one JSON object' },
    out: { type: 'string', placeholder: 'DIR', help: 'write a violation\'s trace to DIR/<model>/explore/<property>.trace.json', default: OUT_DEFAULT },
    'model-file': { type: 'string', placeholder: 'FILE', help: 'explore the model this module exports, instead of naming one' },
    'step-timeout': STEP_TIMEOUT_OPTION,
  },
  notes: [
    'A model error is written to DIR/<model>/explore/model-error.trace.json, with .txt and .md beside it.',
    'Exit 0 when no violation is found within the bounds, 1 on a violation or a model error.',
  ],
});

export async function exploreCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(exploreSpec, argv);
  if (positionals.length > 1) throw new InputError('explore: give one model (see `leadercheck list`)');
  const modelFile = values['model-file'];
  if (positionals.length === 0 && modelFile === undefined) throw new InputError('explore: name a model (see `leadercheck list`) or give --model-file');
  const protocol = await resolveModel(positionals[0], modelFile);
  if (bridgeOf(protocol)?.explorable === false) {
    throw new InputError(`explore: ${protocol.name} runs through the step bridge and its adapter promises no canonical state (hello's model.explore), so its states cannot be told apart; check it instead`);
  }
  const nodes = intOption('nodes', values.nodes, NODES_DEFAULT, 1, 8);
  const bounds: ExploreBounds = {
    maxTerm: intOption('max-term', values['max-term'], MAX_TERM_DEFAULT, 0, BIG),
    // Two messages per node let every node's broadcast be in flight at once (a 6-event
    // double vote needs 5 with 3 nodes).
    maxMessages: intOption('max-messages', values['max-messages'], 2 * nodes, 0, BIG),
    maxCrashes: budgetOption('max-crashes', values['max-crashes']),
    maxPartitions: budgetOption('max-partitions', values['max-partitions']),
    maxDrops: budgetOption('max-drops', values['max-drops']),
    maxDups: budgetOption('max-dups', values['max-dups']),
    ...(values['max-pauses'] === undefined ? {} : { maxPauses: budgetOption('max-pauses', values['max-pauses']) }),
    maxDepth: values['max-depth'] === undefined ? Infinity : intOption('max-depth', values['max-depth'], 0, 0, BIG),
    ...(values.bag === undefined ? {} : { bag: intOption('bag', values.bag, 0, 1, BIG) }),
    ...(values['deliver-keep'] === true ? { deliverKeep: true } : {}),
    ...(values['atomic-restart'] === true ? { atomicRestart: true } : {}),
    ...(values['prune-term'] === true ? { pruneTerm: true } : {}),
  };
  const maxStates = values['max-states'] === undefined ? undefined : intOption('max-states', values['max-states'], 0, 1, Number.MAX_SAFE_INTEGER);
  const seconds = values.seconds === undefined ? undefined : secondsOption(values.seconds);
  const properties = values.property?.map(propertyNamed) ?? protocol.promises.filter((name) => findProperty(name)?.kind === 'safety');
  if (properties.length === 0) throw new InputError('explore: no safety property to check; name one with --property');
  const out = outDirectory('explore', values.out) ?? OUT_DEFAULT;
  prepareOutDir(out, 'explore');

  const progress = new Progress();
  const task: ExploreTask = {
    kind: 'explore',
    model: protocol.name,
    ...(modelFile === undefined ? {} : { modelFile }),
    options: {
      nodes,
      properties,
      bounds,
      symmetry: values['no-symmetry'] !== true,
      dfs: values.dfs === true,
      maxStates,
      seconds,
      ...(values.por === true ? { por: true } : {}),
      ...(values.workers === undefined ? {} : { workers: intOption('workers', values.workers, 1, 1, WORKERS_MAX) }),
      ...(modelFile === undefined ? {} : { modelFile }),
    },
  };
  const searched = await onWorker('explore', stepTimeoutOption(values['step-timeout']), (pool) =>
    pool.run(task, (p) => progress.update(`explore ${protocol.name}: ${p.states} states, depth ${p.depth}, ${Math.round(p.states / p.seconds)} states/s`)),
  );
  progress.clear();
  if (searched === null) return INTERRUPTED_EXIT;
  const { result } = searched;
  // Nothing was explored: "complete, no violation" would be a green CI run that checked nothing.
  if (result.bootPastBound !== null) throw new InputError(`explore: the initial world is already past a bound (${result.bootPastBound}), so nothing can be explored; raise the bound`);

  if (result.modelError !== null) {
    const path = join(out, tracePathOf(protocol.name, 'explore', MODEL_ERROR));
    writeModelError(path, traceOfExplore(protocol, nodes, undefined, result, modelFile), protocol, result.modelError.detail, searched.hung === true);
    const step = result.modelError.events.length;
    const detail = result.modelError.detail.split('\n')[0];
    process.stdout.write(
      values.json
        ? `${JSON.stringify({ ...jsonOf(result, null), modelError: { step, detail, trace: path } })}\n`
        : `explore ${protocol.name}: MODEL ERROR at step ${step}: ${detail}\n  trace: ${path} (replay it to follow the search's path to the error)\n`,
    );
    return 1;
  }
  let tracePath: string | null = null;
  if (result.violation !== null) {
    tracePath = join(out, tracePathOf(protocol.name, 'explore', result.violation.property));
    writeFileAtomic(tracePath, traceFileText(traceOfExplore(protocol, nodes, undefined, result, modelFile), tracePath));
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(jsonOf(result, tracePath))}\n`);
  } else {
    process.stdout.write(textOf(protocol.name, nodes, bounds, result, tracePath, modelFile));
  }
  return result.violation === null ? 0 : 1;
}

function jsonOf(result: ExploreResult, tracePath: string | null) {
  const v = result.violation;
  return {
    states: result.states,
    transitions: result.transitions,
    depth: result.depth,
    seconds: result.seconds,
    statesPerSecond: Math.round(result.statesPerSecond),
    bytesPerState: result.bytesPerState,
    internedParts: result.internedParts,
    cachedSteps: result.cachedSteps,
    kernelSteps: result.kernelSteps,
    siblingRepeats: result.siblingRepeats,
    recentHits: result.recentHits,
    ...(result.batchedStates === undefined ? {} : { batchedStates: result.batchedStates }),
    ...(result.prefetched === undefined ? {} : { prefetched: result.prefetched }),
    complete: result.complete,
    stoppedBy: result.stoppedBy,
    properties: result.properties,
    symmetry: result.symmetry,
    symmetryNote: result.symmetryNote,
    por: result.por,
    porNote: result.porNote,
    sleptSteps: result.sleptSteps,
    atBound: result.atBound,
    bootPastBound: result.bootPastBound,
    parallel: result.parallel ?? null,
    ...(result.workersNote === undefined ? {} : { workersNote: result.workersNote }),
    violation: v === null ? null : { property: v.property, step: v.step, detail: v.detail, events: v.events.length, steps: v.steps, trace: tracePath },
  };
}

function textOf(model: string, nodes: number, bounds: ExploreBounds, r: ExploreResult, tracePath: string | null, modelFile?: string): string {
  const shownBounds = Object.entries(bounds)
    .filter(([key, value]) => !(key === 'maxDepth' && value === Infinity) && !(key === 'maxMessages' && bounds.bag !== undefined))
    .map(([key, value]) => (value === true ? key : `${key} ${value === Infinity ? 'unlimited' : value}`))
    .join(', ');
  const lines = [
    `explore ${model}: ${nodes} nodes; ${shownBounds}; properties ${r.properties.join(', ')}`,
    `  symmetry reduction: ${r.symmetry ? 'on' : `off (${r.symmetryNote})`}`,
    ...(r.por ? [`  partial-order reduction: on (sleep sets), ${r.sleptSteps} steps skipped as asleep`] : r.porNote === null ? [] : [`  partial-order reduction: off (${r.porNote})`]),
    `  ${r.states} distinct states, ${r.transitions} transitions, depth ${r.depth}, ${r.seconds.toFixed(2)} s, ` +
      `${Math.round(r.statesPerSecond)} states/s, ${r.bytesPerState.toFixed(1)} bytes/state, ${r.internedParts} distinct parts`,
  ];
  if (r.parallel !== undefined) lines.push(`  parallel: ${r.parallel.workers} workers, ${r.parallel.levels} levels, one shared fingerprint set (${r.parallel.tableSlots} slots), ${r.parallel.sentStates} states sent to even out levels (${(r.parallel.sentBytes / 1e6).toFixed(1)} MB of records)`);
  if (r.workersNote !== undefined) lines.push(`  note: ${r.workersNote}`);
  if (r.atBound > 0) {
    lines.push(`  ${r.atBound} states at a bound: checked, not expanded`);
  }
  const v = r.violation;
  if (v !== null) {
    lines.push(`  VIOLATION ${v.property} at step ${v.step}: ${v.detail}`);
    lines.push(`  trace: ${tracePath} (${counted(v.events.length, 'event')}${v.steps === v.events.length ? '' : `, ${v.steps} search steps`})`);
    lines.push(`  replay: npx leadercheck replay ${tracePath}${modelFile === undefined ? '' : ` --model-file ${modelFile}`}`);
  } else if (r.complete) {
    lines.push('  complete: no violation within the bounds');
  } else {
    lines.push(`  incomplete: stopped by --${r.stoppedBy} before the bounds were exhausted; no violation so far`);
  }
  return `${terminalLines(lines.join('\n'))}\n`;
}

function budgetOption(name: string, value: string | undefined): number {
  return value === 'unlimited' ? UNLIMITED : intOption(name, value, 0, 0, FAULT_BUDGET_MAX);
}

function secondsOption(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InputError(`--seconds must be a positive number, got "${value}"`);
  return n;
}

function propertyNamed(name: string): PropertyName {
  const property = findProperty(name);
  if (property === undefined) throw new InputError(`unknown property "${name}"; see \`leadercheck list\``);
  if (property.kind !== 'safety') throw new InputError(`explore checks safety properties only; ${name} is judged by \`check\``);
  return property.name;
}
