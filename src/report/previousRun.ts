import { existsSync, lstatSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readJsonFile } from '../schema/validate.js';
import { isReportTracePath } from '../shared/safeName.js';
import type { SummaryJson } from './mergeSummaries.js';
import { counterexamplePaths } from './writeCounterexample.js';

/** The files of a run's summary, removed with its counterexamples so none outlives the traces it links. */
const SUMMARY_FILES = ['summary.json', 'summary.md', 'junit.xml'];

/**
 * Removes what the previous run into `out` left there: the counterexamples its summary.json links
 * (each trace with its .txt, .md and .html) and the summary itself, so a re-run into the same --out
 * never shows an old counterexample beside a new summary. Only files a leadercheck summary names,
 * under safe names inside `out`, are touched; a summary.json that is not one (or is damaged) is
 * left alone, with everything beside it. Returns the files removed.
 */
export function clearPreviousRun(out: string): string[] {
  const summary = join(out, 'summary.json');
  if (!existsSync(summary)) return [];
  let json: SummaryJson;
  try {
    json = readJsonFile(summary, 'summary') as SummaryJson;
  } catch {
    return [];
  }
  const removed: string[] = [];
  const remove = (path: string): void => {
    if (!existsSync(path)) return;
    rmSync(path);
    removed.push(path);
  };
  for (const cell of json.cells) {
    for (const p of cell.properties) {
      const trace = p.violation?.trace;
      if (trace == null || !isReportTracePath(trace)) continue;
      const paths = counterexamplePaths(join(out, trace));
      for (const path of [paths.trace, paths.text, paths.markdown, paths.html]) remove(path);
      removeEmptyFolders(dirname(join(out, trace)), out);
    }
  }
  for (const name of SUMMARY_FILES) remove(join(out, name));
  return removed;
}

/** Removes `dir` and its parents while they are real, empty folders, up to (not including) `out`; a symlink is left as it is. */
function removeEmptyFolders(dir: string, out: string): void {
  const top = resolve(out);
  for (let at = resolve(dir); at.startsWith(`${top}/`) && existsSync(at); at = dirname(at)) {
    if (!lstatSync(at).isDirectory() || readdirSync(at).length > 0) return;
    rmdirSync(at);
  }
}
