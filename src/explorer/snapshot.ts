import { findProperty } from '../../properties/index.js';
import type { Violation } from '../judge/monitor.js';
import { describeEvent, describeMessage } from '../report/describe.js';
import { ModelError } from '../shared/errors.js';
import type { NodeView, PropertyName } from '../shared/protocol.js';
import type { World, WorldEvent } from '../shared/world.js';
import { findMessage } from '../world/world.js';
import type { ExplorerSession } from './session.js';

/** One node at one step, as the page shows it: the view properties see, and the whole state. */
export interface NodeSnapshot {
  node: number;
  up: boolean;
  role: string | null;
  term: number | null;
  leader: number | null;
  state: unknown;
  stored: unknown;
  timers: string[];
}

/** A step of the timeline for the diagram: the event, how people read it, every node's view after it. */
export interface StepSnapshot {
  index: number;
  event: WorldEvent | null;
  label: string;
  now: number;
  /** Sender and receiver of the message a deliver, drop or duplicate acts on. */
  message: { from: number; to: number } | null;
  views: Pick<NodeSnapshot, 'node' | 'up' | 'role' | 'term' | 'leader'>[];
}

export interface VerdictSnapshot {
  property: PropertyName;
  kind: 'safety' | 'liveness';
  /** False for liveness on a path where faults never stop: it is not judged there. */
  judged: boolean;
  violation: Violation | null;
}

/**
 * Everything the page shows, as plain JSON. Model strings (roles, message text, timer names,
 * states) travel as data and the page renders them with textContent only.
 */
export interface ExplorerSnapshot {
  model: string;
  nodes: number;
  cursor: number;
  steps: StepSnapshot[];
  /** Every node at the cursor, full state included. */
  here: NodeSnapshot[];
  network: { id: number; from: number; to: number; label: string; sentAt: number }[];
  partition: number[][] | null;
  enabled: { event: WorldEvent; label: string }[];
  verdicts: VerdictSnapshot[];
  /** The earliest violation on the path to the cursor, if any: the page's warning. */
  violation: Violation | null;
  stabilization: { step: number; boundTicks: number } | null;
}

export function snapshotOf(session: ExplorerSession): ExplorerSnapshot {
  const { protocol } = session.setup;
  const timeline = session.timeline;
  const here = session.here.world;
  const verdicts = session.verdicts();
  const stable = session.setup.stabilization ?? null;
  const violations = verdicts.filter((v): v is Violation => v !== null);
  return {
    model: protocol.name,
    nodes: session.system.nodes,
    cursor: session.cursor,
    steps: timeline.map((record, index) => ({
      index,
      event: record.event,
      label: index === 0 ? 'boot' : label(session, timeline[index - 1].world, record.event!),
      now: record.world.now,
      message: index === 0 ? null : messageEnds(timeline[index - 1].world, record.event!),
      views: record.world.nodes.map((slot, i) => ({ node: i + 1, up: slot.up, ...viewOf(slot.view) })),
    })),
    here: here.nodes.map((slot, i) => ({
      node: i + 1,
      up: slot.up,
      ...viewOf(slot.view),
      state: slot.state,
      stored: slot.stored ?? null,
      timers: slot.timers.map((t) => t.name),
    })),
    network: here.network.map((m) => ({ id: m.id, from: m.from, to: m.to, label: messageLabel(session, m.msg), sentAt: m.sentAt })),
    partition: here.partition === null ? null : here.partition.map((g) => [...g]),
    enabled: session.enabled().map((event) => ({ event, label: label(session, here, event) })),
    verdicts: session.setup.properties.map((property, i) => {
      const kind = findProperty(property)!.kind;
      const judged = kind === 'safety' || (stable !== null && stable.step <= session.cursor);
      return { property, kind, judged, violation: verdicts[i] };
    }),
    violation: violations.length === 0 ? null : violations.reduce((a, b) => (b.step < a.step ? b : a)),
    stabilization: stable,
  };
}

function messageEnds(before: World, event: WorldEvent): { from: number; to: number } | null {
  if (!('id' in event)) return null;
  const m = findMessage(before, event.id);
  return m === undefined ? null : { from: m.from, to: m.to };
}

function viewOf(view: NodeView | null): Pick<NodeSnapshot, 'role' | 'term' | 'leader'> {
  return view === null ? { role: null, term: null, leader: null } : { role: view.role, term: view.term, leader: view.leader };
}

/**
 * describeEvent's line; a model whose describeMessage throws still gets a button (its error in
 * the label), since the event itself is enabled and the person may want to take it.
 */
function label(session: ExplorerSession, before: World, event: WorldEvent): string {
  try {
    return describeEvent(session.setup.protocol, before, event);
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    return `${event.kind} ${JSON.stringify(event)} (model error: ${error.message})`;
  }
}

function messageLabel(session: ExplorerSession, msg: { type: string }): string {
  try {
    return describeMessage(session.setup.protocol, msg);
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    return `${msg.type} (model error: ${error.message})`;
  }
}
