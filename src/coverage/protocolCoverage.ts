import type { AnyProtocol } from '../shared/protocol.js';
import type { Outcome, WorldEvent } from '../shared/world.js';
import { type DistinctStates, mergeDistinctStates, NO_STATES, StateSketch } from './distinctStates.js';

/** Roles a model has when it declares none. */
export const DEFAULT_ROLES: readonly string[] = ['follower', 'candidate', 'leader'];

/** The role of a node that is down: crashes lead into it, restarts out of it. */
export const DOWN = 'down';

/**
 * What runs exercised of a model: inputs per role, role transitions, coverage marks, distinct node
 * states. Plain data; every declared pair, transition and mark is present, with 0 when never hit,
 * so a reader of one file sees what the runs did not test.
 */
export interface ProtocolCoverage {
  model: string;
  /** Events the collector saw (every world event of every run, steps or not). */
  events: number;
  /** "role <- input": a message type or timer arriving at a node in that role, with hit counts. */
  inputs: Record<string, number>;
  /** "from -> to" role changes, with hit counts; crashes go to "down", restarts come from it. */
  transitions: Record<string, number>;
  /** Coverage marks the model returned (docs/design.md section 8), with hit counts. */
  marks: Record<string, number>;
  states: DistinctStates;
}

/** What could be hit: the keys a model's coverage starts with, each at 0. */
export interface CoverageUniverse {
  inputs: string[];
  transitions: string[];
  marks: string[];
}

/**
 * Pairs are roles x (message types + timers), plus the restart of a down node. Transitions are
 * every ordered pair of distinct roles plus each role to and from down: the cross product, not the
 * moves a model allows, so a move the model forbids shows as never hit rather than going unseen.
 */
export function coverageUniverse(protocol: AnyProtocol): CoverageUniverse {
  const roles = protocol.roles ?? DEFAULT_ROLES;
  const inputNames = [...(protocol.messageTypes ?? []), ...(protocol.timerNames ?? [])];
  const inputs = [...roles.flatMap((role) => inputNames.map((input) => inputKey(role, input))), inputKey(DOWN, 'recover')];
  const transitions = roles.flatMap((from) => [
    ...roles.filter((to) => to !== from).map((to) => transitionKey(from, to)),
    transitionKey(from, DOWN),
    transitionKey(DOWN, from),
  ]);
  return { inputs: sortedUnique(inputs), transitions: sortedUnique(transitions), marks: sortedUnique(protocol.marks ?? []) };
}

export const INPUT_ARROW = ' <- ';
export const inputKey = (role: string, input: string): string => `${role}${INPUT_ARROW}${input}`;
export const transitionKey = (from: string, to: string): string => `${from} -> ${to}`;

/** Counts what each step exercised; fed from a run's onStep hook (any number of runs). */
export class CoverageCollector {
  private events = 0;
  /** role -> input -> hits: nested, so the hot path builds no key strings. */
  private readonly inputs = new Map<string, Map<string, number>>();
  private readonly transitions = new Map<string, number>();
  /**
   * Each transition's key, made once: a key built anew on every role change is a new string that
   * every map lookup hashes again, and counting transitions that way was a tenth of coverage's time.
   */
  private readonly transitionKeys = new Map<string, Map<string, string>>();
  private readonly marks = new Map<string, number>();
  private readonly states = new StateSketch();

  constructor(private readonly protocol: AnyProtocol) {
    const universe = coverageUniverse(protocol);
    for (const key of universe.inputs) {
      const [role, input] = key.split(INPUT_ARROW);
      this.countInput(role, input, 0);
    }
    for (const key of universe.transitions) this.transitions.set(key, 0);
    for (const key of universe.marks) this.marks.set(key, 0);
  }

  readonly onStep = (outcome: Outcome, event?: WorldEvent): void => {
    this.events++;
    if (event?.kind === 'crash' && outcome.roleBefore !== null) bump(this.transitions, this.transitionKeyOf(outcome.roleBefore, DOWN));
    if (outcome.stepped === null || outcome.input === null) return;
    const before = outcome.roleBefore ?? DOWN;
    this.countInput(before, outcome.input, 1);
    const slot = outcome.world.nodes[outcome.stepped - 1];
    const after = slot.view?.role ?? DOWN;
    if (after !== before) bump(this.transitions, this.transitionKeyOf(before, after));
    for (const mark of outcome.marks) bump(this.marks, mark);
    this.states.add(slot.state, outcome.stepped);
  };

  result(): ProtocolCoverage {
    return {
      model: this.protocol.name,
      events: this.events,
      inputs: sorted(new Map([...this.inputs].flatMap(([role, byInput]) => [...byInput].map(([input, n]): [string, number] => [inputKey(role, input), n])))),
      transitions: sorted(this.transitions),
      marks: sorted(this.marks),
      states: this.states.result(),
    };
  }

  private transitionKeyOf(from: string, to: string): string {
    let byTo = this.transitionKeys.get(from);
    if (byTo === undefined) this.transitionKeys.set(from, (byTo = new Map()));
    let key = byTo.get(to);
    if (key === undefined) byTo.set(to, (key = transitionKey(from, to)));
    return key;
  }

  private countInput(role: string, input: string, hits: number): void {
    let byInput = this.inputs.get(role);
    if (byInput === undefined) this.inputs.set(role, (byInput = new Map()));
    byInput.set(input, (byInput.get(input) ?? 0) + hits);
  }
}

/** Coverage of one model before any run: every declared key at 0. */
export function emptyCoverage(protocol: AnyProtocol): ProtocolCoverage {
  return new CoverageCollector(protocol).result();
}

/** A running total of coverage: the first part as it is, every later one merged in. */
export function addCoverage(sum: ProtocolCoverage | null | undefined, more: ProtocolCoverage): ProtocolCoverage {
  return sum === null || sum === undefined ? more : mergeCoverage(sum, more);
}

/**
 * Coverage of both sets of runs (worker threads, CI shards): counts add up, states unite. Pure,
 * commutative and associative, with sorted keys, so any merge order gives byte-identical JSON.
 */
export function mergeCoverage(a: ProtocolCoverage, b: ProtocolCoverage): ProtocolCoverage {
  if (a.model !== b.model) throw new Error(`cannot merge coverage of ${a.model} with coverage of ${b.model}`);
  return {
    model: a.model,
    events: a.events + b.events,
    inputs: addCounts(a.inputs, b.inputs),
    transitions: addCounts(a.transitions, b.transitions),
    marks: addCounts(a.marks, b.marks),
    states: mergeDistinctStates(a.states, b.states),
  };
}

/** Keys with a zero count, in sorted order: what the runs never did. */
export function neverHit(counts: Record<string, number>): string[] {
  return Object.keys(counts).filter((key) => counts[key] === 0);
}

/** The empty coverage every merge can start from; `mergeCoverage(noCoverage(c.model), c)` is c. */
export const noCoverage = (model: string): ProtocolCoverage => ({ model, events: 0, inputs: {}, transitions: {}, marks: {}, states: NO_STATES });

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const sum = new Map<string, number>();
  for (const [key, n] of Object.entries(a)) sum.set(key, n);
  for (const [key, n] of Object.entries(b)) sum.set(key, (sum.get(key) ?? 0) + n);
  return sorted(sum);
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Keys in sorted order, so equal coverage serializes to equal bytes. */
function sorted(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => compare(a, b)));
}

function sortedUnique(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort(compare);
}

/** Code-unit order, the same in every locale (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
