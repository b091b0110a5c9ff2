import type { PropertyName } from '../src/shared/protocol.js';
import { agreement } from './agreement.js';
import { electionSafety } from './electionSafety.js';
import { liveness } from './liveness.js';
import { singleLeader } from './singleLeader.js';
import { termMonotonic } from './termMonotonic.js';
import type { Property } from './types.js';

export type { LivenessProperty, Property, SafetyProperty } from './types.js';

/** Every property, written once over the nodes' views and applied to every model. */
export const allProperties: readonly Property[] = [electionSafety, singleLeader, termMonotonic, liveness, agreement];

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
