import { describeMessage } from '../model/boundary.js';
import type { AnyProtocol, NodeView } from '../shared/protocol.js';
import type { World, WorldEvent } from '../shared/world.js';
import { findMessage } from '../world/world.js';
import { terminalText } from './escape.js';
import { pausedFor } from './pauses.js';

// The model's own rendering goes through the model boundary: a describeMessage that throws is a
// model error.
export { describeMessage };

/**
 * One event as people read it, given the world it was applied to: `deliver #7 1->3 RequestVote t2`;
 * the model's strings in it (message, timer name) come out on one line with no control character.
 */
export function describeEvent(protocol: AnyProtocol, before: World, event: WorldEvent): string {
  return terminalText(eventText(protocol, before, event));
}

function eventText(protocol: AnyProtocol, before: World, event: WorldEvent): string {
  switch (event.kind) {
    case 'deliver':
    case 'drop':
    case 'duplicate': {
      const m = findMessage(before, event.id);
      const what = m === undefined ? '?' : `${m.from}->${m.to} ${describeMessage(protocol, m.msg)}`;
      return `${event.kind} #${event.id} ${what}`;
    }
    case 'timer':
      return `timer ${event.timer} on ${event.node}${event.after !== undefined ? ` after ${event.after}` : ''}`;
    case 'crash':
    case 'restart':
      return `${event.kind} ${event.node}`;
    case 'partition':
      return `partition ${event.groups.map((g) => `[${g.join(',')}]`).join(' ')}`;
    case 'heal':
      return 'heal';
    case 'pause':
      return `pause ${event.node}`;
    case 'resume': {
      const ticks = pausedFor(before, event.node, event.at ?? before.now);
      return `resume ${event.node}${ticks === null ? '' : ` after ${ticks} ticks`}`;
    }
  }
}

/** A node's view in a few characters, `~` after it while paused (`L2~`). */
export function slotView(slot: { view: NodeView | null; pausedAt?: number }): string {
  return slot.pausedAt === undefined ? shortView(slot.view) : `${shortView(slot.view)}~`;
}

/** A node's view in a few characters: `L2` leader in term 2, `F2>1` follower naming 1, `--` down. */
export function shortView(view: NodeView | null): string {
  if (view === null) return '--';
  const role = view.role === 'leader' ? 'L' : view.role === 'candidate' ? 'C' : view.role === 'follower' ? 'F' : terminalText(view.role);
  const leader = view.role !== 'leader' && view.leader !== null ? `>${view.leader}` : '';
  return `${role}${view.term}${leader}`;
}

/** Every node's short view, numbered: `1:L2 2:F2>1 3:--`. */
export function viewsLine(world: World): string {
  return world.nodes.map((slot, i) => `${i + 1}:${slotView(slot)}`).join(' ');
}
