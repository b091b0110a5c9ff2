import type { InFlight, NodeSlot, World, WorldEvent } from '../shared/world.js';
import type { FaultPolicy, PartitionEvent } from '../world/enabled.js';
import type { PathLink } from './paths.js';
import { connected } from '../world/world.js';
import type { ExploreBounds } from './bounds.js';
import { type Choice, explorePolicy, spendOf } from './enabledEvents.js';
import type { StateEncoder } from './StateEncoder.js';
import { type FixedRow, STEP, type StepCache, stepKey } from './StepCache.js';

/** The kinds of choices, in the order enabledChoices lists them (world/enabled.ts). */
export const CHOICE = { deliver: 0, deliverKeep: 1, timer: 2, drop: 3, duplicate: 4, crash: 5, restart: 6, split: 7, heal: 8 } as const;

/** What the enumeration needs of a fixed row's slots, derived once per row. */
interface RowMeta {
  /** Up and not paused: can receive and fire timers. */
  live: boolean[];
  up: boolean[];
  paused: boolean[];
  /** Pending timers of live nodes, by node then name (as enabledEvents sorts them). */
  timers: { node: number; name: string; id: number; event: WorldEvent }[];
  /** Some live node's term is past --max-term: the state is checked, not expanded. */
  pastTerm: boolean;
}

/**
 * The choices of a packed state (its fixed row and its messages' codes), listed without building
 * its world, in exactly the order and with exactly the message dedup of enabledChoices on the world
 * the state rebuilds to (test/packedChoices.test.ts holds the two equal). Each cacheable choice
 * carries its StepCache key; `choice(i)` gives the events, for the kernel's path and for paths.
 */
export class PackedChoices {
  size = 0;
  kind = new Int32Array(64);
  /** The message's index among the state's messages, the node, or the split's index. */
  arg = new Int32Array(64);
  /** A timer's index in its row's meta.timers. */
  timer = new Int32Array(64);
  spends = new Int32Array(64);
  key = new Int32Array(64);
  private msgTo = new Int32Array(0);
  private msgFrom = new Int32Array(0);
  private readonly links: Uint8Array[] = [];
  private readonly fixed: number;
  private meta: RowMeta | null = null;
  private readonly policies = new Map<number, FaultPolicy>();
  private lastUsed = 0;
  private lastPolicy: FaultPolicy | null = null;
  private readonly dropSpends: number;
  private readonly dupSpends: number;
  private readonly crashSpends: number;

  constructor(
    private readonly encoder: StateEncoder,
    private readonly cache: StepCache,
    private readonly nodes: number,
    private readonly bounds: ExploreBounds,
    private readonly splits: readonly PartitionEvent[],
    private readonly partitions: readonly NonNullable<World['partition']>[],
  ) {
    this.fixed = cache.fixedParts;
    this.dropSpends = spendOf(DROP, bounds);
    this.dupSpends = spendOf(DUPLICATE, bounds);
    this.crashSpends = spendOf({ kind: 'crash', node: 1 }, bounds);
  }

  /** Whether the packed enumeration covers these bounds (explore's fault policy grows events it does not list: pauses). */
  static covers(bounds: ExploreBounds, splits: readonly PartitionEvent[]): boolean {
    // Resumes are always allowed by the policy (a paused node may always resume), so only the pause budget says whether pause events can occur at all.
    return !explorePolicy(0, bounds, splits).pauses;
  }

  /** Whether a state of this row lies past a bound (bounds.ts pastBound, on codes). */
  pastBound(row: FixedRow, messages: number): boolean {
    if (this.bounds.bag === undefined && messages > this.bounds.maxMessages) return true;
    return this.metaOf(row).pastTerm;
  }

