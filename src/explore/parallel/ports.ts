import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import { AbortedSearch, type Control } from './control.js';

/** The next message a peer posted (a port delivers in order; it may still be on its way): waits for it, a millisecond at a time, unless the search aborted. */
export function receiveFrom(port: MessagePort, control: Control): unknown {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const got = receiveMessageOnPort(port);
    if (got !== undefined) return got.message;
    if (control.aborted) throw new AbortedSearch();
    Atomics.wait(nap, 0, 0, 1);
  }
}
