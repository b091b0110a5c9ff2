import { ModelError } from '../shared/errors.js';
import { clipLine, type Effects } from './wire.js';

// What the bridge host (host.ts) keeps of each node: the chain of its answers since boot.

/**
 * How far a node's state has come: the boot request that started it, then one input a link. A
 * node's state in the world is a token pointing at one of these; the instance in the process that
 * stands at this link, if any, is `instance`. Links are shared by every token grown from them, and
 * freed by the garbage collector with the last token (a world, a shrink candidate) that holds them.
 */
export interface History {
  parent: History | null;
  /** The root's boot request (init or recover, without the handle); null on a step link. */
  boot: BootRequest | null;
  /** A step link's input, as JSON. */
  input: string;
  /** Inputs since boot: 0 at the root. */
  depth: number;
  /** The answer line as the process gave it: a rebuild must give it again, byte for byte. */
  answer: string;
  effects: Effects;
  node: number;
  /** A hash of every answer since boot: what tells two tokens without a `state` apart. */
  trail: number;
  instance: Instance | null;
  /** Links already grown from this one, by input (the answer cache); null when none or cleared. */
  children: Map<string, History> | null;
}

export interface BootRequest {
  op: 'init' | 'recover';
  id: number;
  nodes: number;
  config: unknown;
  seed: string;
  stored?: unknown;
}

export interface Instance {
  handle: number;
  /** Null while it boots. */
  at: History | null;
}

/** FNV-1a over an answer, chained: equal trails mean (but for collisions) equal answers since boot. */
export function trailOf(parent: number, answer: string): number {
  let h = (parent ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < answer.length; i++) h = Math.imul(h ^ answer.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The first answer of a replay that differs from the one recorded, with both views. */
export function notDeterministic(link: History, before: string, after: string): ModelError {
  const input = link.input.length > 160 ? `${link.input.slice(0, 160)}...` : link.input;
  const step = link.boot !== null ? link.boot.op : `input ${link.depth} since boot (${input})`;
  return new ModelError(`the implementation is not deterministic: node ${link.node}'s ${step} gave ${shown(before)} then ${shown(after)}`);
}

/** An answer as a divergence shows it: its view first, then the whole line. */
function shown(answer: string): string {
  try {
    const view = (JSON.parse(answer) as { view?: unknown }).view;
    return `view ${JSON.stringify(view)} (answer ${clipLine(answer)})`;
  } catch {
    return clipLine(answer);
  }
}
