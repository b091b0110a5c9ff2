import type { Input, NodeId, Step } from '../../src/shared/protocol.js';
import type { CoordMessage, CoordVariant, ResourceState } from './types.js';

type ResourceStep = Step<ResourceState, CoordMessage>;

/**
 * The protected resource: the seed article's payment service, which must never charge a billing
 * period twice. A leader reads the period due, then charges it; both requests carry its fencing
 * token. Fenced, the service refuses any request whose token is below the highest it has seen,
 * and a read raises the highest too: once a newer leader has read period p, an older leader's
 * charge of p is refused, whichever order the two charges would have landed in (a write-only
 * check would let the older charge in first and the newer charge p again). Its state is its
 * stable storage (a database): a crash loses nothing.
 */
export function initResource(): ResourceStep {
  return { state: { kind: 'resource', highest: 0, highestFrom: null, due: 1, charges: [], lastWrite: null, writes: 0 } };
}

export function stepResource(variant: CoordVariant) {
  return (s: ResourceState, input: Input<CoordMessage>): ResourceStep => {
    if (input.kind !== 'message') return { state: s };
    const { from, msg } = input;
    if (msg.type !== 'Read' && msg.type !== 'Charge') return { state: s };
    const period = msg.type === 'Charge' ? msg.period : null;
    if (variant.fenced && msg.token < s.highest) {
      const refused = { type: 'Refused', token: msg.token, period, highest: s.highest } as const;
      if (msg.type === 'Read') return { state: s, send: [{ to: from, msg: refused }], marks: ['payments refuse a stale read'] };
      const state = written(s, from, msg.token, msg.period, false);
      return { state, send: [{ to: from, msg: refused }], marks: ['payments refuse a stale charge'] };
    }
    const raised = msg.token > s.highest ? { ...s, highest: msg.token, highestFrom: from } : s;
    if (msg.type === 'Read') return { state: raised, send: [{ to: from, msg: { type: 'Due', token: msg.token, period: s.due } }] };
    const accepted = written(raised, from, msg.token, msg.period, true);
    const doubled = s.charges.some((c) => c.period === msg.period && c.token !== msg.token);
    const state: ResourceState = {
      ...accepted,
      due: Math.max(s.due, msg.period + 1),
      charges: [...s.charges, { period: msg.period, token: msg.token, node: from }],
    };
    return {
      state,
      send: [{ to: from, msg: { type: 'Charged', token: msg.token, period: msg.period } }],
      marks: doubled ? ['payments charge a period twice'] : undefined,
    };
  };
}

function written(s: ResourceState, node: NodeId, token: number, period: number, accepted: boolean): ResourceState {
  const n = s.writes + 1;
  return { ...s, writes: n, lastWrite: { n, node, token, period, accepted } };
}
