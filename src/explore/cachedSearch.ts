import { countersOfWords } from './bounds.js';
import { HEADER, PackedLevel, type PackedState } from './PackedLevel.js';
import { CHOICE, PackedChoices } from './packedChoices.js';
import { fingerprintOfParts } from './contentHashes.js';
import { EFFECT } from './EffectTable.js';
import type { SearchNode } from './searchCore.js';
import { withCount } from './StepCache.js';
import { BatchedSearch, writeSuccessor } from './batchedSearch.js';
import type { ExploreResult } from './exploreOptions.js';
import { PathTree } from './PathTree.js';
import type { PathLink } from './paths.js';

/**
 * Breadth-first with the step cache, on packed states end to end: a state's choices are listed from
 * its codes (PackedChoices), a step the cache knows gives its successor's fingerprint from part
 * hashes (contentHashes.ts: the successor row's hash and the step's message-hash delta, both
 * learnt once), its row is written only when the successor is new, and a world is built only for a
 * step the cache does not know yet (the kernel's path, `visit`, which learns it). Without the cache,
 * explore.ts's plain loop is the reference this one is tested equal to (test/exploreStepCache.test.ts).
 */
export class CachedSearch extends BatchedSearch {
  /** The paths of the states of every level so far (PathTree.ts): a counterexample's path is found from them. */
  protected readonly tree = new PathTree();

  protected override result(): ExploreResult {
    return { ...super.result(), siblingRepeats: this.siblingRepeats, batchedStates: this.batchedStates, prefetched: this.seen.prefetched };
  }

  protected breadthFirstCached(root: SearchNode): void {
    const fixedParts = this.messagesAt;
    const choices = new PackedChoices(this.encoder, this.cache!, this.options.nodes, this.bounds, this.splits, this.partitions);
    let frontier = new PackedLevel<PathLink | null>(fixedParts, false);
    frontier.push(root, root.codes, null, this.cache!.rowOf(root.codes));
    // Two buffers take turns as frontier and next level: a new level grew by doubling (ten times for the anchor's largest), and each large buffer asks the collector for a full collection.
    let next = new PackedLevel<PathLink | null>(fixedParts, false);
    for (let depth = 0; frontier.size > 0 && depth < this.bounds.maxDepth; depth++) {
      next.reset();
      this.expandLevel(frontier, next, depth, choices);
      if (this.stopped()) return;
      [frontier, next] = [next, frontier];
    }
  }

  /**
   * Expands every state of `frontier` (at `depth`) into `next`: the one hot loop of the search, kept
   * as one method so a parallel search can drive it per worker over its share of a level. State `i`
   * of `next` has its path in `tree` at level `depth + 1`, index `i`.
   */
  private packedChoices: PackedChoices | null = null;

  /** One level with this search's own choice lister: how a parallel worker (parallel/levelWorker.ts) runs its levels. */
  protected expandLevelCached(frontier: PackedLevel<PathLink | null>, next: PackedLevel<PathLink | null>, depth: number): void {
    const choices = (this.packedChoices ??= new PackedChoices(this.encoder, this.cache!, this.options.nodes, this.bounds, this.splits, this.partitions));
    this.expandLevel(frontier, next, depth, choices);
  }

  /** Called before frontier state `index` is expanded: a parallel worker names its parent here. */
  protected override expanding(_index: number): void {}

  /** The path from boot of frontier state `index` at `depth`, for a step the cache does not know; a parallel worker's frontier is not the tree's level, and it needs none. */
  protected pathOfState(depth: number, index: number): PathLink | null {
    return this.tree.pathOf(depth, index);
  }

  /** Notes the path of the state just pushed to the next level (PathTree.add). */
  protected override notePath(depth: number, parent: number, step: number): void {
    this.tree.add(depth, parent, step);
  }

