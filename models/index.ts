import type { AnyProtocol } from '../src/protocol.js';
import { raft, raftDoubleVote, raftMajorityOffByOne, raftVolatileVote } from './raft/index.js';

/** The built-in catalog, in the order `leadercheck list` shows it. */
export const builtinModels: readonly AnyProtocol[] = [raft, raftVolatileVote, raftDoubleVote, raftMajorityOffByOne];

export function findBuiltinModel(name: string): AnyProtocol | undefined {
  return builtinModels.find((m) => m.name === name);
}
