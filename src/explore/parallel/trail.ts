import type { Violation } from '../../judge/monitor.js';
import { enabledChoices } from '../enabledEvents.js';
import type { ExploreResult } from '../exploreOptions.js';
import { FingerprintSet } from '../FingerprintSet.js';
import type { PathLink } from '../paths.js';
import { type SearchNode, SearchCore } from '../searchCore.js';

type Fp = readonly [number, number];
type Found = Pick<ExploreResult, 'violation' | 'modelError'>;

/** Every state is new to a replay (it follows one path; a state met beside it must not hide the path's next one), and the last one asked is noted. */
class EveryStateNew extends FingerprintSet {
  asked = 0;
  high = 0;
  low = 0;

  override add(high: number, low: number): boolean {
    this.asked++;
    this.high = high >>> 0;
    this.low = low >>> 0;
    return true;
  }
}

/**
 * A parallel search's path, replayed on one thread from the fingerprints of its states (root
 * first; parentChain.ts): from boot, each step is the first enabled choice whose step reaches the
 * next fingerprint, through the kernel as any search step. The last step of a counterexample is the
 * first that reaches its state and breaks a property; its violation comes with its events from boot.
 */
class TrailSearch extends SearchCore {
  protected override readonly seen = new EveryStateNew();
  private last = false;
  private target: Fp = [0, 0];

  /** The node at the end of `chain`, or the violation or model error met on its last step, or null when the chain does not replay. */
  follow(chain: readonly Fp[], endsInViolation: boolean): SearchNode | Found | null {
    const { world, state: monitor } = this.cursor;
    this.encoder.fingerprint(world, monitor.memos, 0, this.fingerprint);
    if (this.fingerprint[0] !== chain[0][0] || this.fingerprint[1] !== chain[0][1]) return null;
    let node: SearchNode = { world, monitor, used: 0, partition: -1, path: null, codes: this.encoder.lastPartCodes() };
    for (let step = 1; step < chain.length; step++) {
      this.target = chain[step];
      this.last = endsInViolation && step === chain.length - 1;
      if (this.pastBound(node.world) !== null) return null;
      let found: SearchNode | null = null;
      for (const choice of enabledChoices(node.world, node.used, this.bounds, this.splits, node.codes, this.messagesAt)) {
        const asked = this.seen.asked;
        const child = this.visit(node, choice, step);
        if (this.violation !== null || this.modelError !== null) return { violation: this.violation, modelError: this.modelError };
        if (!this.last && child !== null && this.seen.asked > asked && this.reached(this.target)) {
          found = { ...child, codes: child.codes.slice() };
          break;
        }
      }
      if (found === null) return null;
      node = found;
    }
    return node;
  }

  /** Whether a step from `node` reaches `child` (a transition of the search: a state past a bound has none). */
  reaches(node: SearchNode, child: Fp, depth: number): boolean {
    if (this.pastBound(node.world) !== null) return false;
    this.target = [-1, -1];
    for (const choice of enabledChoices(node.world, node.used, this.bounds, this.splits, node.codes, this.messagesAt)) {
      const asked = this.seen.asked;
      this.visit(node, choice, depth);
      if (this.modelError !== null) return false;
      if (this.seen.asked > asked && this.reached(child)) return true;
    }
    return false;
  }

  /** Only the violation of the counterexample's last step counts: a step beside the path may break a property too. */
  protected override foundViolation(path: PathLink, violation: Violation, depth: number): boolean {
    return this.last && this.reached(this.target) ? super.foundViolation(path, violation, depth) : true;
  }

  private reached([high, low]: Fp): boolean {
    return this.seen.high === high >>> 0 && this.seen.low === low >>> 0;
  }
}

/** The violation (or the model error met on the way) at the end of the path `chain`, whose last step breaks a property; null when the chain does not replay. */
export function rebuildTrail(options: ConstructorParameters<typeof SearchCore>[0], chain: readonly Fp[]): Found | null {
  const end = new TrailSearch(options).follow(chain, true);
  return end !== null && 'violation' in end && !('world' in end) ? end : null;
}

/** Whether the state at the end of `chain` has a step to `child` (parentChain.ts, to tell apart parents whose keys tie). */
export function chainReaches(options: ConstructorParameters<typeof SearchCore>[0], chain: readonly Fp[], child: Fp): boolean {
  const search = new TrailSearch(options);
  const end = search.follow(chain, false);
  return end !== null && 'world' in end && search.reaches(end, child, chain.length);
}
