import type { BullyMessage } from './types.js';

/** One-line rendering of a Bully message: `Election r2`. */
export function describeBullyMessage(msg: BullyMessage): string {
  return `${msg.type} r${msg.round}`;
}
