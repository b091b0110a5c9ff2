import type { NodeId, NodeRenaming } from '../shared/protocol.js';
import type { InFlight, NodeSlot, World } from '../shared/world.js';
import { canonicalJson } from '../world/canonicalJson.js';
import { plainEqual } from '../world/structuralHash.js';

/** The parts StateEncoder interns, and the small pure helpers it compares and keys them with. */

type Rename = (id: NodeId) => NodeId;
export type MemoRename = (memo: unknown, rename: Rename) => unknown;

/** The parent of a state being fingerprinted, with the part codes kept from its own turn. */
export interface ParentParts {
  world: World;
  memos: readonly unknown[];
  codes: Int32Array;
}

/** What renaming needs to know of the model and the properties; null turns symmetry off. */
export interface SymmetryHooks {
  renaming: NodeRenaming<any, any, any>;
  /** One per safety property, in the Monitor's order. */
  memos: readonly MemoRename[];
}

export interface SlotValue {
  up: boolean;
  state: unknown;
  stored: unknown;
  timers: readonly string[];
  /** Present (true) only for a paused node: a paused slot is another state than the running one. */
  paused?: true;
}

export type Interned = { kind: 'slot'; value: SlotValue } | { kind: 'message'; value: InFlight } | { kind: 'memo'; index: number; value: unknown };

/** Marks a code known only from renaming: no world has shown its part yet. */
export const NO_REAL: unique symbol = Symbol('no real part');

/** The interning key: only what decides behaviour (no ids, no times). */
export function keyOf(entry: Interned): string {
  switch (entry.kind) {
    case 'slot': {
      const { up, state, stored, timers, paused } = entry.value;
      // `undefined` stored (never written) must differ from null.
      return `s${paused === true ? 'p' : ''}${up ? 1 : 0}${canonicalJson(state)}|${stored === undefined ? '~' : canonicalJson(stored)}|${canonicalJson(timers)}`;
    }
    case 'message':
      return `m${entry.value.from}>${entry.value.to}${canonicalJson(entry.value.msg)}`;
    case 'memo':
      return `k${entry.index}${canonicalJson(entry.value)}`;
  }
}

export function sameSlot(slot: NodeSlot, value: SlotValue): boolean {
  if (slot.up !== value.up || slot.timers.length !== value.timers.length || (slot.pausedAt !== undefined) !== (value.paused === true)) return false;
  if (!plainEqual(slot.state, value.state) || !plainEqual(slot.stored, value.stored)) return false;
  if (slot.timers.length === 1) return slot.timers[0].name === value.timers[0];
  const names = slot.timers.map((t) => t.name).sort();
  return names.every((name, i) => name === value.timers[i]);
}

export function lessThan(a: Int32Array, b: Int32Array, length: number): boolean {
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i];
  }
  return false;
}

export function identity(n: number): Int8Array {
  return Int8Array.from({ length: n }, (_, i) => i);
}
