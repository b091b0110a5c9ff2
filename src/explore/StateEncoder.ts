import { ModelError } from '../shared/errors.js';
import type { NodeId } from '../shared/protocol.js';
import type { InFlight, NodeSlot, World } from '../shared/world.js';
import { hash64 } from '../world/hash64.js';
import { counterWords } from './bounds.js';
import { permutations } from './permutations.js';
import { hashValue, messageContentHash, mix32, plainEqual, slotContentHash } from '../world/structuralHash.js';
import { ContentHashes, partitionHash } from './contentHashes.js';
import { identity, type Interned, keyOf, lessThan, NO_REAL, type ParentParts, sameSlot, type SymmetryHooks } from './encodedParts.js';

export type { MemoRename, ParentParts, SymmetryHooks } from './encodedParts.js';

type Rename = (id: NodeId) => NodeId;

/**
 * Canonical 64-bit fingerprints of search states. Each part of a world (a node's slot, an
 * in-flight message, a property memo) is interned as a small integer code, reused from the parent
 * state when `apply` shared the part unchanged; a state is then a short row of codes. What does
 * not change behaviour is left out: message and timer ids, times, the order of in-flight messages.
 * With symmetry hooks, the row is built under every permutation of node ids and the least row
 * (compared as integers) is hashed: TLC's symmetry sets, by brute force over N! permutations.
 */
export class StateEncoder {
  private readonly codes = new Map<string, number>();
  /** The fast path: structural hash -> first of a chain of parts seen from real worlds. */
  private readonly fastHeads = new Map<number, number>();
  private readonly fastNext: number[] = [];
  private readonly fastParts: Interned[] = [];
  private readonly fastCodes: number[] = [];
  private readonly values: Interned[] = [];
  /** The world part first interned under each code (renamed entries have none until seen for real). */
  private readonly reals: unknown[] = [];
  private codes_ = new Int32Array(64);
  private codesLength = 0;
  private readonly perms: Int8Array[];
  private readonly renames: Rename[];
  /** renamed[p][code]: the code of the value after permutation p. */
  private readonly renamed: number[][];
  private row = new Int32Array(64);
  private best = new Int32Array(64);
  private readonly hash = new Uint32Array(2);
  private readonly partHash = new Uint32Array(2);
  /** Each code's content hash: fingerprints without symmetry are made of these (contentHashes.ts). */
  readonly hashes = new ContentHashes();

  constructor(
    private readonly nodes: number,
    /** How many property memos a state holds (a row keeps them after the slots). */
    readonly memoCount: number,
    private readonly symmetry: SymmetryHooks | null,
  ) {
    this.perms = symmetry === null ? [identity(nodes)] : permutations(nodes);
    this.renames = this.perms.map((perm) => (id: NodeId) => perm[id - 1] + 1);
    this.renamed = this.perms.map(() => []);
  }

  /** Distinct parts interned so far (memory beyond the fingerprint set, which stays small). */
  get internedParts(): number {
    return this.values.length;
  }

  /**
   * Writes [high, low] of the state's fingerprint into `out`. Given the parent state (the world
   * this one was made from, its memos and its part codes), parts shared with it by identity keep
   * their codes: a step changes one node and a few messages, so most parts need no interning.
   */
  fingerprint(world: World, memos: readonly unknown[], counters: number, out: Uint32Array, parent: ParentParts | null = null): void {
    const codes = this.partCodes(world, memos, parent);
    this.fingerprintCodes(codes, memos.length, world.network.length, world.partition, counters, out);
  }

  /**
   * The fingerprint of a state given as its row of part codes ([slots..., memos..., messages...],
   * messages in any order) rather than as a world: how the search's cached steps (StepCache) name
   * the states they make without building them.
   */
  fingerprintCodes(codes: Int32Array, memoCount: number, messages: number, partition: World['partition'], counters: number, out: Uint32Array): void {
    if (this.perms.length === 1) {
      this.hashes.fingerprintRow(codes, this.nodes + memoCount, messages, counters, partitionHash(this.nodes, partition, this.partHash), out);
      return;
    }
    const length = 2 * this.nodes + 2 + memoCount + 1 + messages;
    if (this.row.length < length) {
      this.row = new Int32Array(length * 2);
      this.best = new Int32Array(length * 2);
    }
    this.writeRow(this.best, 0, codes, memoCount, messages, partition, counters);
    for (let p = 1; p < this.perms.length; p++) {
      this.writeRow(this.row, p, codes, memoCount, messages, partition, counters);
      if (lessThan(this.row, this.best, length)) {
        const swap = this.best;
        this.best = this.row;
        this.row = swap;
      }
    }
    hash64(this.best, length, this.hash);
    out[0] = this.hash[0];
    out[1] = this.hash[1];
  }

