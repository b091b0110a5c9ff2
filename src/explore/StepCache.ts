import type { InFlight, World } from '../shared/world.js';
import type { Choice } from './enabledEvents.js';

/** What a step did to a state's row of part codes, learnt from the world the kernel built. */
interface StepEffect {
  /** The slots and memos after the step. */
  fixed: Int32Array;
  /** The code of the one message the step took out of the network, or -1. */
  removes: number;
  /** The codes of the messages it put in, in send order, before a bag's overflow. */
  adds: Int32Array;
  /** Past --max-term under --prune-term: no state. */
  pruned: boolean;
}

/** Codes fit in one UTF-16 unit of a key; a part beyond that takes the kernel's path. */
const KEY_UNIT = 0x10000;
export const MISS = -1;
export const PRUNED = -2;

/**
 * Steps the search has taken once through the kernel (Execution: apply, then the monitor), kept by
 * what they depend on so the same step from another state is replayed on codes alone, with no
 * world built. A delivery, a timer, a drop, a duplicate and an atomic restart depend only on the
 * slots of the nodes and the message they act on (the model's step is a pure function of its
 * node's state and its input); the memos of properties that read only node slots depend only on
 * those slots and the memos before. So the key is the parent's slots and memos, the step (kind,
 * node, message or timer) and the message count (which decides a bag's overflow, so how many
 * times the monitor observes). Message ids, times and the network's order never enter a state.
 * Anything else (crash alone, restart alone, partitions, a property that reads the network, a
 * violation) always takes the kernel's path.
 */
export class StepCache {
  /** Per numbered row of slots and memos, its steps by their small key (kind, node, count, arg). */
  private readonly effects: Map<number, StepEffect>[] = [];
  /** The steps of the row `enter` was last given. */
  private current: Map<number, StepEffect> | null = null;
  private learnt = 0;
  private readonly timerIds = new Map<string, number>();
  /** Each distinct row of slots and memos met, numbered: a step's key starts with its parent's. */
  private readonly fixedIds = new Map<string, number>();
  private readonly fixedKey: number[];
  /** The number of the row `enter` was last given; -1 when it does not fit a key. */
  private fixed = -1;
  private out = new Int32Array(64);
  /** The messages the last `step` put in but a full bag lost. */
  private lost: Int32Array = new Int32Array(0);

  constructor(
    /** Codes before the messages in a row: the slots, then the memos. */
    private readonly fixedParts: number,
    private readonly bag: number | undefined,
  ) {
    this.fixedKey = new Array<number>(fixedParts).fill(0);
  }

  /** Called once per state expanded, before `keyOf` for its steps: numbers its slots and memos. */
  enter(codes: Int32Array): void {
    const key = this.fixedKey;
    for (let i = 0; i < this.fixedParts; i++) {
      if (codes[i] >= KEY_UNIT) {
        this.fixed = -1;
        return;
      }
      key[i] = codes[i];
    }
    const text = String.fromCharCode.apply(null, key);
    let id = this.fixedIds.get(text);
    if (id === undefined) {
      id = this.fixedIds.size;
      this.fixedIds.set(text, id);
      this.effects.push(new Map());
    }
    this.fixed = id;
    this.current = this.effects[id];
  }

  /** The key of `choice` from the state `codes` (its world `world`, messages numbered 1..count, given to `enter`), or -1 when it is not cacheable. */
  keyOf(choice: Choice, world: World, codes: Int32Array): number {
    if (this.fixed < 0) return -1;
    const events = choice.events;
    const first = events[0];
    let kind: number;
    let node: number;
    let arg = 0;
    switch (first.kind) {
      case 'deliver':
      case 'drop':
      case 'duplicate': {
        const m = world.network[first.id - 1];
        node = m.to;
        arg = codes[this.fixedParts + first.id - 1];
        if (events.length === 1) kind = first.kind === 'deliver' ? 1 : first.kind === 'drop' ? 2 : 3;
        else if (first.kind === 'duplicate' && events.length === 2 && events[1].kind === 'deliver' && (events[1] as { id: number }).id === first.id) kind = 4;
        else return -1;
        break;
      }
      case 'timer':
        if (events.length !== 1) return -1;
        kind = 5;
        node = first.node;
        arg = this.timerId(first.timer);
        break;
      case 'crash':
        if (events.length !== 2 || events[1].kind !== 'restart' || events[1].node !== first.node) return -1;
        kind = 6;
        node = first.node;
        break;
      default:
        return -1;
    }
    const count = codes.length - this.fixedParts;
    if (arg >= KEY_UNIT || count >= 32 || node >= 16) return -1;
    // arg (16 bits) | count (5) | node (4) | kind (3): 28 bits, a small integer to V8.
    return (((arg << 5) | count) << 7) | (node << 3) | kind;
  }

  /**
   * Writes the successor's row for a known step into the scratch row and returns its length (valid
   * until the next call, see `row`), PRUNED for a step that makes no state, MISS for one not known.
   */
  step(key: number, codes: Int32Array): number {
    const effect = this.current!.get(key);
    if (effect === undefined) return MISS;
    if (effect.pruned) return PRUNED;
    const fixed = this.fixedParts;
    const most = codes.length + effect.adds.length;
    if (this.out.length < most) this.out = new Int32Array(most * 2);
    const out = this.out;
    out.set(effect.fixed);
    let at = fixed;
    let removes = effect.removes;
    for (let j = fixed; j < codes.length; j++) {
      if (codes[j] === removes) removes = -1;
      else out[at++] = codes[j];
    }
    const room = this.bag === undefined ? Infinity : this.bag;
    let j = 0;
    for (; j < effect.adds.length && at - fixed < room; j++) out[at++] = effect.adds[j];
    this.lost = effect.adds.subarray(j);
    return at;
  }

  /** The codes of the messages the last `step` lost to a full bag (the newest ones), for the path. */
  lostMessages(): Int32Array {
    return this.lost;
  }

  /** The row `step` last wrote (its first `length` codes). */
  get row(): Int32Array {
    return this.out;
  }

  /**
   * Learns a step the kernel took: `before` and `after` are the worlds around its events (after: before
   * a bag's overflow), `childFixed` the slots' and memos' codes after it, `codeOf` a message's code.
   */
  learn(key: number, before: World, after: World, childFixed: Int32Array | null, codeOf: (m: InFlight) => number): void {
    const removed = before.network.filter((m) => !after.network.some((n) => n.id === m.id));
    if (removed.length > 1) return;
    const adds = Int32Array.from(after.network.filter((m) => m.id >= before.nextMessageId).map(codeOf));
    const fixed = childFixed === null ? new Int32Array(0) : Int32Array.from(childFixed.subarray(0, this.fixedParts));
    this.current!.set(key, { fixed, removes: removed.length === 0 ? -1 : codeOf(removed[0]), adds, pruned: childFixed === null });
    this.learnt++;
  }

  /** Steps learnt so far. */
  get size(): number {
    return this.learnt;
  }

  private timerId(name: string): number {
    let id = this.timerIds.get(name);
    if (id === undefined) {
      id = this.timerIds.size;
      this.timerIds.set(name, id);
    }
    return id;
  }
}
