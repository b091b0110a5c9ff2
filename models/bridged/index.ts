/**
 * Built-in models that run as external processes through the step bridge (docs/bridge.md): data
 * only, since models/ sits below the bridge host. src/model/load.ts resolves these names through
 * the loader src/bridge registers, which starts the process named by the descriptor.
 */
export interface BridgedBuiltin {
  name: string;
  summary: string;
  /** The descriptor, relative to the package root (models/bridged/ ships with the package). */
  descriptor: string;
}

export const bridgedBuiltins: readonly BridgedBuiltin[] = [
  {
    name: 'etcd-raft',
    summary: 'the real etcd/raft 3.4 RawNode, in Go through the bridge (PreVote and CheckQuorum off, as etcd defaults)',
    descriptor: 'models/bridged/etcd-raft/etcd-raft.json',
  },
  {
    name: 'etcd-raft/prevote',
    summary: 'the real etcd/raft 3.4 RawNode with PreVote and CheckQuorum on',
    descriptor: 'models/bridged/etcd-raft/prevote.json',
  },
  {
    name: 'etcd-raft/seed-loop',
    summary: "mutant of the loop, not the library: the seed articles' Ready handling saves entries but never the HardState (term, vote)",
    descriptor: 'models/bridged/etcd-raft/seed-loop.json',
  },
  {
    name: 'python-bully',
    summary: 'Bully election written in Python (models/bridged/python-bully), driven through the step bridge',
    descriptor: 'models/bridged/python-bully/bridge.json',
  },
  {
    name: 'python-bully/no-reelection',
    summary: 'mutant, in Python: no timeouts, so a crashed leader is never replaced (bites liveness through the bridge)',
    descriptor: 'models/bridged/python-bully/no-reelection.json',
  },
];

/** Where a built-in descriptor is: dist/models/bridged/ is three folders below the package root. */
export function bridgedDescriptorPath(builtin: BridgedBuiltin): string {
  return new URL(`../../../${builtin.descriptor}`, import.meta.url).pathname;
}
