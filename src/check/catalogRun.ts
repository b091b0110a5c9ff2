import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Catalog, CATALOG_PROPERTIES, expectedCells, type ExpectedCell, type Verdict } from '../../properties/expectations.js';
import { propertiesNamed } from '../../properties/index.js';
import type { AnyProtocol, PropertyName } from '../protocol.js';
import { writeFileAtomic } from '../report/atomicWrite.js';
import { type ProfileName, type ProfileSpec, profileFor, profiles as allProfiles } from '../schedule/profiles.js';
import { randomRun } from '../schedule/randomRun.js';
import { runSeed } from '../schedule/rng.js';
import { encodeTrace } from '../trace/format.js';
import { createSystem } from '../world/world.js';
import { PerPropertyMonitor } from './catalogMonitor.js';
import { type CheckOptions, traceOfRun } from './check.js';
import type { Violation } from './monitor.js';
import { CoverageCollector, type ProtocolCoverage } from './protocolCoverage.js';

/** How much exploring each cell (model x profile) gets; it stops at whichever limit comes first. */
export interface CatalogBudget {
  runsPerCell: number;
  eventsPerCell: number;
}

export interface CatalogRunOptions {
  catalog: Catalog;
  /** The model a catalog row names (built-in models, or a test's). */
  model(name: string): AnyProtocol;
  profiles?: readonly ProfileSpec[];
  seed: string;
  budget: CatalogBudget;
  /** Directory for counterexample traces (`<model>/<profile>/<property>.trace.json`), or null. */
  out: string | null;
  /** Called when a cell starts, with the flat options it runs with (for the log). */
  onCellStart?(cell: { model: string; profile: ProfileSpec; nodes: number }): void;
  onCellDone?(cell: CellResult): void;
}

/** One model x profile x property cell: expected against observed. */
export interface PropertyVerdict {
  property: PropertyName;
  expected: Verdict;
  reason: string | null;
  observed: Verdict;
  /** The first violation found, the run it came from and its trace (relative to `out`). */
  violation: (Violation & { run: number; trace: string | null }) | null;
  /** Null when observed = expected; else one line naming the cell and what went wrong. */
  mismatch: string | null;
}

export interface CellResult {
  model: string;
  profile: ProfileName;
  nodes: number;
  runs: number;
  events: number;
  cutOffRuns: number[];
  properties: PropertyVerdict[];
  /** Protocol coverage of the cell's runs (merge cells with mergeCoverage). */
  coverage: ProtocolCoverage;
  /** Wall-clock time; the only non-deterministic field. */
  elapsedMs: number;
}

export interface CatalogResult {
  seed: string;
  budget: CatalogBudget;
  cells: CellResult[];
  mismatches: string[];
  elapsedMs: number;
}

export const DEFAULT_CATALOG_BUDGET: CatalogBudget = { runsPerCell: 2000, eventsPerCell: 1_000_000 };

/**
 * The main job: every catalog cell is explored with its own seeded runs, all properties judged in
 * the same runs; a property stops being checked once violated. It passes iff every observed
 * verdict equals the expected one: an unexpected violation is a bug, an expected violation not
 * found in the budget means the checker lost power.
 */
export function runCatalog(options: CatalogRunOptions): CatalogResult {
  const started = performance.now();
  const specs = options.profiles ?? allProfiles;
  const cells: CellResult[] = [];
  for (const row of options.catalog) {
    const protocol = options.model(row.model);
    for (const spec of specs) {
      const expected = expectedCells([row], [spec.name as ProfileName]);
      options.onCellStart?.({ model: row.model, profile: spec, nodes: row.nodes });
      const cell = runCell(options, protocol, spec, expected);
      cells.push(cell);
      options.onCellDone?.(cell);
    }
  }
  const mismatches = cells.flatMap((c) => c.properties.flatMap((p) => (p.mismatch === null ? [] : [p.mismatch])));
  return { seed: options.seed, budget: options.budget, cells, mismatches, elapsedMs: performance.now() - started };
}

function runCell(options: CatalogRunOptions, protocol: AnyProtocol, spec: ProfileSpec, expected: ExpectedCell[]): CellResult {
  const started = performance.now();
  const { nodes } = expected[0];
  const system = createSystem(protocol, nodes);
  const bound = protocol.livenessBoundTicks ?? 400;
  const found = new Map<PropertyName, PropertyVerdict['violation']>();
  let open = [...CATALOG_PROPERTIES];
  let runs = 0;
  let events = 0;
  const cutOffRuns: number[] = [];
  const coverage = new CoverageCollector(protocol);
  while (open.length > 0 && runs < options.budget.runsPerCell && events < options.budget.eventsPerCell) {
    const run = runs++;
    const seed = runSeed(options.seed, run);
    const monitor = new PerPropertyMonitor(propertiesNamed(open), bound);
    const result = randomRun({ system, profile: profileFor(spec, protocol, seed), monitor, seed, onStep: coverage.onStep });
    events += result.events.length;
    if (result.cutOff) cutOffRuns.push(run);
    const violations = monitor.violations(result.monitorState);
    open.forEach((property, i) => {
      const v = violations[i];
      if (v === null) return;
      // The trace stops at the violation and names only its property, so replay judges it alone.
      const cellOptions: CheckOptions = { protocol, nodes, profile: spec, properties: [property], seed: options.seed, runs: 1 };
      const stabilization = result.stabilization !== null && result.stabilization.step <= v.step ? result.stabilization : null;
      const trace = traceOfRun(cellOptions, run, { ...result, events: result.events.slice(0, v.step), violation: v, stabilization });
      const path = join(protocol.name, spec.name, `${property}.trace.json`);
      if (options.out !== null) writeFileAtomic(join(options.out, path), encodeTrace(trace));
      found.set(property, { ...v, run, trace: options.out === null ? null : path });
    });
    open = open.filter((_, i) => violations[i] === null);
  }
  const properties = expected.map((cell): PropertyVerdict => {
    const violation = found.get(cell.property) ?? null;
    const observed: Verdict = violation === null ? 'holds' : 'violated';
    return { property: cell.property, expected: cell.expected, reason: cell.reason, observed, violation, mismatch: mismatchOf(cell, violation, runs) };
  });
  return { model: protocol.name, profile: spec.name as ProfileName, nodes, runs, events, cutOffRuns, properties, coverage: coverage.result(), elapsedMs: performance.now() - started };
}

function mismatchOf(cell: ExpectedCell, violation: PropertyVerdict['violation'], runs: number): string | null {
  const name = `${cell.model} / ${cell.profile} / ${cell.property}`;
  if (cell.expected === 'holds' && violation !== null) {
    return `${name}: expected holds, but violated in run ${violation.run} at step ${violation.step}: ${violation.detail}`;
  }
  if (cell.expected === 'violated' && violation === null) {
    return `${name}: expected violated (${cell.reason}), but no violation found in ${runs} runs: the checker lost power`;
  }
  return null;
}
