import { findProperty } from '../../properties/index.js';
import type { Violation } from '../judge/monitor.js';
import { describeEvent, describeMessage } from '../report/describe.js';
import { buildViewData } from '../report/view/buildViewData.js';
import type { ViewData } from '../report/view/client/viewData.js';
import { ModelError } from '../shared/errors.js';
import type { AnyProtocol, PropertyName } from '../shared/protocol.js';
import type { WorldEvent } from '../shared/world.js';
import type { ExplorerSession } from './session.js';

export interface VerdictSnapshot {
  property: PropertyName;
  kind: 'safety' | 'liveness';
  /** False for liveness on a path where faults never stop: it is not judged there. */
  judged: boolean;
  violation: Violation | null;
}

/**
 * Everything the page shows, as plain JSON. Model strings travel as data and the page renders
 * them with textContent only (the viewer's client API and the explorer's own code alike).
 */
export interface ExplorerSnapshot {
  /** The path from boot to the cursor, as the viewer shows a run (src/report/view/client/viewData.ts). */
  view: ViewData;
  cursor: number;
  /** Every step of the timeline; those past the cursor can be redone, or selected. */
  timeline: { index: number; at: number; label: string }[];
  /** The events enabled at the cursor, every fault included, each with the line people read. */
  enabled: { event: WorldEvent; label: string }[];
  verdicts: VerdictSnapshot[];
  /** The earliest violation on the path to the cursor, if any: the page's warning. */
  violation: Violation | null;
}

export function snapshotOf(session: ExplorerSession): ExplorerSnapshot {
  const protocol = labelledSafely(session.setup.protocol);
  const { timeline, cursor } = session;
  const here = session.here.world;
  const verdicts = session.verdicts();
  const stable = session.setup.stabilization ?? null;
  const found = verdicts.filter((v): v is Violation => v !== null);
  const violation = found.length === 0 ? null : found.reduce((a, b) => (b.step < a.step ? b : a));
  const path = timeline.slice(0, cursor + 1).map((record, index) => ({ index, event: record.event, world: record.world, outcome: record.outcome }));
  const view = buildViewData({
    protocol,
    nodes: session.system.nodes,
    steps: path,
    violation,
    stabilization: stable,
    properties: session.setup.properties,
    title: violation === null ? `no property violated so far: ${protocol.name}, ${session.system.nodes} nodes` : `${violation.property} violated: ${protocol.name}, ${session.system.nodes} nodes`,
    meta: [
      { label: 'profile', value: 'explorer' },
      { label: 'from', value: session.setup.source ?? 'boot, walked by hand' },
    ],
  });
  return {
    view,
    cursor,
    timeline: timeline.map((record, index) => ({
      index,
      at: record.world.now,
      label: index === 0 ? 'boot' : describeEvent(protocol, timeline[index - 1].world, record.event!),
    })),
    enabled: session.enabled().map((event) => ({ event, label: describeEvent(protocol, here, event) })),
    verdicts: session.setup.properties.map((property, i) => {
      const kind = findProperty(property)!.kind;
      const judged = kind === 'safety' || (stable !== null && stable.step <= cursor);
      return { property, kind, judged, violation: verdicts[i] };
    }),
    violation,
  };
}

/**
 * The protocol with a describeMessage that cannot throw: a model whose rendering fails still gets
 * its buttons and diagram (the error in the label), since the events themselves are enabled and
 * the person may want to take them. The world never calls describeMessage, so nothing else changes.
 */
function labelledSafely(protocol: AnyProtocol): AnyProtocol {
  if (protocol.describeMessage === undefined) return protocol;
  return {
    ...protocol,
    describeMessage: (msg) => {
      try {
        return describeMessage(protocol, msg);
      } catch (error) {
        if (!(error instanceof ModelError)) throw error;
        return `${msg.type} (model error: ${error.message})`;
      }
    },
  };
}
