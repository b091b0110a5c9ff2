import type { CoordMessage } from './types.js';

/** One-line rendering of a message, in the words of the seed article's payment-service story. */
export function describeCoordMessage(msg: CoordMessage): string {
  switch (msg.type) {
    case 'Campaign':
      return `Campaign #${msg.seq}: create the leader key if absent`;
    case 'Elected':
      return `Elected #${msg.seq}: you are the leader (lease ${msg.token})`;
    case 'Taken':
      return `Taken #${msg.seq}: node ${msg.holder} holds the leader key (revision ${msg.revision})`;
    case 'KeepAlive':
      return `KeepAlive #${msg.seq}`;
    case 'KeptAlive':
      return `KeptAlive #${msg.seq}`;
    case 'LeaseGone':
      return `LeaseGone #${msg.seq}: your lease expired`;
    case 'Join':
      return `Join #${msg.seq}: create an ephemeral sequential znode`;
    case 'Joined':
      return `Joined #${msg.seq}: znode ${msg.znode}${msg.predecessor === null ? ', the lowest' : `, watching ${msg.predecessor}`}`;
    case 'WatchFired':
      return `WatchFired: znode ${msg.znode}'s predecessor is gone${msg.predecessor === null ? ', now the lowest' : `, now ${msg.predecessor}`}`;
    case 'Read':
      return `Read with token ${msg.token}: which period is due?`;
    case 'Due':
      return `Due: period ${msg.period} (token ${msg.token})`;
    case 'Charge':
      return `Charge period ${msg.period} with token ${msg.token}`;
    case 'Charged':
      return `Charged period ${msg.period} (token ${msg.token})`;
    case 'Refused':
      return `Refused token ${msg.token}: token ${msg.highest} already seen`;
  }
}
