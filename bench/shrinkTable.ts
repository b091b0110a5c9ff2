import { availableParallelism } from 'node:os';
import { catalog } from '../properties/expectations.js';
import { propertiesNamed } from '../properties/index.js';
import { explore } from '../src/explore/explore.js';
import { builtinModel } from '../src/model/load.js';
import { DEFAULT_CATALOG_BUDGET, runCatalogParallel } from '../src/run/catalog.js';
import { chunkRunner } from '../src/run/pool.js';
import type { TraceFile } from '../src/run/results.js';
import { counted } from '../src/shared/counted.js';
import type { AnyProtocol, PropertyName } from '../src/shared/protocol.js';
import type { FaultProfile } from '../src/shared/profile.js';
import { profileFor, profileOfTrace, profiles } from '../src/schedule/profiles.js';
import { promisesSynchrony } from '../src/shrink/timing.js';
import type { Figure } from './bench.js';

/** States explore may visit for one shortest counterexample: enough for Raft's mutants, a bound for the rest. */
const EXPLORE_STATES_MAX = 200_000;

export interface ShrinkTableRow {
  cell: string;
  before: number;
  after: number;
  nodes: number;
  /** The shortest counterexample explore finds for the same model, nodes and property within the profile's kinds of fault; null where it cannot judge. */
  shortest: number | null;
}

/**
 * Every counterexample `npm run check` writes (the catalog, seed 1, its default budget), its
 * length as found and shrunk, and the shortest explore finds for it: a safety property, under a
 * profile with no timing promise (explore has no clock), with one of each fault the profile has.
 */
export async function shrinkTable(): Promise<ShrinkTableRow[]> {
  const runner = chunkRunner(Math.max(1, Math.min(2, availableParallelism())));
  const files: TraceFile[] = [];
  try {
    await runCatalogParallel({ catalog, model: builtinModel, profiles, seed: '1', budget: DEFAULT_CATALOG_BUDGET, runner, onCellDone: (_c, traces) => files.push(...traces) });
  } finally {
    await runner.close();
  }
  const shortestOf = new Map<string, number | null>();
  const rows: ShrinkTableRow[] = [];
  for (const file of files) {
    if (file.kind !== 'counterexample') continue;
    const { trace, protocol } = file;
    const property = trace.violation!.property;
    const profile = profileOfTrace(trace, protocol) ?? profileFor(profiles[0], protocol, '');
    // The cluster the counterexample was found on, whatever the shrunk one has.
    const nodes = catalogNodes(protocol.name);
    const key = `${protocol.name}|${nodes}|${JSON.stringify(profile)}|${property}`;
    if (!shortestOf.has(key)) shortestOf.set(key, exploreShortest(protocol, nodes, property, profile));
    rows.push({ cell: file.path.replace(/\.trace\.json$/, ''), before: file.shrunkFrom ?? trace.events.length, after: trace.events.length, nodes: trace.nodes, shortest: shortestOf.get(key)! });
  }
  return rows;
}

export function catalogNodes(model: string): number {
  return catalog.find((row) => row.model === model)?.nodes ?? 3;
}

export function exploreShortest(protocol: AnyProtocol, nodes: number, property: PropertyName, profile: FaultProfile): number | null {
  if (propertiesNamed([property])[0].kind !== 'safety' || promisesSynchrony(profile, protocol)) return null;
  const result = explore({
    protocol,
    nodes,
    properties: [property],
    symmetry: true,
    maxStates: EXPLORE_STATES_MAX,
    bounds: {
      maxTerm: 3,
      maxMessages: 2 * nodes,
      maxCrashes: profile.crashEveryTicks === null ? 0 : 1,
      maxPartitions: profile.partitionEveryTicks === null ? 0 : 1,
      maxDrops: profile.dropProbability > 0 ? 1 : 0,
      maxDups: profile.duplicateProbability > 0 ? 1 : 0,
      maxDepth: 60,
    },
  });
  return result.violation?.property === property ? result.violation.events.length : null;
}

/** The table in Markdown, as the README shows it. */
export function shrinkTableMarkdown(rows: readonly ShrinkTableRow[]): string {
  const lines = ['| counterexample | as found | shrunk | nodes | explore shortest |', '|---|---:|---:|---:|---:|'];
  for (const r of rows) lines.push(`| \`${r.cell}\` | ${r.before} | ${r.after} | ${r.nodes} | ${r.shortest ?? '-'} |`);
  return `${lines.join('\n')}\n`;
}

/** The table as figures: three per counterexample. */
export async function shrinkTableBench(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const row of await shrinkTable()) {
    figures.push({ name: `check ${row.cell}: as found`, unit: 'events', value: row.before });
    figures.push({ name: `check ${row.cell}: shrunk (${counted(row.nodes, 'node')})`, unit: 'events', value: row.after });
    if (row.shortest !== null) figures.push({ name: `check ${row.cell}: explore shortest`, unit: 'events', value: row.shortest });
  }
  return figures;
}
