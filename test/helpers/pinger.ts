import { propertiesNamed } from '../../properties/index.js';
import { Monitor } from '../../src/judge/monitor.js';
import type { Protocol } from '../../src/shared/protocol.js';

interface PingerState {
  waiting: boolean;
  leader: boolean;
  /** The leader this node names: node 2 names node 1 from the start. */
  names: number | null;
}

/**
 * Node 1 pings node 2 every 10 ticks and leads once a pong comes back within 3 ticks of its ping:
 * live whenever delays are at most 1 tick (its synchronousDelayTicksMax), as in the stabilization
 * phase; a ping delayed longer just misses its window. Node 2 only answers.
 */
export const pinger: Protocol<PingerState> = {
  name: 'pinger',
  summary: 'leads when a ping round trip fits a window',
  defaultConfig: {},
  promises: ['liveness'],
  synchronousDelayTicksMax: 1,
  livenessBoundTicks: 1000,
  init: (ctx) => ({ state: { waiting: false, leader: false, names: ctx.id === 1 ? null : 1 }, timers: ctx.id === 1 ? [{ name: 'tick', after: 10 }] : [] }),
  step: (s, input, ctx) => {
    if (input.kind === 'timer' && input.name === 'tick') {
      return { state: { ...s, waiting: true }, send: [{ to: 2, msg: { type: 'ping' } }], timers: [{ name: 'tick', after: 10 }, { name: 'window', after: 3 }] };
    }
    if (input.kind === 'timer' && input.name === 'window') return { state: { ...s, waiting: false } };
    if (input.kind === 'message' && input.msg.type === 'ping') return { state: s, send: [{ to: input.from, msg: { type: 'pong' } }] };
    if (input.kind === 'message' && input.msg.type === 'pong' && s.waiting && ctx.id === 1) return { state: { waiting: false, leader: true, names: 1 } };
    return { state: s };
  },
  stored: () => null,
  recover: (_stored, ctx) => pinger.init(ctx),
  view: (s) => ({ role: s.leader ? 'leader' : 'follower', term: 0, leader: s.names }),
};

export function livenessMonitor(): Monitor {
  return new Monitor(propertiesNamed(['liveness']), 1000);
}