  protected expandLevel(frontier: PackedLevel<PathLink | null>, next: PackedLevel<PathLink | null>, depth: number, choices: PackedChoices): void {
    const tree = this.tree;
    const cache = this.cache!;
    const effects = cache.effects;
    const fixedParts = this.messagesAt;
    const symmetric = this.symmetryNote === null;
    const partHash = new Uint32Array(2);
    const fp = this.fingerprint;
    const state: PackedState = { used: 0, partition: -1 };
    const room = this.bounds.bag ?? Infinity;
    const siblings = this.siblings;
    const d = frontier.data;
    for (let at = 0, index = 0; at < frontier.end; index++) {
      const used = countersOfWords(d[at], d[at + 1]);
      const partition = d[at + 2];
      const rowId = d[at + 3];
      const count = d[at + 4];
      const from = at + HEADER;
      const to = from + fixedParts + count;
      at = to;
      const fixedRow = cache.rows[rowId];
      if (choices.pastBound(fixedRow, count)) {
        // Committed first, so that a search stopped in that commit counts what the one-pass loop counts.
        this.commitPending(next);
        if (this.stopped()) return;
        this.atBound++;
        continue;
      }
      this.currentRow = rowId;
      this.encoder.partitionHash(partition < 0 ? null : this.partitions[partition], partHash);
      const high = this.encoder.hashes.high;
      const low = this.encoder.hashes.low;
      let sumHigh = 0;
      let sumLow = 0;
      for (let j = from + fixedParts; j < to; j++) {
        sumHigh = (sumHigh + high[d[j]]) | 0;
        sumLow = (sumLow + low[d[j]]) | 0;
      }
      let node: SearchNode | null = null;
      choices.enumerate(fixedRow, d, from, to, used, partition);
      if (!symmetric && this.expandKnown(next, choices, rowId, d, from, to, used, partition, sumHigh, sumLow, partHash, depth, index)) {
        if (this.stopped()) return;
        continue;
      }
      this.commitPending(next);
      if (this.stopped()) return;
      this.expanding(index);
      siblings.clear();
      for (let i = 0; i < choices.size; i++) {
        const key = choices.key[i];
        let e = key < 0 ? -1 : effects.find(rowId, key);
        // An effect learnt with its sends fitting holds only where they fit again; else the one learnt at this count.
        if (e >= 0 && count - (effects.blocks[rowId][e + EFFECT.removes] < 0 ? 0 : 1) + (effects.blocks[rowId][e + EFFECT.kept] >>> 16) > room) e = -1;
        if (e < 0 && key >= 0 && room !== Infinity) e = effects.find(rowId, withCount(key, count));
        if (e < 0) {
          state.used = used;
          state.partition = partition;
          node ??= this.rebuild(state, d.slice(from, to), this.pathOfState(depth, index));
          const child = this.visit(node, choices.choice(i), depth + 1, key);
          if (this.stopped()) return;
          if (child === null) continue;
          next.push(child, child.codes, null, cache.rowOf(child.codes));
          this.notePath(depth + 1, index, tree.stepBetween(child.path!, node.path));
          continue;
        }
        const slots = effects.blocks[rowId];
        const toRow = slots[e + EFFECT.next];
        if (toRow < 0) continue;
        const childUsed = used + choices.spends[i];
        const removes = slots[e + EFFECT.removes];
        const kept = slots[e + EFFECT.kept] & 0xffff;
        // An atomic restart is offered only where it changes something (the Promela's guard on Restart).
        if (toRow === rowId && removes < 0 && kept === 0 && childUsed === used && choices.kind[i] === CHOICE.crash) continue;
        this.transitions++;
        const messages = (removes < 0 ? count : count - 1) + kept;
        if (!symmetric) {
          const childHigh = (sumHigh + slots[e + EFFECT.high]) | 0;
          const childLow = (sumLow + slots[e + EFFECT.low]) | 0;
          if (siblings.repeats(childHigh, childLow, messages, childUsed)) {
            this.siblingRepeats++;
            continue;
          }
          fingerprintOfParts(childHigh, childLow, messages, childUsed, partHash[0], partHash[1], fp);
          if (!this.seen.add(fp[0], fp[1])) continue;
        }
        const adds = effects.adds;
        const addsAt = slots[e + EFFECT.addsAt];
        const out = next.open(childUsed, partition, toRow, fixedParts + messages, null);
        const w = writeSuccessor(next.data, out, cache.rows[toRow].codes, fixedParts, d, from + fixedParts, to, removes, adds, addsAt, kept);
        if (symmetric) {
          this.encoder.fingerprintCodes(next.data.subarray(out, w), this.safety.length, messages, partition < 0 ? null : this.partitions[partition], childUsed, fp);
          if (!this.seen.add(fp[0], fp[1])) {
            next.unpush();
            continue;
          }
        }
        if (depth + 1 > this.depth) this.depth = depth + 1;
        // The same step from any state of this row is the same events: numbered once, on its effect.
        if (slots[e + EFFECT.step] === 0) slots[e + EFFECT.step] = this.numberStep(choices, i, slots, e, d, from);
        this.notePath(depth + 1, index, slots[e + EFFECT.step]);
        this.counted();
        if (this.stopped()) return;
      }
    }
    this.commitPending(next);
  }
}
