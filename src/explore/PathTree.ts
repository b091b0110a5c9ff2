import type { PathLink } from './paths.js';

/**
 * The packed search's paths as a tree of numbers: per level and state, the index of its parent in
 * the level before and the number of the step that led there. A step's events are interned once
 * (a fragment of path links whose first link's parent is null; a cached step's number is kept on
 * its effect, so the same step from any state is one number). A state then costs 8 bytes of path
 * and no object: path links as objects, one or more a state, were a sixth of the search in the
 * garbage collector. A path is made links again (pathOf) only where the kernel needs one: a step
 * the cache does not know, a counterexample.
 */
export class PathTree {
  private readonly parents: Int32Array[] = [new Int32Array([-1])];
  private readonly steps: Int32Array[] = [new Int32Array([-1])];
  private readonly sizes: number[] = [1];
  /** Step number - 1 to its fragment (0 is left for "not numbered yet" in an effect record). */
  private readonly fragments: PathLink[] = [];
  /** Per level, the state whose path pathOf made last, and that path. */
  private readonly lastIndex: number[] = [-1];
  private readonly lastPath: (PathLink | null)[] = [null];

  /** Notes state `sizes[depth]` of level `depth`, reached from state `parent` of the level before by step `step`. */
  add(depth: number, parent: number, step: number): void {
    if (depth === this.sizes.length) {
      this.parents.push(new Int32Array(1 << 10));
      this.steps.push(new Int32Array(1 << 10));
      this.sizes.push(0);
      this.lastIndex.push(-1);
      this.lastPath.push(null);
    }
    const at = this.sizes[depth]++;
    if (at === this.parents[depth].length) {
      this.parents[depth] = grown(this.parents[depth]);
      this.steps[depth] = grown(this.steps[depth]);
    }
    this.parents[depth][at] = parent;
    this.steps[depth][at] = step;
  }

  /** Numbers a step by its fragment (from the step's first event, whose link has parent null, to its last); never 0. */
  step(fragment: PathLink): number {
    this.fragments.push(fragment);
    return this.fragments.length;
  }

  /** The step from `parent` (a path) to `child` (a path that extends it), numbered. */
  stepBetween(child: PathLink, parent: PathLink | null): number {
    const links: PathLink[] = [];
    for (let link: PathLink | null = child; link !== parent; link = link!.parent) links.push(link!);
    let fragment: PathLink | null = null;
    for (let i = links.length - 1; i >= 0; i--) fragment = { parent: fragment, event: links[i].event, message: links[i].message };
    return this.step(fragment!);
  }

  /**
   * The path to state `index` of level `depth`, as links (null for the root). Links are never
   * changed once made, so paths share their prefixes: the last path made at each level is kept, and
   * a state whose parent's path was the last one at its level (siblings are pushed one after
   * another) only adds its own step's links.
   */
  pathOf(depth: number, index: number): PathLink | null {
    const chain: number[] = [];
    let d = depth;
    for (; d > 0 && this.lastIndex[d] !== index; d--) {
      chain.push(index);
      index = this.parents[d][index];
    }
    let path: PathLink | null = d > 0 ? this.lastPath[d] : null;
    const links: PathLink[] = [];
    for (let c = chain.length - 1; c >= 0; c--) {
      d++;
      links.length = 0;
      for (let link: PathLink | null = this.fragments[this.steps[d][chain[c]] - 1]; link !== null; link = link.parent) links.push(link);
      for (let i = links.length - 1; i >= 0; i--) path = { parent: path, event: links[i].event, message: links[i].message };
      this.lastIndex[d] = chain[c];
      this.lastPath[d] = path;
    }
    return path;
  }

  /** What the tree holds, in bytes (its arrays, not the fragments, which are per step rather than per state). */
  get bytes(): number {
    let bytes = 0;
    for (let d = 0; d < this.parents.length; d++) bytes += this.parents[d].byteLength + this.steps[d].byteLength;
    return bytes;
  }
}

function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(2 * a.length);
  b.set(a);
  return b;
}
