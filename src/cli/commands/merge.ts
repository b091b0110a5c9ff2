import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { InputError } from '../../shared/errors.js';
import { isReportTracePath } from '../../shared/safeName.js';
import { decodeTrace } from '../../trace/decode.js';
import { traceFileText, withModelFileFromCwd } from '../../trace/modelFilePath.js';
import { writeFileAtomic } from '../../report/atomicWrite.js';
import { prepareOutDir } from '../../report/outDir.js';
import { mergeSummaries, type ShardSummary, type SummaryJson } from '../../report/mergeSummaries.js';
import { CELL_COVERAGE_FILE, writeCatalogReports } from '../../report/summary.js';
import { parseProtocolCoverage } from '../../report/protocolCoverageJson.js';
import { addCoverage, type ProtocolCoverage } from '../../coverage/protocolCoverage.js';
import { counterexamplePaths } from '../../report/writeCounterexample.js';
import { readJsonFile } from '../../schema/validate.js';
import { parse } from '../args.js';
import { defineCommand } from '../commandSpec.js';

export const mergeSpec = defineCommand({
  name: 'merge',
  summary: 'the --out directories of `check --shard K/N` runs into one set of reports',
  usage: ['DIR...'],
  options: {
    out: { type: 'string', placeholder: 'DIR', help: 'directory for the merged summary.md, summary.json, junit.xml and counterexamples', default: 'reports' },
  },
  notes: ['Exit 0 when every merged cell is as expected, 1 otherwise.'],
});

/**
 * `leadercheck merge DIR... [--out DIR]`: the shards of one `check --shard K/N` run (each DIR an
 * --out of one shard) into one summary.md, summary.json and junit.xml, with the counterexamples
 * the merged verdicts name copied beside them. Exit 0 iff every merged cell is as expected.
 */
export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(mergeSpec, argv);
  if (positionals.length === 0) throw new InputError('merge: give the output directories of the shards (leadercheck merge DIR... --out DIR)');
  const out = values.out ?? 'reports';
  prepareOutDir(out, 'merge');
  const shards = positionals.map(readShard);
  if (shards[0].json.kind === 'check') {
    // Coverage folded from some slices and not others would be counted short without a word.
    const withCells = shards.filter((shard) => existsSync(join(shard.dir, 'coverage', CELL_COVERAGE_FILE)));
    if (withCells.length > 0 && withCells.length < shards.length) {
      const without = shards.find((shard) => !withCells.includes(shard))!;
      throw new InputError(`merge: ${without.dir} has no coverage/${CELL_COVERAGE_FILE} but ${withCells[0].dir} has: shards of different leadercheck versions?`);
    }
    for (const shard of withCells) attachCellCoverage(shard);
  }
  const { result, cells } = mergeSummaries(shards);
  let copied = 0;
  for (const { cell, dir } of cells) {
    for (const p of cell.properties) {
      const trace = p.violation?.trace;
      if (trace == null) continue;
      const from = counterexamplePaths(join(dir, trace));
      const to = counterexamplePaths(join(out, trace));
      for (const key of ['trace', 'text', 'markdown', 'html'] as const) {
        if (from[key] === to[key] || !existsSync(from[key])) continue;
        writeFileAtomic(to[key], key === 'trace' ? movedTrace(from.trace, to.trace) : readFileSync(from[key], 'utf8'));
        copied++;
      }
    }
  }
  // Plain check's cells carry their own coverage, folded with their run slices.
  if (shards[0].json.kind !== 'check') attachShardCoverage(shards, cells);
  const files = writeCatalogReports(out, result);
  const ok = result.mismatches.length === 0;
  process.stdout.write(
    `merged ${shards.length} shard${shards.length === 1 ? '' : 's'}: ${result.cells.length} cells, ${copied} counterexample files copied\n` +
      `${ok ? 'PASS: every observed verdict is the expected one' : `FAIL: ${result.mismatches.length} cells differ from what was expected`}\n` +
      result.mismatches.map((m) => `  MISMATCH ${m}\n`).join('') +
      `reports: ${files.join(', ')}\n`,
  );
  return ok ? 0 : 1;
}

/**
 * Each shard's coverage/protocol.json holds its cells' coverage merged per model. Merging is exact
 * and order-free, so hanging each shard's per-model coverage on one of its cells of that model gives
 * the same totals as the unsharded run's cells.
 */
function attachShardCoverage(shards: readonly ShardSummary[], cells: ReturnType<typeof mergeSummaries>['cells']): void {
  for (const shard of shards) {
    const path = join(shard.dir, 'coverage', 'protocol.json');
    if (!existsSync(path)) continue;
    for (const coverage of parseProtocolCoverage(readFileSync(path, 'utf8'), path)) {
      const holder = cells.find((c) => c.dir === shard.dir && c.cell.model === coverage.model);
      if (holder === undefined) continue;
      holder.cell.coverage = addCoverage(holder.cell.coverage, coverage);
    }
  }
}

/** Plain check: each cell's coverage (coverage/cells.json) onto its summary cell, by model, profile and slice. */
function attachCellCoverage(shard: ShardSummary): void {
  const path = join(shard.dir, 'coverage', CELL_COVERAGE_FILE);
  if (!existsSync(path)) return;
  const body = readJsonFile(path, 'cellCoverage', `merge: ${path}`) as { cells: { model: string; profile: string; firstRun: number; coverage: ProtocolCoverage }[] };
  for (const entry of body.cells) {
    const cell = shard.json.cells.find((c) => c.model === entry.model && c.profile === entry.profile && (c.firstRun ?? 0) === entry.firstRun);
    if (cell !== undefined) cell.coverage = entry.coverage;
  }
}

/**
 * A shard's summary.json, validated against schemas/summary.schema.json. Its trace paths are
 * copied by: each must be one `check` writes, inside the shard under safe names, or merging would
 * write where the summary says (`../outside.trace.json`) rather than inside --out.
 */
function readShard(dir: string): ShardSummary {
  const path = join(dir, 'summary.json');
  if (!existsSync(path)) throw new InputError(`merge: ${path}: no such file (is ${dir} the --out of a check run?)`);
  const json = readJsonFile(path, 'summary', `merge: ${path}`) as SummaryJson;
  json.cells.forEach((cell, i) =>
    cell.properties.forEach((p, j) => {
      const trace = p.violation?.trace;
      if (trace == null || isReportTracePath(trace)) return;
      throw new InputError(
        `merge: ${path}: cells[${i}].properties[${j}].violation.trace: ${JSON.stringify(trace)} is not a trace path inside the shard; was the summary edited? Rerun the shard`,
      );
    }),
  );
  return { dir, json };
}

/**
 * A shard's trace as it reads at its place under --out: a modelFile recorded relative to the
 * trace is made relative to the new place; any other trace is copied byte for byte.
 */
function movedTrace(from: string, to: string): string {
  const text = readFileSync(from, 'utf8');
  if (!text.includes('"modelFile"')) return text;
  const trace = decodeTrace(text, from);
  return trace.modelFile === undefined || isAbsolute(trace.modelFile) ? text : traceFileText(withModelFileFromCwd(trace, from), to);
}
