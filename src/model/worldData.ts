import { ModelError } from '../shared/errors.js';
import type { NodeId } from '../shared/protocol.js';
import type { InFlight, Outcome, World, WorldEvent } from '../shared/world.js';
import { plainDataProblem } from './plainData.js';

/**
 * Whether what a model put in the world is plain data (src/model/plainData.ts): the states,
 * stored values and messages a step made. A walk per value, too dear for every event of the hot
 * path, so the kernel asks it for the first events of a run and for every event of a replay
 * (src/kernel/execution.ts says why that is enough).
 */

/** After boot: every node's state and stored value and every message init sent, or a ModelError naming the first that is not plain data. */
export function checkBootData(world: World): void {
  for (let node = 1; node <= world.nodes.length; node++) {
    checkNodeData(world, node, { hook: 'init', after: 'init' }, world.network.filter((m) => m.from === node));
  }
}

/** After an event: the state and stored value of the node that stepped, and the messages it sent. */
export function checkStepData(outcome: Outcome, event: WorldEvent): void {
  // A duplicate copies a message already checked; a drop, crash, partition or heal runs no model code.
  if (outcome.stepped === null) return;
  const where = event.kind === 'restart' ? { hook: 'recover', after: 'recover' } : { hook: `step handling ${outcome.input}`, after: `handling ${outcome.input}` };
  checkNodeData(outcome.world, outcome.stepped, where, outcome.sent);
}

/** `hook` names what returned the state and messages, `after` what stored() was called after. */
function checkNodeData(world: World, node: NodeId, where: { hook: string; after: string }, sent: readonly InFlight[]): void {
  const slot = world.nodes[node - 1];
  let problem: string | null;
  try {
    problem = plainDataProblem(slot.state, 'state');
    for (let i = 0; problem === null && i < sent.length; i++) problem = plainDataProblem(sent[i].msg, `send[${i}].msg`);
    if (problem === null) {
      const inStored = plainDataProblem(slot.stored, 'stored');
      if (inStored !== null) throw new ModelError(`node ${node}'s stored() after ${where.after} returned ${inStored}`);
    }
  } catch (error) {
    if (error instanceof ModelError) throw error;
    // A getter or proxy of the model's threw while it was read: the model's fault too.
    throw new ModelError(`node ${node}'s ${where.hook} returned data that throws when read: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`, error);
  }
  if (problem !== null) throw new ModelError(`node ${node}'s ${where.hook} returned ${problem}`);
}
