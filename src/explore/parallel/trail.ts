import type { Violation } from '../../judge/monitor.js';
import { enabledChoices } from '../enabledEvents.js';
import type { ExploreResult } from '../exploreOptions.js';
import type { PathLink } from '../paths.js';
import { type SearchNode, SearchCore } from '../searchCore.js';

/**
 * The counterexample of a parallel search, rebuilt on one thread from the fingerprints of the
 * states on its path (root first, the violating state last; levels.ts traceBack): from boot, each
 * step is the first enabled choice whose successor has the next fingerprint, through the kernel as
 * any search step, and the last one's violation comes with its events from boot (paths.ts).
 */
class TrailSearch extends SearchCore {
  private target: [number, number] = [0, 0];

  follow(chain: readonly [number, number][]): Pick<ExploreResult, 'violation' | 'modelError'> | null {
    const { world, state: monitor } = this.cursor;
    this.encoder.fingerprint(world, monitor.memos, 0, this.fingerprint);
    if (!this.is(chain[0])) return null;
    let node: SearchNode = { world, monitor, used: 0, partition: -1, path: null, codes: this.encoder.lastPartCodes() };
    for (let step = 1; step < chain.length; step++) {
      this.target = chain[step];
      let found: SearchNode | null = null;
      for (const choice of enabledChoices(node.world, node.used, this.bounds, this.splits, node.codes, this.messagesAt)) {
        const child = this.visit(node, choice, step);
        if (this.violation !== null || this.modelError !== null) return { violation: this.violation, modelError: this.modelError };
        if (child !== null && this.is(this.target)) {
          found = { ...child, codes: child.codes.slice() };
          break;
        }
      }
      if (found === null) return null;
      node = found;
    }
    return null;
  }

  /** Only the violation on the path counts: another step from the same parent may break a property too. */
  protected override foundViolation(path: PathLink, violation: Violation, depth: number): boolean {
    return this.is(this.target) ? super.foundViolation(path, violation, depth) : true;
  }

  private is([high, low]: [number, number]): boolean {
    return this.fingerprint[0] === high && this.fingerprint[1] === low;
  }
}

/** The violation (or the model error met on the way) at the end of the path `chain`; null when the chain does not replay. */
export function rebuildTrail(options: ConstructorParameters<typeof SearchCore>[0], chain: readonly [number, number][]): Pick<ExploreResult, 'violation' | 'modelError'> | null {
  return new TrailSearch(options).follow(chain);
}
