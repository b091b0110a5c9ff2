import type { Trace } from '../trace/format.js';
import { InputError } from '../shared/errors.js';
import type { AnyProtocol } from '../shared/protocol.js';
import { drawSwarmProfile, swarmMenu } from './swarm.js';
import { type FaultProfile, PROFILE_NAMES, type ProfileName, type TickRange } from '../shared/profile.js';
import { synchronousDelayTicks } from '../model/defaults.js';
import { checkedKnobs } from './faultKnobs.js';

export type { FaultProfile, ProfileName, TickRange } from '../shared/profile.js';

/**
 * A named profile as `list` shows it. Most are fixed knobs; `synchronous` leaves the delay to the
 * model (`'synchronous'`: [1, protocol.synchronousDelayTicksMax], below every timeout of that model)
 * and `swarm` draws a whole profile per run from the run's seed (swarm testing, Groce et al.,
 * ISSTA 2012). `profileFor` turns a spec into the flat FaultProfile one run uses.
 */
export type ProfileSpec = FixedProfileSpec | SwarmProfileSpec;

export interface FixedProfileSpec extends Omit<FaultProfile, 'delayTicks'> {
  kind: 'fixed';
  delayTicks: TickRange | 'synchronous';
}

export interface SwarmProfileSpec {
  kind: 'swarm';
  name: 'swarm';
  description: string;
}


const calm = {
  kind: 'fixed',
  dropProbability: 0,
  duplicateProbability: 0,
  crashEveryTicks: null,
  downTicks: [1, 40],
  crashedMax: 1,
  partitionEveryTicks: null,
  partitionTicks: [10, 60],
  faultPhaseTicks: 200,
} as const;

/** Every named profile's knobs; a Record, so a name in PROFILE_NAMES without its profile does not compile. */
const specs: { readonly [N in ProfileName]: ProfileSpec & { name: N } } = {
  reliable: { ...calm, name: 'reliable', description: 'reorder only: every message arrives, in any order', delayTicks: [1, 8] },
  synchronous: {
    ...calm,
    name: 'synchronous',
    description: "no loss, no crash, no partition; delays within the model's synchronous bound, below every timeout",
    delayTicks: 'synchronous',
  },
  lossy: {
    ...calm,
    name: 'lossy',
    description: 'messages are dropped, duplicated and delayed',
    delayTicks: [1, 12],
    dropProbability: 0.3,
    duplicateProbability: 0.1,
  },
  crash: {
    ...calm,
    name: 'crash',
    description: 'nodes crash and restart from stable storage',
    // Reordering as wide as `reliable`'s and a long fault phase: a bug that needs a vote, a crash
    // and a second vote in one term (raft/volatile-vote) needs crashes to line up with elections.
    delayTicks: [1, 8],
    crashEveryTicks: [5, 30],
    downTicks: [1, 30],
    crashedMax: 2,
    downForGoodMax: 1,
    faultPhaseTicks: 400,
  },
  partition: {
    ...calm,
    name: 'partition',
    description: 'the network splits into groups and heals',
    delayTicks: [1, 5],
    partitionEveryTicks: [5, 50],
  },
  pauses: {
    ...calm,
    name: 'pauses',
    description: 'process pauses: a node stops for a while (its messages and timers wait), then resumes',
    // Reordering as `reliable`'s and nothing else, so what breaks, breaks by the pause: a leader
    // paused past the election timeout resumes believing it still leads (Kleppmann's GC pause).
    delayTicks: [1, 8],
    pauseEveryTicks: [20, 60],
    pauseTicks: [10, 60],
    faultPhaseTicks: 300,
  },
  drift: {
    ...calm,
    name: 'drift',
    description: "clock drift: each node's timers run fast or slow, within +-10%",
    delayTicks: [1, 8],
    driftMax: 0.1,
  },
  chaos: {
    ...calm,
    name: 'chaos',
    description: 'all of the above at once',
    delayTicks: [1, 10],
    dropProbability: 0.1,
    duplicateProbability: 0.05,
    crashEveryTicks: [5, 30],
    downTicks: [1, 30],
    crashedMax: 2,
    partitionEveryTicks: [10, 80],
    downForGoodMax: 1,
    faultPhaseTicks: 400,
    pauseEveryTicks: [20, 80],
    pauseTicks: [5, 40],
    driftMax: 0.1,
  },
  swarm: { kind: 'swarm', name: 'swarm', description: 'each run draws its own faults and knobs from its seed (swarm testing)' },
};

