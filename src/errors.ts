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
