import type { NodeId, NodeView } from '../shared/protocol.js';
import type { World, WorldEvent } from '../shared/world.js';

/**
 * Tells one event as the article's story does: "Node 3: I am the leader!", "Node 1: Node 3 is the
 * leader.", "Node 3 fails." Only notable events get a line; delivery of a heartbeat does not.
 */
export function storyLines(before: World, after: World, event: WorldEvent, pauseTicks?: number | null): string[] {
  switch (event.kind) {
    case 'crash':
      return [`Node ${event.node} fails.`];
    case 'partition':
      return [`The network splits: ${event.groups.map((g) => `[${g.join(',')}]`).join(' | ')}.`];
    case 'heal':
      return ['The network heals.'];
    case 'pause': {
      const span = pauseTicks === undefined || pauseTicks === null ? '' : ` ${pauseTicks} ticks`;
      return [`Node ${event.node} pauses${span} (a GC pause, a stopped VM): it takes no steps, and what is sent to it waits.`];
    }
    default:
      break;
  }
  const lines: string[] = event.kind === 'restart' ? [`Node ${event.node} restarts.`] : event.kind === 'resume' ? [resumeLine(before, event.node, after.now)] : [];
  after.nodes.forEach((slot, i) => {
    const line = viewChange(i + 1, before.nodes[i].view, slot.view);
    if (line !== null) lines.push(line);
  });
  return lines;
}

/** Tells what the nodes did at boot (Bully and Ring elect at once: "Node 3: I am the leader!"). */
export function bootStoryLines(world: World): string[] {
  const lines: string[] = [];
  world.nodes.forEach((slot, i) => {
    const line = viewChange(i + 1, null, slot.view);
    if (line !== null) lines.push(line);
  });
  return lines;
}

function viewChange(node: NodeId, was: NodeView | null, now: NodeView | null): string | null {
  if (now === null) return null;
  if (now.role === 'leader' && (was?.role !== 'leader' || was.term !== now.term)) return `Node ${node}: I am the leader${leaderToken(now)}!`;
  const write = resourceWrite(node, was, now);
  if (write !== null) return write;
  if (now.role === 'candidate' && (was?.role !== 'candidate' || was.term !== now.term)) {
    return `Node ${node}: I start an election (term ${now.term}).`;
  }
  if (was?.role === 'leader' && now.role !== 'leader') return `Node ${node}: I step down (term ${now.term}).`;
  if (now.leader !== null && now.leader !== node && now.leader !== was?.leader) return `Node ${node}: Node ${now.leader} is the leader.`;
  return null;
}

function resumeLine(before: World, node: NodeId, now: number): string {
  const since = before.nodes[node - 1]?.pausedAt;
  const view = before.nodes[node - 1]?.view;
  const still = view?.role === 'leader' ? ', still believing it is the leader' : '';
  return `Node ${node} resumes after ${since === undefined ? '?' : now - since} ticks${still}.`;
}

/** A view's fencing token as the story names it: " (lease 7)" or " (znode 7)" (models/coord), else nothing. */
function leaderToken(view: NodeView): string {
  const extra = view as NodeView & { lease?: unknown; znode?: unknown };
  if (typeof extra.lease === 'number') return ` (lease ${extra.lease})`;
  if (typeof extra.znode === 'number') return ` (znode ${extra.znode})`;
  return '';
}

/**
 * A protected resource's new write, as the seed article's payment service would log it: "Node 4
 * (payments): charge of period 1 from node 2 with token 7 refused, token 8 already seen."
 */
function resourceWrite(node: NodeId, was: NodeView | null, now: NodeView): string | null {
  type Write = { n: number; node: number; token: number; period: number; accepted: boolean };
  const write = (now as NodeView & { lastWrite?: Write | null }).lastWrite;
  const before = (was as (NodeView & { lastWrite?: Write | null }) | null)?.lastWrite;
  if (now.role !== 'resource' || write === undefined || write === null || write.n === before?.n) return null;
  const what = `charge of period ${write.period} from node ${write.node} with token ${write.token}`;
  if (write.accepted) return `Node ${node} (payments): ${what} accepted.`;
  return `Node ${node} (payments): ${what} refused, token ${now.term} already seen.`;
}
