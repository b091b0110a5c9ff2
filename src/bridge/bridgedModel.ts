import { modelCalls } from '../model/boundary.js';
import { InputError } from '../shared/errors.js';
import type { AnyProtocol, Input, ModelConfig, NodeContext } from '../shared/protocol.js';
import { ChannelError, ProcessChannel, type ProcessSpec } from './channel.js';
import { buildIfNeeded, type Descriptor, readDescriptor } from './descriptor.js';
import { BridgeHost } from './host.js';
import { configForProcess, instanceSeed, RUN_SEED_KEY } from './seed.js';
import { BadAnswer, BRIDGE_VERSION, type HelloModel, parseAnswer } from './wire.js';

/** What leadercheck knows of a bridged model beyond the Protocol it presents. */
export interface BridgeInfo {
  descriptor: Descriptor;
  host: BridgeHost;
  /** True when the process gives a canonical `state` with every answer (explore needs it). */
  explorable: boolean;
  /** The same model on a process of its own, started on first use (a determinism check); stop it after. */
  fresh(): { protocol: AnyProtocol; stop(): void };
}

const bridged = new WeakMap<AnyProtocol, BridgeInfo>();

/** The bridge behind a protocol, or undefined for a model written in TypeScript. */
export function bridgeOf(protocol: AnyProtocol): BridgeInfo | undefined {
  return bridged.get(protocol);
}

/**
 * The config of one run of a check: for a bridged model, the run's seed under RUN_SEED_KEY, so the
 * implementation's own randomness (etcd's randomized election timeouts) differs from run to run as
 * the schedule does. Unchanged for a TypeScript model, whose randomness is all the harness's, and
 * when --config pins the key.
 */
export function configOfRun(protocol: AnyProtocol, config: ModelConfig | undefined, runSeed: string): ModelConfig | undefined {
  if (!bridged.has(protocol) || (config !== undefined && Object.hasOwn(config, RUN_SEED_KEY))) return config;
  return { ...config, [RUN_SEED_KEY]: runSeed };
}

/** With no --step-timeout on this thread (the main thread), a request may take this long. */
const DEADLINE_MS_DEFAULT = 4000;
/** Starting a process and its hello may take longer than a step (a JIT, a first build's cache). */
const HELLO_DEADLINE_MS = 10_000;

/**
 * A request's deadline: the descriptor's `timeoutMs`, else 80% of --step-timeout, so that the
 * bridge's own deadline fires first, inside the worker, with the process's stderr in the message
 * and the trace that led there; the watchdog's termination stays the last resort.
 */
function deadlineOf(descriptor: Descriptor): () => number {
  if (descriptor.timeoutMs !== undefined) return () => descriptor.timeoutMs!;
  return () => (modelCalls.deadlineMs > 0 ? Math.max(1, Math.floor(modelCalls.deadlineMs * 0.8)) : DEADLINE_MS_DEFAULT);
}

/**
 * Loads a bridged model from its descriptor: starts the process, asks hello, and presents the
 * process as a Protocol whose hooks speak to it synchronously (host.ts). A process that cannot
 * start or fails its hello is bad input (one line, exit 2); anything later is a model error.
 */
export function loadBridgedModel(file: string): AnyProtocol {
  const descriptor = readDescriptor(file);
  buildIfNeeded(descriptor);
  const spec: ProcessSpec = { command: descriptor.command, args: descriptor.args, cwd: descriptor.cwd };
  const describe = [descriptor.command, ...descriptor.args].join(' ');
  // Starting a process (an interpreter, a JIT) may take longer than a step: hello gets its own deadline.
  const helloDeadline = Math.max(descriptor.timeoutMs ?? 0, HELLO_DEADLINE_MS);
  const { channel, model } = hello(spec, file, describe, helloDeadline);
  const deadline = deadlineOf(descriptor);
  const start = (): ProcessChannel => startAndGreet(spec, model.name, helloDeadline);
  const host = new BridgeHost(start, deadline, describe);
  host.adopt(channel);
  const protocol = presentAsProtocol(model, host);
  const info: BridgeInfo = { descriptor, host, explorable: model.explore === true, fresh };
  function fresh(): { protocol: AnyProtocol; stop(): void } {
    const other = new BridgeHost(start, deadline, describe);
    return { protocol: presentAsProtocol(model, other), stop: () => other.stop() };
  }
  bridged.set(protocol, info);
  return protocol;
}

const HELLO_LINE = JSON.stringify({ op: 'hello', bridge: BRIDGE_VERSION, config: {} });

/** A process started again (after a failure, for a fresh host): hello first, and it must be the same model. */
function startAndGreet(spec: ProcessSpec, name: string, deadlineMs: number): ProcessChannel {
  const channel = new ProcessChannel(spec);
  try {
    const answer = parseAnswer(channel.request(HELLO_LINE, deadlineMs), 'helloAnswer');
    if (answer.model.name !== name) throw new BadAnswer(`names its model "${answer.model.name}", not "${name}"`, false);
    return channel;
  } catch (error) {
    channel.close();
    throw error;
  }
}

function hello(spec: ProcessSpec, file: string, describe: string, deadlineMs: number): { channel: ProcessChannel; model: HelloModel } {
  let channel: ProcessChannel;
  try {
    channel = new ProcessChannel(spec);
  } catch (error) {
    if (error instanceof ChannelError) throw new InputError(`--model-file ${file}: ${error.message}`);
    throw error;
  }
  try {
    const answer = parseAnswer(channel.request(HELLO_LINE, deadlineMs), 'helloAnswer');
    return { channel, model: answer.model };
  } catch (error) {
    if (!(error instanceof ChannelError || error instanceof BadAnswer)) throw error;
    const tail = channel.stderrTail(1);
    channel.close();
    throw new InputError(`--model-file ${file}: the bridge process (${describe}) ${error.message} at hello${tail === '' ? '' : ` (stderr: ${tail})`}`);
  }
}

function presentAsProtocol(model: HelloModel, host: BridgeHost): AnyProtocol {
  const name = model.name;
  const optional: Partial<AnyProtocol> = {};
  for (const key of ['messageTypes', 'timerNames', 'roles', 'marks', 'synchronousDelayTicksMax', 'livenessBoundTicks'] as const) {
    if (model[key] !== undefined) (optional as Record<string, unknown>)[key] = model[key];
  }
  return {
    name,
    summary: model.summary,
    defaultConfig: model.defaultConfig,
    promises: model.promises,
    // The run's seed, which a check sets per run (seed.ts); declared so --config may pin it.
    optionalConfig: { [RUN_SEED_KEY]: '' },
    symmetric: false,
    ...optional,
    init: (ctx: NodeContext) => host.boot({ op: 'init', id: ctx.id, nodes: ctx.nodes, config: configForProcess(ctx.config), seed: instanceSeed(name, ctx.nodes, ctx.id, ctx.config, 'init') }),
    recover: (stored: unknown, ctx: NodeContext) =>
      host.boot({ op: 'recover', id: ctx.id, nodes: ctx.nodes, config: configForProcess(ctx.config), seed: instanceSeed(name, ctx.nodes, ctx.id, ctx.config, 'recover', stored), stored: stored ?? null }),
    step: (state: unknown, input: Input, ctx: NodeContext) => host.step(state, input, ctx.id),
    stored: (state: unknown) => host.stored(state),
    view: (state: unknown) => host.view(state),
  };
}
