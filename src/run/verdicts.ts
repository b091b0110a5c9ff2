import { join } from 'node:path';
import type { Verdict } from '../../properties/expectations.js';
import type { AnyProtocol, PropertyName } from '../shared/protocol.js';
import { safeFileName, safeNamePath } from '../shared/safeName.js';
import { MODEL_ERROR, type ModelErrorInChunk } from './chunkTask.js';
import type { CellResult, PropertyVerdict, TraceFile } from './results.js';

/** What a cell is expected to show for one property (a catalog entry; plain check expects every property to hold). */
export interface ExpectedVerdict {
  model: string;
  profile: string;
  property: PropertyName;
  expected: Verdict;
  reason: string | null;
}

/**
 * Where a cell's trace for `name` (a property, or the model error) goes, relative to the report
 * directory: `<model>/<profile>/<name>.trace.json`, each part a safe file name, so whatever a
 * model calls itself the file lands inside the report directory.
 */
export function tracePathOf(model: string, profile: string, name: string): string {
  return join(...safeNamePath(model), safeFileName(profile), `${safeFileName(name)}.trace.json`);
}

/**
 * The verdict of one cell: observed from the violation found (if any) in `runs` runs, with the
 * mismatch line when it differs from the expected one. An expected violation missed by an
 * interrupted run is told apart from a checker that lost power.
 */
export function propertyVerdict(cell: ExpectedVerdict, violation: PropertyVerdict['violation'], runs: number, interrupted: boolean): PropertyVerdict {
  const observed: Verdict = violation === null ? 'holds' : 'violated';
  return { property: cell.property, expected: cell.expected, reason: cell.reason, observed, violation, mismatch: mismatchOf(cell, violation, runs, interrupted) };
}

/** A cell the catalog leaves out (catalogTypes.ts NotChecked): no run judged it, so it cannot mismatch. */
export function notCheckedVerdict(cell: ExpectedVerdict): PropertyVerdict {
  return { property: cell.property, expected: 'not checked', reason: cell.reason, observed: 'not checked', violation: null, mismatch: null };
}

/** A model error as a verdict beside the properties: the model must never err, so it is always a mismatch. */
export function modelErrorVerdict(model: string, profile: string, error: ModelErrorInChunk, trace: string | null): PropertyVerdict {
  return {
    property: MODEL_ERROR,
    expected: 'holds',
    reason: null,
    observed: 'violated',
    violation: { property: MODEL_ERROR, step: error.step, detail: error.detail, run: error.run, trace },
    mismatch: `${model} / ${profile} / ${MODEL_ERROR}: in run ${error.run} at step ${error.step}: ${error.detail}`,
  };
}

/** A cell's model error: the verdict beside the properties, and the trace file it links. */
export function modelErrorOutcome(protocol: AnyProtocol, profile: string, error: ModelErrorInChunk): { file: TraceFile; verdict: PropertyVerdict } {
  const path = tracePathOf(protocol.name, profile, MODEL_ERROR);
  return {
    file: { kind: 'model-error', path, trace: error.trace, protocol, detail: error.detail, ...(error.hung === true ? { hung: true } : {}) },
    verdict: modelErrorVerdict(protocol.name, profile, error, path),
  };
}

/** Every mismatch line of the cells, in cell order. */
export function mismatchesOf(cells: readonly Pick<CellResult, 'properties'>[]): string[] {
  return cells.flatMap((c) => c.properties.flatMap((p) => (p.mismatch === null ? [] : [p.mismatch])));
}

function mismatchOf(cell: ExpectedVerdict, violation: PropertyVerdict['violation'], runs: number, interrupted: boolean): string | null {
  const name = `${cell.model} / ${cell.profile} / ${cell.property}`;
  if (cell.expected === 'holds' && violation !== null) {
    return `${name}: expected holds, but violated in run ${violation.run} at step ${violation.step}: ${violation.detail}`;
  }
  if (cell.expected === 'violated' && violation === null) {
    if (interrupted) return `${name}: expected violated (${cell.reason}), not found in the ${runs} runs done before the run was interrupted`;
    return `${name}: expected violated (${cell.reason}), but no violation found in ${runs} runs: the checker lost power`;
  }
  return null;
}
