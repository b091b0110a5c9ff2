import { InputError } from '../shared/errors.js';
import type { FaultProfile } from '../shared/profile.js';

type Knobs = Omit<FaultProfile, 'name' | 'description'>;
type Check = (value: unknown) => string | null;

const tickRange: Check = (v) =>
  Array.isArray(v) && v.length === 2 && v.every((t) => Number.isInteger(t) && t >= 0) && v[0] <= v[1]
    ? null
    : 'must be a tick range [min, max] of integers, 0 <= min <= max';
const optionalTickRange: Check = (v) => (v === null ? null : tickRange(v));
const probability: Check = (v) => (typeof v === 'number' && v >= 0 && v <= 1 ? null : 'must be a probability from 0 to 1');
const count: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? null : 'must be an integer >= 0');
const driftBound: Check = (v) =>
  typeof v === 'number' && v >= 0 && v < 1 && Number.isInteger(Math.round(v * 1000)) && Math.abs(Math.round(v * 1000) - v * 1000) < 1e-6
    ? null
    : 'must be a drift bound from 0 to below 1, a multiple of 0.001 (0.1 is +-10%)';

/** Every knob a flat profile may have, and what makes its value valid. */
const KNOBS: Readonly<Record<keyof Knobs, Check>> = {
  delayTicks: tickRange,
  dropProbability: probability,
  duplicateProbability: probability,
  crashEveryTicks: optionalTickRange,
  downTicks: tickRange,
  crashedMax: count,
  partitionEveryTicks: optionalTickRange,
  partitionTicks: tickRange,
  faultPhaseTicks: count,
  downForGoodMax: count,
  pauseEveryTicks: optionalTickRange,
  pauseTicks: tickRange,
  driftMax: driftBound,
};

/**
 * The knobs of a flat profile that comes from outside (a trace's `profileOptions`, a library
 * user's options object), checked: an unknown knob or a bad value (a negative pause, a drift bound
 * of 1 or more) is one InputError line naming it, never a run that silently means something else.
 */
export function checkedKnobs<T extends Partial<Knobs>>(knobs: T, where: string): T {
  for (const [key, value] of Object.entries(knobs)) {
    if (key === 'name' || key === 'description') continue;
    const check = KNOBS[key as keyof Knobs];
    if (check === undefined) throw new InputError(`${where}: unknown option "${key}"; known options: ${Object.keys(KNOBS).join(', ')}`);
    if (value === undefined) continue;
    const problem = check(value);
    if (problem !== null) throw new InputError(`${where}: ${key} ${problem}, got ${JSON.stringify(value)}`);
  }
  return knobs;
}
