import type { ExploreOptions, ExploreResult } from './exploreOptions.js';
import type { PathLink } from './paths.js';
import { type Choice, enabledChoices } from './enabledEvents.js';
import { PackedLevel } from './PackedLevel.js';
import { PackedChoices } from './packedChoices.js';
import { CachedSearch } from './cachedSearch.js';
import { exploreParallel } from './parallel/parallelExplore.js';
import type { SleepHost } from './sleepSets.js';
import type { SearchNode, Successor } from './searchCore.js';

export type { ExploreOptions, ExploreProgress, ExploreResult } from './exploreOptions.js';

/**
 * Bounded exhaustive search over the asynchronous semantics (docs/design.md section 3): every enabled
 * event may come next and timers fire in any order. Breadth-first by default, so the first
 * violation found has a shortest counterexample, as TLC's and stateright's BFS checkers give.
 */
export function explore(options: ExploreOptions): ExploreResult {
  if (options.workers === undefined) return new Search(options).run();
  const parallel = exploreParallel(options, options.workers);
  if ('result' in parallel) return parallel.result;
  return { ...new Search(options).run(), workersNote: `--workers ${options.workers}: one thread, as ${parallel.fallback}` };
}

/** The search loops; one step through the kernel and the bookkeeping are SearchCore's (searchCore.ts), the loop with the step cache CachedSearch's. */
class Search extends CachedSearch {
  run(): ExploreResult {
    const { world, state: monitor } = this.cursor;
    this.encoder.fingerprint(world, monitor.memos, 0, this.fingerprint);
    const root: SearchNode = { world, monitor, used: 0, partition: -1, path: null, codes: this.encoder.lastPartCodes() };
    this.seen.add(this.fingerprint[0], this.fingerprint[1]);
    this.bootPastBound = this.pastBound(world);
    if (monitor.violation !== null) {
      this.violation = { ...monitor.violation, events: [], steps: 0 };
    } else if (this.options.dfs) {
      this.depthFirst(root);
    } else if (this.cache !== null && PackedChoices.covers(this.bounds, this.splits)) {
      this.breadthFirstCached(root);
    } else {
      this.breadthFirst(root);
    }
    return this.result();
  }

  /** Levels hold states as codes (PackedLevel); each is rebuilt as a world to be expanded. */
  private breadthFirst(root: SearchNode): void {
    const fixedParts = this.messagesAt;
    let frontier = new PackedLevel<PathLink | null>(fixedParts);
    frontier.push(root, root.codes, null);
    for (let depth = 0; frontier.size > 0 && depth < this.bounds.maxDepth; depth++) {
      const next = new PackedLevel<PathLink | null>(fixedParts);
      frontier.forEach((state, codes, path) => {
        const asleep = this.sleepSets?.begin() ?? null;
        const node = this.rebuild(state, codes, path);
        if (!this.expandable(node.world)) return true;
        const choices = enabledChoices(node.world, node.used, this.bounds, this.splits, node.codes, this.messagesAt);
        const take = (choice: Choice) => this.visit(node, choice, depth + 1);
        if (this.sleepSets !== null) return this.sleepSets.expand(node.world, node.used, codes, state.partition, choices, asleep, this.sleepHost(take, next, state.partition));
        for (const choice of choices) {
          const child = take(choice);
          if (this.stopped()) return false;
          if (child !== null) next.push(child, child.codes, child.path);
        }
        return true;
      });
      if (this.stopped()) return;
      this.sleepSets?.advance();
      frontier = next;
    }
  }

  /** What the sleep sets need of this search while one state is expanded (sleepSets.ts SleepHost). */
  private sleepHost(take: (choice: Choice) => Successor | null, next: PackedLevel<PathLink | null>, parentPartition: number): SleepHost<Successor> {
    return {
      step: take,
      stopped: () => this.stopped(),
      transitions: () => this.transitions,
      lastRow: () => this.lastRow,
      lastLength: () => this.lastLength,
      lastLost: () => this.lastLost,
      fingerprint: () => this.fingerprint,
      partitionAfter: (choice) => {
        const event = choice.events[0];
        return event.kind === 'partition' ? this.partitionCode(event.groups) : event.kind === 'heal' ? -1 : parentPartition;
      },
      push: (child) => next.push(child, child.codes, child.path),
    };
  }

  private depthFirst(root: SearchNode): void {
    interface Frame {
      node: SearchNode;
      choices: Choice[];
      next: number;
      depth: number;
    }
    const frame = (node: SearchNode, depth: number): Frame => ({
      node,
      // Depth first, as breadth-first never looks at a state on the depth limit: it is not counted at a bound.
      choices: depth < this.bounds.maxDepth && this.expandable(node.world) ? enabledChoices(node.world, node.used, this.bounds, this.splits, node.codes, this.messagesAt) : [],
      next: 0,
      depth,
    });
    const stack: Frame[] = [frame(root, 0)];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next === top.choices.length) {
        stack.pop();
        continue;
      }
      const child = this.visit(top.node, top.choices[top.next++], top.depth + 1);
      if (this.stopped()) return;
      if (child !== null) stack.push(frame({ ...child, codes: child.codes.slice() }, top.depth + 1));
    }
  }
}
