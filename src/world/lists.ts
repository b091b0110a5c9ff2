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

/** The timers but `timer` itself (the one that fired), in one loop: a filter's closure costs more on the hot path. */
export function withoutThisTimer(timers: readonly PendingTimer[], timer: PendingTimer): PendingTimer[] {
  const rest: PendingTimer[] = [];
  for (let k = 0; k < timers.length; k++) if (timers[k] !== timer) rest.push(timers[k]);
  return rest;
}

/** `withoutTimer(timers, timer.name)` then `timer` last, built as one array (a step resets its timers on most events). */
export function withTimerSet(timers: readonly PendingTimer[], timer: PendingTimer): PendingTimer[] {
  let named = 0;
  for (let k = 0; k < timers.length; k++) if (timers[k].name === timer.name) named++;
  const next = new Array<PendingTimer>(timers.length - named + 1);
  let j = 0;
  for (let k = 0; k < timers.length; k++) if (timers[k].name !== timer.name) next[j++] = timers[k];
  next[j] = timer;
  return next;
}

/** `network` without its message at index `k`, then `sent`, as one array (a delivery that is answered: one copy, not two). */
export function removedAndAppended(network: readonly InFlight[], k: number, sent: readonly InFlight[]): InFlight[] {
  const next = new Array<InFlight>(network.length - 1 + sent.length);
  for (let i = 0; i < k; i++) next[i] = network[i];
  for (let i = k + 1; i < network.length; i++) next[i - 1] = network[i];
  for (let i = 0; i < sent.length; i++) next[network.length - 1 + i] = sent[i];
  return next;
}

/** `network` then `sent`, in a new array (a plain loop: concat's generic path costs more for a few items). */
export function appended(network: readonly InFlight[], sent: readonly InFlight[]): InFlight[] {
  const next = new Array<InFlight>(network.length + sent.length);
  for (let i = 0; i < network.length; i++) next[i] = network[i];
  for (let i = 0; i < sent.length; i++) next[network.length + i] = sent[i];
  return next;
}

/** The network after a step: without the message it handled (index `delivered`; -1: none), with the messages it sent; one copy at most. */
export function nextNetwork(network: readonly InFlight[], delivered: number, sent: readonly InFlight[]): readonly InFlight[] {
  if (delivered < 0) return sent.length === 0 ? network : appended(network, sent);
  return sent.length === 0 ? removeMessage(network, delivered) : removedAndAppended(network, delivered, sent);
}
