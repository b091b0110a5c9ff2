import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installBridge } from '../src/bridge/install.js';
import { resolveModel } from '../src/model/load.js';
import { decodeTrace } from '../src/trace/decode.js';
import { replay } from '../src/trace/replay.js';

/** Committed counterexamples: every one must still violate its recorded property at its recorded step. */
const dir = 'reports/regressions';

function traceFiles(path: string): string[] {
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    const full = join(path, entry.name);
    if (entry.isDirectory()) return traceFiles(full);
    return entry.name.endsWith('.trace.json') ? [full] : [];
  });
}

// Bridged built-ins (etcd-raft/seed-loop) load through the bridge's loader, as the CLI's do.
installBridge();
const files = traceFiles(dir).sort();

test('the regression corpus is not empty', (t) => {
  t.true(files.length >= 3);
});

for (const file of files) {
  test(`${file} still violates its recorded property at its recorded step`, async (t) => {
    const trace = decodeTrace(readFileSync(file, 'utf8'), file);
    t.truthy(trace.violation, 'a regression trace records the violation it reproduces');
    const protocol = await resolveModel(trace.model, trace.modelFile);
    const { violation } = replay(trace, protocol);
    t.is(violation?.property, trace.violation!.property);
    t.is(violation?.step, trace.violation!.step);
  });
}
