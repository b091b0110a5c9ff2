import { ModelError } from '../shared/errors.js';
import { Execution } from '../kernel/execution.js';
import { RunModelError } from '../kernel/runModelError.js';
import { runEvents } from '../kernel/runEvents.js';
import type { Violation } from '../judge/monitor.js';
import type { WorldEvent } from '../shared/world.js';
import type { ExploreResult } from './exploreOptions.js';
import type { StateEncoder } from './StateEncoder.js';

/**
 * Parent pointers live only as long as some frontier state descends from them. A state rebuilt
 * from its codes numbers its messages afresh, so a message event also keeps the code of the
 * message it acts on; the real ids are found again by running the path from boot.
 */
export interface PathLink {
  parent: PathLink | null;
  event: WorldEvent;
  /** The code of the message a deliver, drop or duplicate acts on; -1 for other events. */
  message: number;
}

/**
 * The path's events with the ids a run from boot gives its messages, so the trace replays.
 * `search` lends the system and monitor of the search (its cursor).
 */
export function eventsFromBoot(search: Execution, encoder: StateEncoder, path: PathLink): WorldEvent[] {
  return runFromBoot(search, encoder, path).events!;
}

/** The path run from boot, every event judged: its events are the cursor's `events`, its verdict its `state`. */
function runFromBoot(search: Execution, encoder: StateEncoder, path: PathLink): Execution {
  const links: PathLink[] = [];
  for (let link: PathLink | null = path; link !== null; link = link.parent) links.push(link);
  links.reverse();
  // Every event is checked for plain data (the search checks only its first): a counterexample is replayed before it is reported.
  const exec = Execution.boot(search.system, search.monitor, [], Infinity);
  runEvents(exec, links, 0, {
    resolve: (link, _index, world) => {
      if (link.message < 0) return link.event;
      const m = world.network.find((candidate) => encoder.messageCode(candidate) === link.message);
      if (m === undefined) throw new Error('explore: a counterexample lost track of a message');
      return { ...link.event, id: m.id } as WorldEvent;
    },
  });
  return exec;
}

/**
 * Transitions of a search checked for plain data, boot too: the shallow levels, where breadth
 * first meets every handler of a model, for a few milliseconds whatever the search's size (every
 * transition would cost a tenth of its speed). Counterexamples are checked whole (eventsFromBoot).
 */
export const SEARCH_PLAIN_DATA_CHECKED_EVENTS = 10_000;

/**
 * A violation's path from boot, or the model error met on it: run again with every event checked
 * for plain data, it may meet data the search did not check.
 */
export function counterexampleFromBoot(
  search: Execution,
  encoder: StateEncoder,
  path: PathLink,
): { events: WorldEvent[]; violation: Violation | null } | NonNullable<ExploreResult['modelError']> {
  try {
    const exec = runFromBoot(search, encoder, path);
    return { events: exec.events!, violation: exec.state.violation };
  } catch (error) {
    if (!(error instanceof RunModelError)) throw error;
    return { detail: error.message, events: [...error.events] };
  }
}

/**
 * The encoder hashes and keys every part it meets, but the search checks only its first parts for
 * plain data, so a cycle or a BigInt that appears later breaks the encoder (a stack overflow, a
 * JSON error) rather than a check. The path from boot, every event checked, names the fault; an
 * error it does not explain is the checker's own and is thrown as it is.
 */
export function dataFaultFromBoot(search: Execution, encoder: StateEncoder, path: PathLink, error: unknown): NonNullable<ExploreResult['modelError']> {
  const found = counterexampleFromBoot(search, encoder, path);
  if ('detail' in found) return found;
  // The model's own renameNodes failed (only symmetry reduction calls it, so the path replays): the path names where.
  if (error instanceof ModelError) return { detail: error.message, events: found.events };
  throw error;
}

/**
 * A model error ends the search. The cursor that met it was resumed mid-path and knows only the
 * failing event, so the path runs again from boot, where the model fails again on the same event
 * and the error carries every event that led there.
 */
export function modelErrorFromBoot(search: Execution, encoder: StateEncoder, failing: PathLink, error: RunModelError): NonNullable<ExploreResult['modelError']> {
  try {
    eventsFromBoot(search, encoder, failing);
  } catch (again) {
    if (!(again instanceof RunModelError)) throw again;
    // Every event checked, the path from boot may fail earlier than the search did (on data the search did not check).
    return { detail: again.message, events: [...again.events] };
  }
  throw new Error(`explore: the model failed once (${error.message}) but not again on the same events from boot`);
}
