import { CHOICE, type PackedChoices } from './packedChoices.js';
import { fingerprintOfParts } from './contentHashes.js';
import { EFFECT } from './EffectTable.js';
import type { PackedLevel } from './PackedLevel.js';
import type { PathLink } from './paths.js';
import type { PathTree } from './PathTree.js';
import { SearchCore } from './searchCore.js';
import { Siblings } from './Siblings.js';
import { withCount } from './StepCache.js';
import { SuccessorBatch, VERDICT } from './SuccessorBatch.js';

/**
 * The packed search's fast path (cachedSearch.ts drives it): states whose every step the cache
 * knows are expanded in groups of GROUP, in two halves. `resolve` finds each choice's effect, its
 * successor's fingerprint or its sibling repeat and numbers its step; when the group is full, the
 * fingerprint set's table slots of all its successors are read at once (FingerprintSet.prefetch),
 * and `commit` then asks the set and writes the new successors, state by state in choice order.
 * The table is the search's one random memory access, and a miss costs about 180 ns here: read one
 * successor at a time they were a quarter of the search; read a group at a time, their misses are
 * in flight together. Nothing `resolve` does reaches the set, the next level or a count, and the
 * commits (and every state the one-pass loop expands, after the group before it is committed) run
 * in frontier order, so the counts, the paths and the first counterexample are the one-pass loop's.
 */
export abstract class BatchedSearch extends SearchCore {
  protected readonly siblings = new Siblings();
  /** Successors known as a sibling's without asking the fingerprint set. */
  protected siblingRepeats = 0;
  /** States expanded by this path. */
  protected batchedStates = 0;
  private readonly batches = Array.from({ length: GROUP }, () => new SuccessorBatch());
  /** States resolved and not yet committed: batches[0..pending). */
  private pending = 0;
  protected abstract readonly tree: PathTree;

  /** Called before frontier state `index`'s successors are added: a parallel worker names its parent here. */
  protected abstract expanding(index: number): void;
  protected abstract notePath(depth: number, parent: number, step: number): void;

  /**
   * Resolves frontier state `index` (at `depth`, codes `d[from..to)`, row `rowId`, whose choices
   * `choices` lists; `sumHigh`, `sumLow`: its messages' hash sums) into the group, and commits the
   * group when it is full. False, having changed nothing but the scratch of `resolve`, when some step
   * needs the kernel: the caller commits the group (`commitPending`) and expands the state itself.
   */
  protected expandKnown(next: PackedLevel<PathLink | null>, choices: PackedChoices, rowId: number, d: Int32Array, from: number, to: number, used: number, partition: number, sumHigh: number, sumLow: number, partHash: Uint32Array, depth: number, index: number): boolean {
    const batch = this.batches[this.pending];
    if (!this.resolve(batch, choices, rowId, d, from, to, used, sumHigh, sumLow, partHash)) return false;
    batch.rowId = rowId;
    batch.d = d;
    batch.from = from;
    batch.to = to;
    batch.partition = partition;
    batch.depth = depth;
    batch.index = index;
    this.batchedStates++;
    if (++this.pending === GROUP) this.commitPending(next);
    return true;
  }

  /** Commits the states resolved and not yet committed: when the group is full, before the caller expands a state itself, and at a level's end. */
  protected commitPending(next: PackedLevel<PathLink | null>): void {
    const pending = this.pending;
    if (pending === 0) return;
    this.pending = 0;
    for (let b = 0; b < pending; b++) this.seen.prefetch(this.batches[b].high, this.batches[b].low, this.batches[b].probes);
    for (let b = 0; b < pending && !this.stopped(); b++) this.commit(this.batches[b], next);
  }

  /** The second half: the lookups, the new successors' rows and paths, the counts. */
  private commit(batch: SuccessorBatch, next: PackedLevel<PathLink | null>): void {
    this.expanding(batch.index);
    const effects = this.cache!.effects;
    const slots = effects.blocks[batch.rowId];
    const fixedParts = this.messagesAt;
    const { d, from, to, partition, depth, index } = batch;
    for (let i = 0, k = 0; i < batch.size; i++) {
      const verdict = batch.verdict[i];
      if (verdict === VERDICT.none) continue;
      this.transitions++;
      if (verdict === VERDICT.sibling) {
        this.siblingRepeats++;
        continue;
      }
      const high = batch.high[k];
      const low = batch.low[k++];
      if (!this.seen.add(high, low)) continue;
      const e = batch.effect[i];
      const toRow = slots[e + EFFECT.next];
      const out = next.open(batch.used[i], partition, toRow, fixedParts + batch.messages[i], null);
      writeSuccessor(next.data, out, this.cache!.rows[toRow].codes, fixedParts, d, from + fixedParts, to, slots[e + EFFECT.removes], effects.adds, slots[e + EFFECT.addsAt], slots[e + EFFECT.kept] & 0xffff);
      if (depth + 1 > this.depth) this.depth = depth + 1;
      this.notePath(depth + 1, index, slots[e + EFFECT.step]);
      this.counted();
      if (this.stopped()) return;
    }
  }