  /**
   * Lists the choices of the state of fixed row `row` whose codes are `codes[start..end)` (slots,
   * memos, then messages), with fault budget `used`, in the partition numbered `partition`.
   */
  enumerate(row: FixedRow, codes: Int32Array, start: number, end: number, used: number, partition: number): void {
    const meta = this.metaOf(row);
    this.meta = meta;
    const fixed = start + this.fixed;
    const count = end - fixed;
    this.size = 0;
    const policy = this.policyOf(used);
    const link = partition < 0 ? null : this.linksOf(partition);
    const keep = this.bounds.deliverKeep === true;
    for (let j = 0; j < count; j++) {
      const code = codes[fixed + j];
      const to = this.toOf(code);
      if (!meta.live[to - 1] || (link !== null && link[(this.msgFrom[code] - 1) * this.nodes + to - 1] === 0)) continue;
      if (repeated(codes, fixed, j)) continue;
      this.push(CHOICE.deliver, j, 0, 0, stepKey(STEP.deliver, to, count, code));
      if (keep) this.push(CHOICE.deliverKeep, j, 0, 0, stepKey(STEP.deliverKeep, to, count, code));
    }
    for (let t = 0; t < meta.timers.length; t++) {
      const { node, id } = meta.timers[t];
      this.push(CHOICE.timer, node, t, 0, stepKey(STEP.timer, node, count, id));
    }
    if (policy.drops) this.messageFaults(codes, fixed, count, CHOICE.drop, STEP.drop, this.dropSpends);
    if (policy.duplicates) this.messageFaults(codes, fixed, count, CHOICE.duplicate, STEP.duplicate, this.dupSpends);
    const atomic = this.bounds.atomicRestart === true;
    for (let i = 0; i < this.nodes; i++) {
      if (meta.paused[i]) continue;
      if (meta.up[i] ? !policy.crashes : !policy.restarts) continue;
      if (meta.up[i]) this.push(CHOICE.crash, i + 1, 0, this.crashSpends, atomic ? stepKey(STEP.restart, i + 1, count, 0) : -1);
      else this.push(CHOICE.restart, i + 1, 0, 0, -1);
    }
    if (partition < 0) {
      for (let s = 0; s < policy.partitions.length; s++) this.push(CHOICE.split, s, 0, spendOf(policy.partitions[s], this.bounds), -1);
    } else if (policy.heal) {
      this.push(CHOICE.heal, 0, 0, 0, -1);
    }
  }

  /** A drop or a duplicate of each distinct message. */
  private messageFaults(codes: Int32Array, fixed: number, count: number, kind: number, step: number, spends: number): void {
    for (let j = 0; j < count; j++) {
      const code = codes[fixed + j];
      if (!repeated(codes, fixed, j)) this.push(kind, j, 0, spends, stepKey(step, this.toOf(code), count, code));
    }
  }

  /** explorePolicy for a fault budget spent, kept per value (a search meets few). */
  private policyOf(used: number): FaultPolicy {
    // Most states of a level spent what the one before spent: no lookup then.
    if (used === this.lastUsed && this.lastPolicy !== null) return this.lastPolicy;
    let policy = this.policies.get(used);
    if (policy === undefined) {
      policy = explorePolicy(used, this.bounds, this.splits);
      this.policies.set(used, policy);
    }
    this.lastUsed = used;
    this.lastPolicy = policy;
    return policy;
  }

  /**
   * The path link of choice `i` from the state whose codes start at `codes[start]`, onto `parent`.
   * Its event objects are shared: a message event is resolved by its code when the path runs from
   * boot (paths.ts), so its id here is never read; others are the same event every time.
   */
  link(i: number, codes: Int32Array, start: number, parent: PathLink | null): PathLink {
    const kind = this.kind[i];
    const arg = this.arg[i];
    const message = this.actsOnMessage(i) ? codes[start + this.fixed + arg] : -1;
    switch (kind) {
      case CHOICE.deliver:
        return { parent, event: DELIVER, message };
      case CHOICE.deliverKeep:
        return { parent: { parent, event: DUPLICATE, message }, event: DELIVER, message };
      case CHOICE.drop:
        return { parent, event: DROP, message };
      case CHOICE.duplicate:
        return { parent, event: DUPLICATE, message };
      case CHOICE.timer:
        return { parent, event: this.meta!.timers[this.timer[i]].event, message };
      default: {
        let link = parent;
        for (const event of this.choice(i).events) link = { parent: link, event, message };
        return link!;
      }
    }
  }