  /** A partition's hash (contentHashes.ts partitionHash), into `out`. */
  partitionHash(partition: World['partition'], out: Uint32Array): void {
    partitionHash(this.nodes, partition, out);
  }

  /** A copy of the part codes of the last state fingerprinted, to keep with it on the frontier. */
  lastPartCodes(): Int32Array {
    return this.codes_.slice(0, this.codesLength);
  }

  /** The part codes of the last state fingerprinted, as a view valid until the next call. */
  lastPartCodesView(): Int32Array {
    return this.codes_.subarray(0, this.codesLength);
  }

  /**
   * The world part behind a code that came from a real world (not from renaming): any part with
   * the same code behaves the same, so a state can be rebuilt from its codes alone.
   */
  realPart(code: number): unknown {
    const real = this.reals[code];
    if (real === NO_REAL) throw new Error(`StateEncoder: code ${code} has no real part`);
    return real;
  }

  /** The part behind a real code, as another encoder adopts it (the workers of a parallel search each intern their own). */
  partOf(code: number): { entry: Interned; real: unknown } {
    return { entry: this.values[code], real: this.realPart(code) };
  }

  /** The code of a part another encoder sent (partOf): the same content hash, whatever order the two met their parts in. */
  adopt(entry: Interned, real: unknown): number {
    return this.intern(entry, real);
  }

  /** The code of an in-flight message (what it is, not its id). */
  messageCode(message: InFlight): number {
    const hash = messageContentHash(message);
    for (let i = this.fastHeads.get(hash) ?? -1; i >= 0; i = this.fastNext[i]) {
      const part = this.fastParts[i];
      if (part.kind === 'message' && part.value.from === message.from && part.value.to === message.to && plainEqual(part.value.msg, message.msg)) {
        return this.fastCodes[i];
      }
    }
    const entry: Interned = { kind: 'message', value: message };
    return this.remember(hash, entry, this.intern(entry, message));
  }

  /** Codes of [node slots..., memos..., in-flight messages in network order...]. */
  private partCodes(world: World, memos: readonly unknown[], parent: ParentParts | null): Int32Array {
    const n = this.nodes;
    const k = memos.length;
    const network = world.network;
    this.codesLength = n + k + network.length;
    if (this.codes_.length < this.codesLength) this.codes_ = new Int32Array(this.codesLength * 2);
    const codes = this.codes_;
    for (let i = 0; i < n; i++) {
      const slot = world.nodes[i];
      codes[i] = parent !== null && parent.world.nodes[i] === slot ? parent.codes[i] : this.slotCode(slot);
    }
    for (let m = 0; m < k; m++) {
      codes[n + m] = parent !== null && parent.memos[m] === memos[m] ? parent.codes[n + m] : this.memoCode(m, memos[m]);
    }
    // Both networks are in id order and the child's shares the parent's message objects.
    const before = parent === null ? [] : parent.world.network;
    let p = 0;
    for (let j = 0; j < network.length; j++) {
      const message = network[j];
      while (p < before.length && before[p] !== message && before[p].id < message.id) p++;
      if (p < before.length && before[p] === message) {
        codes[n + k + j] = parent!.codes[n + k + p];
        p++;
      } else {
        codes[n + k + j] = this.messageCode(message);
      }
    }
    return codes;
  }

  private writeRow(row: Int32Array, p: number, codes: Int32Array, memoCount: number, count: number, partition: World['partition'], counters: number): void {
    const n = this.nodes;
    const perm = this.perms[p];
    for (let i = 0; i < n; i++) row[perm[i]] = this.renamedCode(codes[i], p);
    const [low, high] = counterWords(counters);
    row[n] = low;
    row[n + 1] = high;
    let at = n + 2;
    for (let i = 0; i < n; i++) row[at + i] = 0;
    if (partition !== null) {
      // Each node gets the least (renamed) id of its group: a form that ignores group order.
      for (const group of partition) {
        let least = n + 1;
        for (const id of group) least = Math.min(least, perm[id - 1] + 1);
        for (const id of group) row[at + perm[id - 1]] = least;
      }
    }
    at += n;
    for (let k = 0; k < memoCount; k++) row[at + k] = this.renamedCode(codes[n + k], p);
    at += memoCount;
    row[at++] = count;
    // In-flight messages are a multiset: sorted codes, whatever their ids and order.
    const from = n + memoCount;
    for (let j = 0; j < count; j++) {
      const code = this.renamedCode(codes[from + j], p);
      let k = at + j;
      while (k > at && row[k - 1] > code) {
        row[k] = row[k - 1];
        k--;
      }
      row[k] = code;
    }
  }

