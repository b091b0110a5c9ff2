import type { Protocol } from '../../src/shared/protocol.js';
import { describeRingMessage } from './describe.js';
import { initRing, recoverRing, stepRing, storedRing } from './step.js';
import type { RingConfig, RingMessage, RingState, RingStored, RingVariant } from './types.js';

export type RingProtocol = Protocol<RingState, RingMessage, RingStored, RingConfig>;

/** Largest message delay (ticks) the default timeouts are built for. */
const DELAY_TICKS_MAX = 8;

/** Builds ring election, or its mutant, from a variant: every other line is shared. */
export function createRing(variant: RingVariant): RingProtocol {
  return {
    name: variant.name,
    summary: variant.summary,
    // An Ack comes back within a round trip (2 * 8 < 20); a heartbeat gap (5 + 8) is shorter than
    // leaderTimeout; an election and its Coordinator go round N nodes in well under 40 ticks a node.
    defaultConfig: { ackTimeout: 20, ringTicksPerNode: 40, heartbeat: 5, leaderTimeout: 20 },
    // Like Bully, the ring relies on its timeouts: a lost Ack skips a live node and a partition
    // elects one leader per side, so single-leader holds only under synchronous delivery.
    promises: ['single-leader', 'term-monotonic', 'liveness', 'agreement'],
    symmetric: false,
    messageTypes: ['Election', 'Coordinator', 'Ack', 'Heartbeat'],
    timerNames: ['ack', 'coordinator', 'heartbeat', 'leader-timeout'],
    roles: ['follower', 'candidate', 'leader'],
    // The marks step.ts returns, one a line; a test checks every mark a run hits is listed here.
    marks: [
      'weaker election swallowed',
      'election completed by a node other than its initiator',
      'stale Coordinator ignored',
      'leader hears another leader: new election',
      'node missed by the election starts a new one',
      'no Coordinator in time: election restarts',
      'leader silent: follower starts an election',
      'successor did not ack: skipped',
      'leader steps down',
    ],
    synchronousDelayTicksMax: DELAY_TICKS_MAX,
    // An election walks the ring: a follower's timeout, an Election and a Coordinator round of N
    // hops (a dead one costs an Ack timeout), and perhaps a coordinator restart (40 ticks a node).
    // Measured worst cases over every profile (2,000 runs each on 3 and 8 nodes, 300 on the rest):
    // 88 ticks on 2 nodes, 255 on 3, 348 on 5, 540 on 8, 683 on 12, 880 on 16 (crash, chaos). The
    // bound, 200 + 100 a node (500 on 3 nodes, 1,800 on 16), keeps twice that at every size.
    livenessBoundTicks: 200,
    livenessBoundTicksPerNode: 100,
    init: initRing(variant),
    step: stepRing(variant),
    stored: storedRing,
    recover: recoverRing(variant),
    view: (s) => ({ role: s.role, term: s.round, leader: s.leader }),
    describeMessage: describeRingMessage,
  };
}

export const ring = createRing({
  name: 'ring',
  summary: 'ring election collecting live ids (Le Lann, Chang-Roberts extinction), skipping silent successors',
  skipsDeadSuccessor: true,
});

export const ringNoSkip = createRing({
  name: 'ring/no-skip',
  summary: 'mutant: forwards to a crashed successor and waits for its Ack forever',
  skipsDeadSuccessor: false,
});
