import type { NodeId } from '../src/shared/protocol.js';
import type { World } from '../src/shared/world.js';

/**
 * Through the fault phase, for each node (index id - 1): its term while it is in touch, and once
 * it loses touch (cut off from a majority, down or paused) the term it held as it did, kept until
 * it is back. What no-disruption needs to tell a term raised while a node was out of touch, or
 * as it came back (Raft's disruptive server; the Ring's restart, which opens a new round), from
 * one it already held before (an election it started in touch, whose messages the partition then
 * cut). A history no world holds: a partition that cuts node 3 off and node 3's timeout give the
 * same world in either order, and a crash takes the node's view, so the term it held is gone.
 *
 * One number per node: a term t >= 0 in touch, -1 - t out of touch since it held t.
 */
export type HeldTerms = readonly number[];

/** Every node as this world has it; a node out of touch already counts from the term it holds (or 0, if it is down). */
export function heldTermsAt(world: World): HeldTerms {
  const held = world.nodes.map((slot) => slot.view?.term ?? 0);
  return trackHeldTerms(held, world);
}

/**
 * The terms after one more world. The same array when nothing changed: this runs on every event
 * of the fault phase, so plain loops, and an allocation only when a term or a node's touch does.
 */
export function trackHeldTerms(held: HeldTerms, world: World): HeldTerms {
  const { nodes, partition } = world;
  const majority = partition === null ? null : majorityGroup(partition, nodes.length);
  let next: number[] | null = null;
  for (let i = 0; i < nodes.length; i++) {
    const slot = nodes[i];
    const was = held[i];
    const apart = !slot.up || slot.pausedAt !== undefined || (partition !== null && (majority === null || !majority.includes(i + 1)));
    let now: number;
    // A crash leaves no view: the node lost touch in the term it held in the world before.
    if (apart) now = was < 0 ? was : -1 - was;
    else now = slot.view!.term;
    if (now !== was) {
      next ??= held.slice();
      next[i] = now;
    }
  }
  return next ?? held;
}

/** The term node `id` held as it lost touch (its term now, if it is in touch). */
export function termAsItLeft(held: HeldTerms, id: NodeId): number {
  const entry = held[id - 1];
  return entry < 0 ? -1 - entry : entry;
}

/** The nodes out of touch (sorted). */
export function outOfTouch(held: HeldTerms): NodeId[] {
  const ids: NodeId[] = [];
  for (let i = 0; i < held.length; i++) if (held[i] < 0) ids.push(i + 1);
  return ids;
}

/** The terms with the nodes renamed: node id's entry moves to rename(id). */
export function renameHeldTerms(held: HeldTerms, rename: (id: NodeId) => NodeId): HeldTerms {
  const out = new Array<number>(held.length);
  for (let i = 0; i < held.length; i++) out[rename(i + 1) - 1] = held[i];
  return out;
}

/** The group holding a majority of the cluster, if one does (nodes in no group are cut off from all). */
function majorityGroup(groups: readonly (readonly NodeId[])[], n: number): readonly NodeId[] | null {
  for (const group of groups) if (group.length * 2 > n) return group;
  return null;
}
