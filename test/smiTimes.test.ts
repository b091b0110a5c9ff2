import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import test from 'ava';

/**
 * The times of a random run stay small integers in V8's eyes (Smis), not boxed doubles. V8 gives
 * objects whose keys come in the same order one hidden class, and a field that once held a
 * non-integer (an Infinity meaning "never") keeps every number stored there boxed, in every
 * object of that class: then each event, world, message and timer of every run carries its time
 * as a heap number of its own, a seventh of the hot path's time (README, Simulation speed). Nothing
 * a run produces changes either way, so only V8 can tell: a child process with
 * --allow-natives-syntax runs chunks of every strategy under a profile without faults (whose
 * clocks answer "never") and under chaos, and asks %IsSmi of the times it saw.
 */

const dist = join(dirname(fileURLToPath(import.meta.url)), '..');
const url = (path: string): string => pathToFileURL(join(dist, path)).href;

const probe = `
const { findBuiltinModel } = await import(${JSON.stringify(url('models/index.js'))});
const { runChunk } = await import(${JSON.stringify(url('src/run/chunkTask.js'))});
const protocol = findBuiltinModel('raft');
let checked = 0;
const boxed = new Set();
const look = (what, value) => { checked++; if (!%IsSmi(value)) boxed.add(what); };
const onStep = (outcome, event) => {
  look('event.at', event.at);
  look('world.now', outcome.world.now);
  for (const m of outcome.sent) look('message.sentAt', m.sentAt);
  for (const slot of outcome.world.nodes) for (const t of slot.timers) look('timer.setAt', t.setAt);
};
for (const profile of ['reliable', 'chaos', 'crash', 'pauses'])
  for (const strategy of [undefined, { name: 'random+buggify' }, { name: 'pct', depth: 3 }, { name: 'mix' }])
    runChunk({ kind: 'chunk', mode: 'first', model: 'raft', nodes: 5, profile, properties: [...protocol.promises], seed: 'smi', firstRun: 0, runs: 30, strategy }, protocol, { coverage: false, onStep });
process.stdout.write(JSON.stringify({ checked, boxed: [...boxed] }));
`;

test('a random run keeps its times as small integers: no Infinity shares a hidden class with them', (t) => {
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', probe], { encoding: 'utf8' });
  const { checked, boxed } = JSON.parse(out) as { checked: number; boxed: string[] };
  t.true(checked > 10_000, `the probe saw the runs' times (${checked})`);
  t.deepEqual(boxed, [], 'times held as boxed doubles');
});
