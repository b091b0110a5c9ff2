import { type PropertyName, PROPERTY_NAMES } from '../src/shared/protocol.js';
import { agreement } from './agreement.js';
import { electionSafety } from './electionSafety.js';
import { fencedWrites } from './fencedWrites.js';
import { liveness } from './liveness.js';
import { noDisruption } from './noDisruption.js';
import { noDoubleCharge } from './noDoubleCharge.js';
import { singleLeader } from './singleLeader.js';
import { termMonotonic } from './termMonotonic.js';
import type { Property, SafetyProperty } from './types.js';

export type { LivenessProperty, Property, SafetyProperty } from './types.js';

/** Each property by its name; a Record, so a name in PROPERTY_NAMES without its property does not compile. */
const byName: Readonly<Record<PropertyName, Property>> = {
  'election-safety': electionSafety,
  'single-leader': singleLeader,
  'term-monotonic': termMonotonic,
  liveness,
  agreement,
  'no-disruption': noDisruption,
  'fenced-writes': fencedWrites,
  'no-double-charge': noDoubleCharge,
};

/** Every property, written once over the nodes' views and applied to every model, in the order of PROPERTY_NAMES. */
export const allProperties: readonly Property[] = PROPERTY_NAMES.map((name) => byName[name]);

export function findProperty(name: string): Property | undefined {
  return allProperties.find((p) => p.name === name);
}

export function propertiesNamed(names: readonly PropertyName[]): Property[] {
  return names.map((name) => {
    const property = findProperty(name);
    if (property === undefined) throw new Error(`unknown property ${name}`);
    return property;
  });
}

/** A safety property as exhaustive search checks it: its `inSearch` form when it has one (types.ts). */
export function searchedAs(property: SafetyProperty): SafetyProperty {
  return property.inSearch ?? property;
}
