import type { SharedFingerprintSet } from '../SharedFingerprintSet.js';

/** (ah, al) < (bh, bl) as unsigned 64-bit numbers: the order parents are chosen by. */
export function lessPair(ah: number, al: number, bh: number, bl: number): boolean {
  return ah < bh || (ah === bh && al < bl);
}

type Fp = [number, number];

/**
 * The path from boot to a state `target` first reached at `level`, as fingerprints (root first), each
 * state's parent the least (by fingerprint) of the states of the level before that reach it: which
 * worker reached a state first does not enter, so the path is the same for any number of workers
 * and any run. The table keeps each state's level and its least parent key (SharedFingerprintSet:
 * the least high half of its parents' fingerprints); the states of the level before with that key
 * are the candidates. One candidate is the parent. Of several (two parents' fingerprints share their
 * high half, or a test shortened the keys), the least one that reaches the state is
 * (`reaches`: a replay through the kernel, parallelExplore.ts), found in fingerprint order.
 */
export function parentChain(set: SharedFingerprintSet, target: Fp, level: number, reaches: (chain: readonly Fp[], child: Fp) => boolean): Fp[] | null {
  const parents = new Map<string, Fp | null>();
  const chainOf = (state: Fp, at: number): Fp[] | null => {
    const chain: Fp[] = [state];
    let current = state;
    for (let k = at; k > 0; k--) {
      const parent = parentOf(current, k);
      if (parent === null) return null;
      chain.push(parent);
      current = parent;
    }
    return chain.reverse();
  };
  const parentOf = (state: Fp, at: number): Fp | null => {
    const name = `${state[0]}:${state[1]}`;
    const known = parents.get(name);
    if (known !== undefined) return known;
    const slot = set.slotOf(state[0], state[1]);
    let found: Fp | null = null;
    if (slot >= 0 && set.levelAt(slot) === at) {
      const candidates = set.withKey(at - 1, set.parentKeyAt(slot));
      if (candidates.length === 1) found = candidates[0];
      else {
        for (const candidate of candidates) {
          const chain = chainOf(candidate, at - 1);
          if (chain !== null && reaches(chain, state)) {
            found = candidate;
            break;
          }
        }
      }
    }
    parents.set(name, found);
    return found;
  };
  const slot = set.slotOf(target[0], target[1]);
  if (slot < 0 || set.levelAt(slot) !== level) return null;
  return chainOf(target, level);
}
