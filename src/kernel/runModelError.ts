import { ModelError } from '../shared/errors.js';
import type { WorldEvent } from '../shared/world.js';

/**
 * A model error in an execution, with the events that led to it: the last one is the event the
 * model failed on (it never took effect). Every strategy reports a model error as this one type;
 * the caller decides what it means (the shrinker rejects the candidate, explore records it and
 * stops, replay and the CLI report it with its trace).
 */
export class RunModelError extends ModelError {
  constructor(
    error: ModelError,
    readonly events: readonly WorldEvent[],
  ) {
    super(error.message, error.cause);
  }
}
