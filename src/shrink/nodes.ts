import type { NodeId } from '../shared/protocol.js';
import type { WorldEvent } from '../shared/world.js';
import { InputError, ModelError } from '../shared/errors.js';
import { boot, createSystem } from '../world/world.js';
import { type CandidateContext, emptyPrefixCache } from './context.js';
import type { LabeledEvent, MessageRef } from './labels.js';
import type { TimingPolicy } from './timing.js';

/** What a smaller cluster's candidates share, whichever nodes went: its system and stabilization phase. */
export type SmallerCluster = Pick<CandidateContext, 'system' | 'stablePhase'>;

/**
 * The cluster of `nodes` nodes the trace's model and config make, or null when the model has no
 * cluster of that size, or none that boots (its init throws at a size the trace was never on).
 * Made once per size: every choice of nodes to remove shares it.
 */
export function smallerCluster(ctx: CandidateContext, nodes: number): SmallerCluster | null {
  if (nodes < 1) return null;
  let system;
  try {
    system = createSystem(ctx.system.protocol, nodes, ctx.system.config);
    boot(system);
  } catch (error) {
    if (error instanceof InputError || error instanceof ModelError) return null;
    throw error;
  }
  // The profile leaves a minority down for good: fewer nodes, perhaps a smaller one.
  const stablePhase = ctx.stablePhase === null ? null : { downAtEndMax: Math.min(ctx.stablePhase.downAtEndMax, Math.floor((nodes - 1) / 2)) };
  return { system, stablePhase };
}

/**
 * What judges candidates on `cluster`, made by removing the nodes `gone` (each id as numbered
 * after the ones before it went: highest first keeps them stable). It starts with the budget spent
 * so far; the caller carries what it spends back.
 */
export function contextWithout(ctx: CandidateContext, cluster: SmallerCluster, gone: readonly NodeId[]): CandidateContext {
  return { ...ctx, ...cluster, policy: gone.reduce(withoutRate, ctx.policy), prefix: ctx.prefix === null ? null : emptyPrefixCache() };
}

/**
 * The events of a counterexample re-cast for a cluster without `node`: its timers, crashes and
 * restarts go, so do the messages it sends or receives, and every higher id moves down by one
 * (without node 2 of 4, node 3 is the new 2 and node 4 the new 3), so an order the protocol
 * relies on (Bully's highest id wins, a ring's successor) is kept. A partition keeps its
 * other members; one that splits nobody any more goes with the heal that ended it. The result is
 * only a candidate: it is replayed on the smaller cluster and kept if the property still fails.
 */
export function withoutNode(events: readonly LabeledEvent[], node: NodeId): LabeledEvent[] {
  const rename = (id: NodeId): NodeId => (id > node ? id - 1 : id);
  const out: LabeledEvent[] = [];
  let dropHeal = false;
  for (const e of events) {
    const event = e.event;
    switch (event.kind) {
      case 'timer':
      case 'crash':
      case 'restart':
      case 'pause':
      case 'resume':
        if (event.node === node) continue;
        out.push({ ...e, event: { ...event, node: rename(event.node) } as WorldEvent });
        break;
      case 'deliver':
      case 'drop':
      case 'duplicate': {
        if (e.ref === undefined) {
          out.push(e);
          break;
        }
        const ref = renamedRef(e.ref, node, rename);
        if (ref === null) continue;
        out.push({ ...e, ref });
        break;
      }
      case 'partition': {
        const groups = event.groups.map((g) => g.filter((id) => id !== node).map(rename)).filter((g) => g.length > 0);
        if (groups.length < 2) {
          dropHeal = true;
          continue;
        }
        out.push({ ...e, event: { ...event, groups } });
        break;
      }
      case 'heal':
        if (dropHeal) {
          dropHeal = false;
          continue;
        }
        out.push(e);
        break;
    }
  }
  return out;
}

/** The ref with its ends renamed, or null when the message touches the removed node. */
function renamedRef(ref: MessageRef, node: NodeId, rename: (id: NodeId) => NodeId): MessageRef | null {
  if (ref.from === node || ref.to === node) return null;
  const copyOf = ref.copyOf === undefined ? undefined : renamedRef(ref.copyOf, node, rename);
  const { copyOf: _old, ...rest } = ref;
  return { ...rest, from: rename(ref.from), to: rename(ref.to), ...(copyOf === undefined || copyOf === null ? {} : { copyOf }) };
}

/** The timing policy of a cluster without `node`: its clock goes, the higher ones move down with their ids. */
export function withoutRate(policy: TimingPolicy, node: NodeId): TimingPolicy {
  const rates = policy.clockRates;
  if (rates === undefined || rates === null) return policy;
  return { ...policy, clockRates: rates.filter((_, i) => i !== node - 1) };
}
