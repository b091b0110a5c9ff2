import type { RingMessage } from './types.js';

/** One-line rendering of a ring message: `Election r2 from 1 [1,2]`, `Coordinator r2 leader 3`. */
export function describeRingMessage(msg: RingMessage): string {
  switch (msg.type) {
    case 'Election':
      return `Election r${msg.round} from ${msg.initiator} [${msg.ids.join(',')}]`;
    case 'Coordinator':
      return `Coordinator r${msg.round} leader ${msg.leader}`;
    case 'Ack':
      return `Ack #${msg.seq}`;
    case 'Heartbeat':
      return `Heartbeat r${msg.round}`;
  }
}
