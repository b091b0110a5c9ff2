import type { AnyProtocol } from '../protocol.js';
import type { Outcome } from '../world/types.js';

/** What runs exercised of a model: inputs per role, role transitions, coverage marks. */
export interface ProtocolCoverage {
  model: string;
  /** "role <- input": a message type or timer arriving at a node in that role, with hit counts. */
  inputs: Record<string, number>;
  /** "from -> to" role changes, with hit counts. */
  transitions: Record<string, number>;
  /** Coverage marks the model returned (DESIGN.md section 8), with hit counts. */
  marks: Record<string, number>;
}

/** Counts what each step exercised; fed from a run's onStep hook. Counts only: plain data. */
export class CoverageCollector {
  private readonly inputs = new Map<string, number>();
  private readonly transitions = new Map<string, number>();
  private readonly marks = new Map<string, number>();

  constructor(private readonly protocol: AnyProtocol) {}

  readonly onStep = (outcome: Outcome): void => {
    if (outcome.stepped === null || outcome.input === null) return;
    const before = outcome.roleBefore ?? 'down';
    bump(this.inputs, `${before} <- ${outcome.input}`);
    const after = outcome.world.nodes[outcome.stepped - 1].view?.role ?? 'down';
    if (after !== before) bump(this.transitions, `${before} -> ${after}`);
    for (const mark of outcome.marks) bump(this.marks, mark);
  };

  result(): ProtocolCoverage {
    return { model: this.protocol.name, inputs: sorted(this.inputs), transitions: sorted(this.transitions), marks: sorted(this.marks) };
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Keys in sorted order, so equal coverage serializes to equal bytes. */
function sorted(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