  /** Choice `i` of the last enumeration as enabledChoices gives it (message ids are 1 + their index, as in the rebuilt world). */
  choice(i: number): Choice {
    const arg = this.arg[i];
    const spends = this.spends[i];
    switch (this.kind[i]) {
      case CHOICE.deliver:
        return { events: [{ kind: 'deliver', id: arg + 1 }], spends };
      case CHOICE.deliverKeep:
        return { events: [{ kind: 'duplicate', id: arg + 1 }, { kind: 'deliver', id: arg + 1 }], spends };
      case CHOICE.timer:
        return { events: [{ kind: 'timer', node: arg, timer: this.meta!.timers[this.timer[i]].name }], spends };
      case CHOICE.drop:
        return { events: [{ kind: 'drop', id: arg + 1 }], spends };
      case CHOICE.duplicate:
        return { events: [{ kind: 'duplicate', id: arg + 1 }], spends };
      case CHOICE.crash:
        return { events: this.bounds.atomicRestart === true ? [{ kind: 'crash', node: arg }, { kind: 'restart', node: arg }] : [{ kind: 'crash', node: arg }], spends };
      case CHOICE.restart:
        return { events: [{ kind: 'restart', node: arg }], spends };
      case CHOICE.split:
        return { events: [this.splits[arg]], spends };
      default:
        return { events: [{ kind: 'heal' }], spends };
    }
  }

  /** Whether choice `i` acts on a message (its index is `arg`). */
  actsOnMessage(i: number): boolean {
    const kind = this.kind[i];
    return kind === CHOICE.deliver || kind === CHOICE.deliverKeep || kind === CHOICE.drop || kind === CHOICE.duplicate;
  }

  private push(kind: number, arg: number, timer: number, spends: number, key: number): void {
    const i = this.size++;
    if (i === this.kind.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.kind = grow(this.kind);
      this.arg = grow(this.arg);
      this.timer = grow(this.timer);
      this.spends = grow(this.spends);
      this.key = grow(this.key);
    }
    this.kind[i] = kind;
    this.arg[i] = arg;
    this.timer[i] = timer;
    this.spends[i] = spends;
    this.key[i] = key;
  }

  private metaOf(row: FixedRow): RowMeta {
    if (row.meta !== null) return row.meta as RowMeta;
    const meta: RowMeta = { live: [], up: [], paused: [], timers: [], pastTerm: false };
    for (let i = 0; i < this.nodes; i++) {
      const slot = this.encoder.realPart(row.codes[i]) as NodeSlot;
      const paused = slot.pausedAt !== undefined;
      meta.up.push(slot.up);
      meta.paused.push(paused);
      meta.live.push(slot.up && !paused);
      if (slot.view !== null && slot.view.term > this.bounds.maxTerm) meta.pastTerm = true;
      if (!slot.up || paused) continue;
      for (const name of slot.timers.map((t) => t.name).sort()) meta.timers.push({ node: i + 1, name, id: this.cache.timerId(name), event: { kind: 'timer', node: i + 1, timer: name } });
    }
    row.meta = meta;
    return meta;
  }

  private toOf(code: number): number {
    if (code >= this.msgTo.length || this.msgTo[code] === 0) {
      if (code >= this.msgTo.length) {
        const to = new Int32Array(Math.max(64, 2 * code + 2));
        const from = new Int32Array(to.length);
        to.set(this.msgTo);
        from.set(this.msgFrom);
        this.msgTo = to;
        this.msgFrom = from;
      }
      const m = this.encoder.realPart(code) as InFlight;
      this.msgTo[code] = m.to;
      this.msgFrom[code] = m.from;
    }
    return this.msgTo[code];
  }

  /** links[from * n + to]: 1 when the partition numbered `index` lets the two talk. */
  private linksOf(index: number): Uint8Array {
    let links = this.links[index];
    if (links === undefined) {
      const n = this.nodes;
      links = new Uint8Array(n * n);
      const world = { partition: this.partitions[index] } as World;
      for (let a = 1; a <= n; a++) for (let b = 1; b <= n; b++) links[(a - 1) * n + b - 1] = connected(world, a, b) ? 1 : 0;
      this.links[index] = links;
    }
    return links;
  }
}

// Shared path events (see link): a message event's id is resolved from its code.
const DELIVER: WorldEvent = { kind: 'deliver', id: 0 };
const DROP: WorldEvent = { kind: 'drop', id: 0 };
const DUPLICATE: WorldEvent = { kind: 'duplicate', id: 0 };

/** Whether the message at `j` equals one listed before it (states ignore ids: one transition per distinct message). */
function repeated(codes: Int32Array, fixed: number, j: number): boolean {
  const code = codes[fixed + j];
  for (let i = fixed; i < fixed + j; i++) if (codes[i] === code) return true;
  return false;
}
