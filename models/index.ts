import type { AnyProtocol } from '../src/shared/protocol.js';
import { bully, bullyNoReelection } from './bully/index.js';
import { lease, leaseNoFencing, leaseTrustLocalClock, zookeeper, zookeeperIgnoreSessionExpiry } from './coord/index.js';
import { raft, raftDoubleVote, raftMajorityOffByOne, raftPreVote, raftVolatileVote } from './raft/index.js';
import { ring, ringNoSkip } from './ring/index.js';

/** The built-in catalog, in the order `leadercheck list` shows it: real models first, then mutants. */
export const builtinModels: readonly AnyProtocol[] = [
  raft,
  raftPreVote,
  bully,
  ring,
  lease,
  zookeeper,
  raftVolatileVote,
  raftDoubleVote,
  raftMajorityOffByOne,
  bullyNoReelection,
  ringNoSkip,
  leaseNoFencing,
  leaseTrustLocalClock,
  zookeeperIgnoreSessionExpiry,
];

export function findBuiltinModel(name: string): AnyProtocol | undefined {
  return builtinModels.find((m) => m.name === name);
}
