import type { InFlight, PendingTimer } from '../shared/world.js';

/**
 * The world's lists as the world changes them: a new array each time (the world is immutable), in
 * plain loops, since `concat`, `filter` and spreads cost more for the few items a network or a
 * node's timers hold, on the path every event takes.
 */

/** The network without its message at index `k`. */
export function removeMessage(network: readonly InFlight[], k: number): InFlight[] {
  const next = new Array<InFlight>(network.length - 1);
  for (let i = 0; i < k; i++) next[i] = network[i];
  for (let i = k + 1; i < network.length; i++) next[i - 1] = network[i];
  return next;
}

/** The timers but the one named `name` (a node has at most one of each name): the same array when there is none. */
export function withoutTimer(timers: readonly PendingTimer[], name: string): readonly PendingTimer[] {
  let named = 0;
  for (let k = 0; k < timers.length; k++) if (timers[k].name === name) named++;
  if (named === 0) return timers;
  const rest = new Array<PendingTimer>(timers.length - named);
  for (let k = 0, j = 0; k < timers.length; k++) if (timers[k].name !== name) rest[j++] = timers[k];
  return rest;
}

export function appendedTimer(timers: readonly PendingTimer[], timer: PendingTimer): PendingTimer[] {
  const next = new Array<PendingTimer>(timers.length + 1);
  for (let k = 0; k < timers.length; k++) next[k] = timers[k];
  next[timers.length] = timer;
  return next;
}

/** `network` then `sent`, in a new array (a plain loop: concat's generic path costs more for a few items). */
export function appended(network: readonly InFlight[], sent: readonly InFlight[]): InFlight[] {
  const next = new Array<InFlight>(network.length + sent.length);
  for (let i = 0; i < network.length; i++) next[i] = network[i];
  for (let i = 0; i < sent.length; i++) next[network.length + i] = sent[i];
  return next;
}
