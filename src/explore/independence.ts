import type { World } from '../shared/world.js';
import { connected } from '../world/world.js';
import { type ExploreBounds, counters } from './bounds.js';
import type { Choice } from './enabledEvents.js';

/**
 * A step as partial-order reduction sees it: what it is (its key, the same for the same step from
 * any state: a message is named by its content code, never by its id) and what it touches. Steps
 * of a node's own (a delivery to it, its timer, its crash or restart) touch that node's slot and
 * nothing else but the network; network-only steps (a drop, a duplicate) touch one message.
 */
export interface Step {
  key: number;
  kind: StepKind;
  /** The node whose slot the step changes (1..n), 0 for none. */
  node: number;
  /** The content code of the message it consumes or copies, -1 for none. */
  message: number;
  /** A message step's sender and receiver (what a partition separates), 0 otherwise. */
  from: number;
  to: number;
  /** The fault budget it spends (bounds.ts `counters`). */
  spends: number;
  /** The messages in flight after it minus before it, counted before a full bag loses any. */
  delta: number;
  /** A partition's groups. */
  groups: readonly (readonly number[])[] | null;
}

export const enum StepKind {
  Deliver = 1,
  DeliverKeep,
  Drop,
  Duplicate,
  Timer,
  Crash,
  CrashRestart,
  Restart,
  Partition,
  Heal,
  /** A pause, a resume, or a step explore does not know: dependent on every step. */
  Opaque,
}

const KINDS = 16;

/** Names steps: content codes of messages (`codes[at + j]` for network[j]), timers by node and name. */
export class StepNamer {
  private readonly timers = new Map<string, number>();
  private readonly splits = new Map<string, number>();

  constructor(private readonly nodes: number) {}

  /** The step a choice makes from `world`, its delta not yet known (0). */
  stepOf(choice: Choice, world: World, codes: ArrayLike<number>, at: number): Step {
    const events = choice.events;
    const first = events[0];
    const step: Step = { key: 0, kind: StepKind.Opaque, node: 0, message: -1, from: 0, to: 0, spends: choice.spends, delta: 0, groups: null };
    let arg = 0;
    switch (first.kind) {
      case 'deliver':
      case 'drop':
      case 'duplicate': {
        const j = indexOfId(world, first.id);
        const m = world.network[j];
        step.message = codes[at + j];
        step.from = m.from;
        step.to = m.to;
        arg = step.message;
        if (events.length === 2 && first.kind === 'duplicate' && events[1].kind === 'deliver') {
          step.kind = StepKind.DeliverKeep;
          step.node = m.to;
        } else if (events.length === 1) {
          step.kind = first.kind === 'deliver' ? StepKind.Deliver : first.kind === 'drop' ? StepKind.Drop : StepKind.Duplicate;
          if (first.kind === 'deliver') step.node = m.to;
        }
        break;
      }
      case 'timer':
        step.kind = StepKind.Timer;
        step.node = first.node;
        arg = first.node + (this.nodes + 1) * this.intern(this.timers, first.timer);
        break;
      case 'crash':
      case 'restart':
        step.kind = first.kind === 'restart' ? StepKind.Restart : events.length === 2 ? StepKind.CrashRestart : StepKind.Crash;
        step.node = first.node;
        arg = first.node;
        break;
      case 'partition':
        step.kind = StepKind.Partition;
        step.groups = first.groups;
        arg = this.intern(this.splits, JSON.stringify(first.groups));
        break;
      case 'heal':
        step.kind = StepKind.Heal;
        break;
      default:
        arg = this.intern(this.splits, JSON.stringify(first));
    }
    step.key = step.kind + KINDS * arg;
    return step;
  }

  private intern(table: Map<string, number>, name: string): number {
    let id = table.get(name);
    if (id === undefined) {
      id = table.size;
      table.set(name, id);
    }
    return id;
  }
}

/**
 * Whether steps a and b, both enabled in state `world` (its fault budgets `used`, `count` messages
 * in flight), commute there in the bounded system explore searches: each leaves the other enabled
 * and either order ends in the same state (slots, memos, the multiset of messages, budgets), and
 * neither leads to a state the bounds stop expanding, so the other order is searched on. The
 * argument, case by case, is in the README's "Partial-order reduction" section; in short:
 *
 * - a model's step is a pure function of its node's slot and its input, so steps of different
 *   nodes commute on the slots; two steps of one node never do (a crash or a restart disables
 *   or enables the node's deliveries and timers);
 * - two steps on the same message content never do (a delivery or drop may take its last copy);
 * - a partition separates some deliveries: it commutes only with deliveries inside one of its
 *   groups; a heal leaves every enabled delivery enabled; partition and heal never commute;
 * - two steps spending one fault budget commute only while the budget lasts for both;
 * - in a bag (SPIN's network) a send into a full bag is lost, and which one depends on the order:
 *   they commute only when neither order loses a message; without a bag, a step whose state has
 *   more messages than --max-messages is not expanded, so it must not stand in for the other order.
 *
 * The memos of the properties are part of the state too: sleepSets.ts checks they commute.
 */
export function independent(a: Step, b: Step, world: World, used: number, count: number, bounds: ExploreBounds): boolean {
  if (a.kind === StepKind.Opaque || b.kind === StepKind.Opaque) return false;
  if (a.node !== 0 && a.node === b.node) return false;
  if (a.message >= 0 && a.message === b.message) return false;
  if (!cutApart(a, b, world) || !cutApart(b, a, world)) return false;
  if (!budgetsLast(a.spends, b.spends, used, bounds)) return false;
  const room = bounds.bag ?? bounds.maxMessages;
  if (count + a.delta > room || count + b.delta > room) return false;
  return bounds.bag === undefined || count + a.delta + b.delta <= bounds.bag;
}

/** False when `a` is a partition or a heal that `b` does not commute with. */
function cutApart(a: Step, b: Step, world: World): boolean {
  if (a.kind === StepKind.Partition) {
    if (b.kind === StepKind.Partition || b.kind === StepKind.Heal) return false;
    if (b.kind !== StepKind.Deliver && b.kind !== StepKind.DeliverKeep) return true;
    return connected({ ...world, partition: a.groups }, b.from, b.to);
  }
  if (a.kind === StepKind.Heal) return b.kind !== StepKind.Heal;
  return true;
}

function budgetsLast(a: number, b: number, used: number, bounds: ExploreBounds): boolean {
  if (a === 0 || b === 0) return true;
  return counters.crashes(used) + counters.crashes(a) + counters.crashes(b) <= bounds.maxCrashes
    && counters.drops(used) + counters.drops(a) + counters.drops(b) <= bounds.maxDrops
    && counters.dups(used) + counters.dups(a) + counters.dups(b) <= bounds.maxDups
    && counters.partitions(used) + counters.partitions(a) + counters.partitions(b) <= bounds.maxPartitions;
}

function indexOfId(world: World, id: number): number {
  const network = world.network;
  for (let j = 0; j < network.length; j++) if (network[j].id === id) return j;
  throw new Error(`explore: event on message ${id}, which is not in flight`);
}
