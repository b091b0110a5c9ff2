/**
 * Bad usage or bad input: the message is one line saying what was wrong, where, and what to do.
 * The CLI prints it and exits 2, never with a stack trace.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** An event that is not enabled in the world it is applied to: the trace or strategy is wrong. */
export class NotEnabledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotEnabledError';
  }
}

/**
 * The model itself misbehaved: threw in a hook, returned a step of the wrong shape (both caught at
 * the model boundary, src/model/boundary.ts), or looped past the event budget. Reported with the
 * trace that led to it, exit 1.
 */
export class ModelError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'ModelError';
  }
}
