import { Execution } from '../kernel/execution.js';
import { RunModelError } from '../kernel/runModelError.js';
import { runEvents } from '../kernel/runEvents.js';
import { Monitor } from '../judge/monitor.js';
import { synchronousDelayTicks } from '../model/defaults.js';
import type { AnyProtocol } from '../shared/protocol.js';
import { ModelError } from '../shared/errors.js';
import type { NodeSlot, Outcome, World, WorldEvent } from '../shared/world.js';
import type { Trace } from '../trace/format.js';
import { resolveEvent } from '../trace/replay.js';
import { canonicalJson } from '../world/canonicalJson.js';
import { createSystem } from '../world/world.js';
import { bridgeOf } from './bridgedModel.js';

/** `check --verify-determinism` replays every run whose index is a multiple of this (runs 0, 10, 20, ...). */
export const DETERMINISM_SAMPLE_EVERY = 10;

/** What one replay from boot saw: per step (0 is boot) each node's slot and the step's sends, as text. */
interface Transcript {
  steps: string[][];
  events: WorldEvent[];
  /** The model error the replay stopped at, if any, and at which step. */
  failure: { step: number; message: string } | null;
}

/**
 * Real implementations are not trusted to be deterministic (a map iterated in random order, a
 * clock read, a goroutine): a bridged trace is replayed from boot on the process that ran it
 * (whose answer cache gives back what it answered then, at no cost) and against a fresh process,
 * and the first step where the two differ is a model error with the events that led there: "the
 * implementation is not deterministic: step K gave ... then ...". A fresh process shares nothing
 * with the one that ran the trace: no state left by other runs' instances, no answer cache.
 * A model written in TypeScript is replayed twice in this process: a `Math.random`, a clock read or
 * module-level state left by an earlier run shows as the same kind of divergence ("the model is
 * not deterministic"). Null when both agree.
 */
export function nondeterminismOf(trace: Trace, protocol: AnyProtocol): RunModelError | null {
  const bridge = bridgeOf(protocol);
  const what = bridge === undefined ? 'the model' : 'the implementation';
  const replayOnFreshProcess = (): Transcript => {
    if (bridge === undefined) return transcriptOf(trace, protocol);
    const fresh = bridge.fresh();
    try {
      return transcriptOf(trace, fresh.protocol);
    } finally {
      fresh.stop();
    }
  };
  const first = transcriptOf(trace, protocol);
  const second = replayOnFreshProcess();
  const length = Math.max(first.steps.length, second.steps.length);
  for (let step = 0; step < length; step++) {
    const a = first.steps[step];
    const b = second.steps[step];
    if (a !== undefined && b !== undefined && a.every((part, i) => part === b[i])) continue;
    const where = step === 0 ? 'step 0 (boot)' : `step ${step} (${canonicalJson(first.events[step - 1] ?? second.events[step - 1])})`;
    const message = `${what} is not deterministic: ${where} gave ${difference(a, b, first)} then ${difference(b, a, second)}`;
    return new RunModelError(new ModelError(message), (first.events.length >= step ? first.events : second.events).slice(0, step));
  }
  if (first.failure?.message !== second.failure?.message) {
    const step = first.failure?.step ?? second.failure!.step;
    const message = `${what} is not deterministic: step ${step} gave ${first.failure?.message ?? 'no error'} then ${second.failure?.message ?? 'no error'}`;
    return new RunModelError(new ModelError(message), first.events.slice(0, step));
  }
  return null;
}

function transcriptOf(trace: Trace, protocol: AnyProtocol): Transcript {
  const transcript: Transcript = { steps: [], events: [], failure: null };
  try {
    const system = createSystem(protocol, trace.nodes, trace.config);
    const exec = Execution.boot(system, new Monitor([], null), [], 0);
    const texts = new SlotTexts();
    transcript.steps.push(texts.stepText(exec.world, null));
    const stable = trace.stabilization;
    runEvents(exec, trace.events, 0, {
      resolve: resolveEvent,
      afterEvent: (outcome, event) => {
        transcript.events.push(event);
        transcript.steps.push(texts.stepText(outcome.world, outcome));
      },
      stabilization: stable ? { step: stable.step, stableDelayTicks: synchronousDelayTicks(protocol) } : null,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    transcript.failure = { step: transcript.steps.length, message };
  }
  return transcript;
}

/**
 * One replay's step texts. An event changes at most one node's slot and the world keeps the other
 * slot objects as they were, so a slot that is the same object as the step before has the same
 * text: it is kept rather than written again (the texts were a fifth of a catalog cell's time).
 */
class SlotTexts {
  private slots: readonly NodeSlot[] = [];
  private texts: string[] = [];

  /** One part per node (its slot: up, view, stored, state, timers), then the step's sends. */
  stepText(world: World, outcome: Outcome | null): string[] {
    const nodes = world.nodes;
    const parts = new Array<string>(nodes.length + 1);
    for (let i = 0; i < nodes.length; i++) parts[i] = nodes[i] === this.slots[i] ? this.texts[i] : slotText(nodes[i]);
    this.slots = nodes;
    this.texts = parts;
    parts[nodes.length] = canonicalJson((outcome?.sent ?? []).map((m) => [m.to, m.msg]));
    return parts;
  }
}

function slotText(slot: NodeSlot): string {
  if (!slot.up) return 'down';
  const timers = slot.timers.map((t) => [t.name, t.after]);
  return canonicalJson({ view: slot.view, stored: slot.stored, state: slot.state, timers });
}

/** What this replay had at `step` where the other differs: the first node (or the sends) that differ. */
function difference(mine: string[] | undefined, other: string[] | undefined, transcript: Transcript): string {
  if (mine === undefined) return transcript.failure === null ? 'no such step' : `a model error (${transcript.failure.message})`;
  const i = other === undefined ? 0 : mine.findIndex((part, j) => part !== other[j]);
  const at = Math.max(i, 0);
  const text = at === mine.length - 1 ? `sends ${mine[at]}` : `node ${at + 1} ${mine[at]}`;
  return text.length > 400 ? `${text.slice(0, 400)}...` : text;
}