  /** The first half: effects, verdicts, fingerprints, step numbers. False when some step is not learnt. */
  private resolve(batch: SuccessorBatch, choices: PackedChoices, rowId: number, d: Int32Array, from: number, to: number, used: number, sumHigh: number, sumLow: number, partHash: Uint32Array): boolean {
    const effects = this.cache!.effects;
    const slots = effects.blocks[rowId];
    if (slots === undefined) return false;
    const size = choices.size;
    batch.fit(size);
    const count = to - from - this.messagesAt;
    const room = this.bounds.bag ?? Infinity;
    const siblings = this.siblings;
    siblings.clear();
    const fp = this.fingerprint;
    let probes = 0;
    for (let i = 0; i < size; i++) {
      const key = choices.key[i];
      if (key < 0) return false;
      let e = effects.find(rowId, key);
      // An effect learnt with its sends fitting holds only where they fit again; else the one learnt at this count.
      if (e >= 0 && count - (slots[e + EFFECT.removes] < 0 ? 0 : 1) + (slots[e + EFFECT.kept] >>> 16) > room) e = -1;
      if (e < 0 && room !== Infinity) e = effects.find(rowId, withCount(key, count));
      if (e < 0) return false;
      batch.effect[i] = e;
      const toRow = slots[e + EFFECT.next];
      const childUsed = used + choices.spends[i];
      const removes = slots[e + EFFECT.removes];
      const kept = slots[e + EFFECT.kept] & 0xffff;
      // An atomic restart is offered only where it changes something (the Promela's guard on Restart).
      if (toRow < 0 || (toRow === rowId && removes < 0 && kept === 0 && childUsed === used && choices.kind[i] === CHOICE.crash)) {
        batch.verdict[i] = VERDICT.none;
        continue;
      }
      const messages = (removes < 0 ? count : count - 1) + kept;
      const childHigh = (sumHigh + slots[e + EFFECT.high]) | 0;
      const childLow = (sumLow + slots[e + EFFECT.low]) | 0;
      if (siblings.repeats(childHigh, childLow, messages, childUsed)) {
        batch.verdict[i] = VERDICT.sibling;
        continue;
      }
      fingerprintOfParts(childHigh, childLow, messages, childUsed, partHash[0], partHash[1], fp);
      batch.verdict[i] = VERDICT.probe;
      batch.messages[i] = messages;
      batch.used[i] = childUsed;
      batch.high[probes] = fp[0];
      batch.low[probes++] = fp[1];
      // The same step from any state of this row is the same events: numbered once, on its effect (here, while the choices are this state's).
      if (slots[e + EFFECT.step] === 0) slots[e + EFFECT.step] = this.numberStep(choices, i, slots, e, d, from);
    }
    batch.size = size;
    batch.probes = probes;
    return true;
  }

  /** Numbers the step of choice `i`, whose effect's record is at `slots[e]`, in the path tree. */
  protected numberStep(choices: PackedChoices, i: number, slots: Int32Array, e: number, d: Int32Array, from: number): number {
    const adds = this.cache!.effects.adds;
    const addsAt = slots[e + EFFECT.addsAt];
    let link = choices.link(i, d, from, null);
    // A lost message is named by its code: the path from boot finds its id (paths.ts).
    for (let a = slots[e + EFFECT.kept] & 0xffff; a < slots[e + EFFECT.kept] >>> 16; a++) link = { parent: link, event: LOST, message: adds[addsAt + a] };
    return this.tree.step(link);
  }
}

const LOST = { kind: 'drop', id: 0 } as const;
/** States resolved before their successors' slots are read together: some thirty reads in flight (a state has three or four). */
const GROUP = 8;

/**
 * Writes a successor's codes at `o[out..]`: its row's fixed parts, the parent's messages
 * `d[from..to)` but the first equal to `removes` (-1: none), then the effect's `kept` added codes
 * from `adds[addsAt..]`. Returns where the successor's codes end.
 */
export function writeSuccessor(o: Int32Array, out: number, rowCodes: Int32Array, fixedParts: number, d: Int32Array, from: number, to: number, removes: number, adds: Int32Array, addsAt: number, kept: number): number {
  for (let j = 0; j < fixedParts; j++) o[out + j] = rowCodes[j];
  let w = out + fixedParts;
  let skip = removes;
  for (let j = from; j < to; j++) {
    if (d[j] === skip) skip = -1;
    else o[w++] = d[j];
  }
  for (let a = 0; a < kept; a++) o[w++] = adds[addsAt + a];
  return w;
}
