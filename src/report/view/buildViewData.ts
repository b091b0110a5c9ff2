import type { Stabilization, Violation } from '../../judge/monitor.js';
import type { AnyProtocol } from '../../shared/protocol.js';
import type { InFlight, NodeSlot } from '../../shared/world.js';
import type { Trace } from '../../trace/format.js';
import { replay, type ReplayStep } from '../../trace/replay.js';
import { describeEvent, describeMessage } from '../describe.js';
import { terminalText } from '../escape.js';
import { VIEW_FORMAT, type ViewData, type ViewMessage, type ViewNode, type ViewStep } from './client/viewData.js';

/** What a viewer page is computed from: the worlds of a run, step by step, as the kernel made them. */
export interface ViewSource {
  protocol: AnyProtocol;
  nodes: number;
  /** Step 0 (boot) first; each later step with the event applied and its outcome. */
  steps: readonly ReplayStep[];
  violation: Violation | null;
  stabilization?: Stabilization | null;
  properties: readonly string[];
  title?: string;
  meta?: { label: string; value: string }[];
}

/** The viewer data of a trace, replayed through the kernel (or from a replay already made). */
export function traceViewData(trace: Trace, protocol: AnyProtocol, result = replay(trace, protocol)): ViewData {
  const meta = [
    trace.profile !== undefined ? { label: 'profile', value: trace.profile } : null,
    trace.seed !== undefined ? { label: 'seed', value: trace.seed } : null,
    trace.run !== undefined ? { label: 'run', value: String(trace.run) } : null,
    { label: 'events', value: String(trace.events.length) },
  ].filter((m) => m !== null);
  return buildViewData({
    protocol,
    nodes: trace.nodes,
    steps: result.steps,
    violation: result.violation,
    stabilization: trace.stabilization ?? null,
    properties: result.properties,
    meta,
  });
}

/**
 * Turns the worlds of a run into the plain data the viewer shows. Node slots are interned by
 * identity: an event leaves every slot but the one it touched shared with the world before, so a
 * 1,000-event trace keeps about 1,000 node states, not nodes times steps.
 */
export function buildViewData(source: ViewSource): ViewData {
  const { protocol } = source;
  const snapshots: ViewNode[] = [];
  const slotIndex = new Map<NodeSlot, number>();
  const intern = (slot: NodeSlot): number => {
    let i = slotIndex.get(slot);
    if (i === undefined) {
      i = snapshots.push(nodeOf(slot)) - 1;
      slotIndex.set(slot, i);
    }
    return i;
  };
  const messages = new Map<number, ViewMessage>();
  const record = (m: InFlight, step: number, copyOf: number | null): void => {
    messages.set(m.id, {
      id: m.id,
      from: m.from,
      to: m.to,
      type: terminalText(m.msg.type),
      label: terminalText(describeMessage(protocol, m.msg)),
      body: m.msg,
      sentStep: step,
      sentAt: m.sentAt,
      copyOf,
      end: null,
    });
  };
  const steps: ViewStep[] = source.steps.map((step, i) => {
    const { world, event, outcome } = step;
    if (event === null) for (const m of world.network) record(m, step.index, null);
    else {
      for (const m of outcome?.sent ?? []) record(m, step.index, event.kind === 'duplicate' ? event.id : null);
      if (event.kind === 'deliver' || event.kind === 'drop') {
        const m = messages.get(event.id);
        if (m !== undefined) m.end = { step: step.index, kind: event.kind };
      }
    }
    return {
      index: step.index,
      at: world.now,
      event: event === null ? null : { ...event },
      label: event === null ? 'boot' : describeEvent(protocol, source.steps[i - 1].world, event),
      nodes: world.nodes.map(intern),
      stepped: outcome?.stepped ?? null,
      input: outcome?.input == null ? null : terminalText(outcome.input),
      marks: (outcome?.marks ?? []).map(terminalText),
      sent: (outcome?.sent ?? []).map((m) => m.id),
      network: world.network.map((m) => m.id),
      partition: world.partition === null ? null : world.partition.map((g) => [...g]),
    };
  });
  const v = source.violation;
  const stable = source.stabilization;
  const stableStep = stable != null && stable.step < steps.length ? stable.step : null;
  const title = source.title ?? `${v === null ? 'no property violated' : `${v.property} violated`}: ${protocol.name}, ${source.nodes} nodes`;
  return {
    format: VIEW_FORMAT,
    title: terminalText(title),
    model: terminalText(protocol.name),
    nodes: source.nodes,
    meta: (source.meta ?? []).map((m) => ({ label: m.label, value: terminalText(m.value) })),
    properties: [...source.properties],
    snapshots,
    messages: [...messages.values()].sort((a, b) => a.id - b.id),
    steps,
    violation: v === null ? null : { property: v.property, step: v.step, detail: terminalText(v.detail) },
    stabilization: stableStep === null ? null : { step: stableStep, at: steps[stableStep].at, boundTicks: stable!.boundTicks },
  };
}

function nodeOf(slot: NodeSlot): ViewNode {
  return {
    up: slot.up,
    role: slot.view === null ? null : terminalText(String(slot.view.role)),
    term: slot.view?.term ?? null,
    leader: slot.view?.leader ?? null,
    view: slot.view,
    state: slot.state,
    stored: slot.stored,
    timers: slot.timers.map((t) => ({ id: t.id, name: terminalText(t.name), setAt: t.setAt, after: t.after })),
  };
}