/** The named profiles of docs/design.md section 4, in the order of PROFILE_NAMES (`list` and the catalog's columns). */
export const profiles: readonly (ProfileSpec & { name: ProfileName })[] = PROFILE_NAMES.map((name) => specs[name]);

export function findProfile(name: string): ProfileSpec | undefined {
  return profiles.find((p) => p.name === name);
}

/** The profile of a name given on the command line, or an InputError listing the names there are. */
export function profileNamed(name: string): ProfileSpec {
  const profile = findProfile(name);
  if (profile === undefined) {
    throw new InputError(`unknown profile "${name}"; known profiles: ${profiles.map((p) => p.name).join(', ')}`);
  }
  return profile;
}

/**
 * The flat options one run of `protocol` uses. A fixed profile ignores the seed; swarm draws from
 * it, so the same run seed always gives the same profile.
 */
export function profileFor(spec: ProfileSpec | FaultProfile, protocol: AnyProtocol, runSeed: string): FaultProfile {
  // A flat profile (a library user's own options object) is used as it is, once its knobs are checked.
  if (!('kind' in spec)) return checkedKnobs(spec, `profile ${spec.name}`);
  if (spec.kind === 'swarm') return drawSwarmProfile(protocol, runSeed);
  const { kind: _kind, name, description, delayTicks, ...rest } = spec;
  return { name, description, delayTicks: delayTicks === 'synchronous' ? synchronousDelayTicks(protocol) : delayTicks, ...rest };
}

/** The flat options printed at the start of a cell: what a fixed profile means for this model. */
export function printedOptions(spec: ProfileSpec, protocol: AnyProtocol): Record<string, unknown> {
  if (spec.kind === 'swarm') return { drawnPerRun: true, draws: swarmMenu };
  return knobsOf(profileFor(spec, protocol, ''));
}

/** The knobs a flat profile carries, without its name and description (trace `profileOptions`). */
export function knobsOf(profile: FaultProfile): Omit<FaultProfile, 'name' | 'description'> {
  const { name: _name, description: _description, ...knobs } = profile;
  return knobs;
}

/**
 * The flat profile a trace was found under: its recorded options (swarm draws them per run), else
 * its named profile resolved for the model; undefined for a hand-written trace that names none.
 */
export function profileOfTrace(trace: Trace, protocol: AnyProtocol): FaultProfile | undefined {
  if (trace.profile === undefined) return undefined;
  const spec = findProfile(trace.profile);
  if (trace.profileOptions !== undefined) {
    const knobs = checkedKnobs(trace.profileOptions as Omit<FaultProfile, 'name' | 'description'>, 'trace: profileOptions');
    return { name: trace.profile, description: spec?.description ?? 'recorded in the trace', ...knobs };
  }
  if (spec === undefined || spec.kind === 'swarm') return undefined;
  return profileFor(spec, protocol, '');
}

/**
 * No faults but the ones a story or scenario scripts; stable from the start, delays within every
 * built-in model's synchronous bound. `simulate` and the article's scenario tests run on it.
 */
export const scriptedOnlyProfile: FaultProfile = {
  name: 'scripted-only',
  description: 'no faults but the scripted ones',
  delayTicks: [1, 3],
  dropProbability: 0,
  duplicateProbability: 0,
  crashEveryTicks: null,
  downTicks: [1, 1],
  crashedMax: 0,
  partitionEveryTicks: null,
  partitionTicks: [1, 1],
  faultPhaseTicks: 0,
};
