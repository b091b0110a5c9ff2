import type { AnyProtocol } from '../src/shared/protocol.js';
import { bully, bullyNoReelection } from './bully/index.js';
import { raft, raftDoubleVote, raftMajorityOffByOne, raftPreVote, raftVolatileVote } from './raft/index.js';
import { ring, ringNoSkip } from './ring/index.js';

/** The built-in catalog, in the order `leadercheck list` shows it: real models first, then mutants. */
export const builtinModels: readonly AnyProtocol[] = [
  raft,
  raftPreVote,
  bully,
  ring,
  raftVolatileVote,
  raftDoubleVote,
  raftMajorityOffByOne,
  bullyNoReelection,
  ringNoSkip,
];

export function findBuiltinModel(name: string): AnyProtocol | undefined {
  return builtinModels.find((m) => m.name === name);
}