  private slotCode(slot: NodeSlot): number {
    let timersHash = 0;
    for (const timer of slot.timers) timersHash = (timersHash + mix32(hashValue(timer.name))) | 0;
    const paused = slot.pausedAt !== undefined;
    const hash = mix32(slotContentHash(slot) ^ Math.imul(timersHash, 0x27d4eb2d) ^ (paused ? 0x165667b1 : 0));
    for (let i = this.fastHeads.get(hash) ?? -1; i >= 0; i = this.fastNext[i]) {
      const part = this.fastParts[i];
      if (part.kind === 'slot' && sameSlot(slot, part.value)) return this.fastCodes[i];
    }
    const timers = slot.timers.length === 1 ? [slot.timers[0].name] : slot.timers.map((t) => t.name).sort();
    const entry: Interned = { kind: 'slot', value: { up: slot.up, state: slot.state, stored: slot.stored, timers, ...(paused ? { paused } : {}) } };
    return this.remember(hash, entry, this.intern(entry, slot));
  }

  private memoCode(index: number, memo: unknown): number {
    const hash = mix32(hashValue(memo) + Math.imul(index + 1, 0x61c88647));
    for (let i = this.fastHeads.get(hash) ?? -1; i >= 0; i = this.fastNext[i]) {
      const part = this.fastParts[i];
      if (part.kind === 'memo' && part.index === index && plainEqual(part.value, memo)) return this.fastCodes[i];
    }
    const entry: Interned = { kind: 'memo', index, value: memo };
    return this.remember(hash, entry, this.intern(entry, memo));
  }

  /** Puts a part met in a real world on the fast path, under its structural hash. */
  private remember(hash: number, part: Interned, code: number): number {
    const i = this.fastParts.length;
    this.fastParts.push(part);
    this.fastCodes.push(code);
    this.fastNext.push(this.fastHeads.get(hash) ?? -1);
    this.fastHeads.set(hash, i);
    return code;
  }

  /**
   * The slow path, taken once per part the fast path has not met: canonical (sorted-key) JSON
   * decides what is equal, so parts built with their keys in another order share a code.
   */
  private intern(entry: Interned, real: unknown = NO_REAL): number {
    const key = keyOf(entry);
    let code = this.codes.get(key);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(entry);
      this.reals.push(NO_REAL);
      this.codes.set(key, code);
      this.hashes.set(code, key);
    }
    if (real !== NO_REAL && this.reals[code] === NO_REAL) this.reals[code] = real;
    return code;
  }

  private renamedCode(code: number, p: number): number {
    if (p === 0) return code;
    const cache = this.renamed[p];
    let renamed = cache[code];
    if (renamed === undefined) {
      renamed = this.intern(this.renamedPart(this.values[code], p));
      cache[code] = renamed;
    }
    return renamed;
  }

  /** A part renamed once per permutation (cached above, so off the hot path): a model's renameNodes that throws is a model error. */
  private renamedPart(entry: Interned, p: number): Interned {
    try {
      return this.rename(entry, p);
    } catch (error) {
      if (entry.kind === 'memo' || error instanceof ModelError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new ModelError(`the model's renameNodes.${entry.kind === 'slot' ? 'state or stored' : 'message'}() threw: ${reason.split('\n')[0]}`, error);
    }
  }

  private rename(entry: Interned, p: number): Interned {
    const hooks = this.symmetry!;
    const rename = this.renames[p];
    switch (entry.kind) {
      case 'slot': {
        const { up, state, stored, timers, paused } = entry.value;
        return {
          kind: 'slot',
          value: {
            ...(paused === true ? { paused } : {}),
            up,
            state: state === null ? null : hooks.renaming.state(state, rename),
            stored: stored === undefined ? undefined : hooks.renaming.stored(stored, rename),
            timers,
          },
        };
      }
      case 'message': {
        const m = entry.value;
        return { kind: 'message', value: { id: 0, from: rename(m.from), to: rename(m.to), msg: hooks.renaming.message(m.msg, rename), sentAt: 0 } };
      }
      case 'memo':
        return { kind: 'memo', index: entry.index, value: hooks.memos[entry.index](entry.value, rename) };
    }
  }
}
