import type { Protocol } from '../../src/shared/protocol.js';
import { describeBullyMessage } from './describe.js';
import { initBully, recoverBully, stepBully, storedBully } from './step.js';
import type { BullyConfig, BullyMessage, BullyState, BullyStored, BullyVariant } from './types.js';

export type BullyProtocol = Protocol<BullyState, BullyMessage, BullyStored, BullyConfig>;

/** Largest message delay (ticks) the default timeouts are built for. */
const DELAY_TICKS_MAX = 8;

/** Builds the Bully algorithm, or its mutant, from a variant: every other line is shared. */
export function createBully(variant: BullyVariant): BullyProtocol {
  return {
    name: variant.name,
    summary: variant.summary,
    // Garcia-Molina's assumptions are synchronous: a round trip is shorter than answerTimeout
    // (2 * 8 < 20), a heartbeat gap (5 + 8) shorter than leaderTimeout, and an Answer is followed
    // by the Coordinator within answerTimeout + 2 delays (< coordinatorTimeout).
    defaultConfig: { answerTimeout: 20, coordinatorTimeout: 45, heartbeat: 5, leaderTimeout: 20 },
    // Bully promises one believed leader only while its timeouts hold and nobody restarts: a lost
    // Answer or a partition makes a second node declare itself, and a restarted higher id declares
    // itself at once while the lower leader still reigns (until its Coordinator lands). Election
    // safety per round is not promised at all: a restarted node cannot know which rounds were
    // already won while it was down. What it does keep everywhere: the stored round never goes
    // back, and once faults stop the highest live id wins.
    promises: ['single-leader', 'term-monotonic', 'liveness', 'agreement'],
    symmetric: false,
    messageTypes: ['Election', 'Answer', 'Coordinator', 'Heartbeat'],
    timerNames: ['answer', 'coordinator', 'heartbeat', 'leader-timeout'],
    roles: ['follower', 'candidate', 'leader'],
    // The marks step.ts returns, one a line; a test checks every mark a run hits is listed here.
    marks: [
      'Election from a higher id ignored',
      'leader answers and re-asserts',
      'leader steps down to a higher coordinator',
      'leader steps down to a higher leader',
      'follows a higher leader it hears',
      'bullies a lower leader',
      'follower bullies a lower leader',
      'no Coordinator after an Answer: election restarts',
      'leader silent: follower starts an election',
    ],
    synchronousDelayTicksMax: DELAY_TICKS_MAX,
    // The highest id leads from its restart; measured worst case 69 ticks with 16 nodes.
    livenessBoundTicks: 200,
    init: initBully(variant),
    step: stepBully(variant),
    stored: storedBully,
    recover: recoverBully(variant),
    view: (s) => ({ role: s.role, term: s.round, leader: s.leader }),
    describeMessage: describeBullyMessage,
  };
}

export const bully = createBully({
  name: 'bully',
  summary: 'Bully election (Garcia-Molina 1982) with leader heartbeats as failure detector',
  detectsFailures: true,
});

export const bullyNoReelection = createBully({
  name: 'bully/no-reelection',
  summary: 'mutant: no timeouts, as in a widely shared tutorial; only the highest id declares and a crashed leader is never replaced',
  detectsFailures: false,
});
