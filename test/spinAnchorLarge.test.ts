import test from 'ava';
import spinRaft from '../bench/spin/raftElection.js';
import { explore } from '../src/explore/explore.js';
import { spinBounds } from './helpers/spinBounds.js';

// The anchor's two large exact counts (../shared/anchors/spin/RESULTS.md, SPIN 6.5.2, -DNOREDUCE):
// each search takes 10 to 30 CPU-seconds, more on a loaded machine, so they run once, here, with a
// timeout far past that. pan counts the initial state as a transition too: its transitions are ours + 1.
const configs = [
  { nodes: 3, maxTerm: 2, bag: 3, states: 1_745_503, transitions: 16_629_879 },
  { nodes: 4, maxTerm: 1, bag: 4, states: 1_600_013, transitions: 18_485_333 },
];

for (const { nodes, maxTerm, bag, states, transitions } of configs) {
  test(`explore counts exactly SPIN's ${states} states on n=${nodes}, T=${maxTerm}, bag ${bag}`, async (t) => {
    t.timeout(20 * 60_000);
    // Let the timeout reach ava's main process before the search holds this thread.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cpu = process.cpuUsage();
    const result = explore({ protocol: spinRaft, nodes, properties: ['election-safety', 'term-monotonic'], bounds: spinBounds(maxTerm, bag), symmetry: false });
    const used = process.cpuUsage(cpu);
    t.log(`${result.seconds.toFixed(1)} s wall, ${((used.user + used.system) / 1e6).toFixed(1)} CPU-s, ${result.bytesPerState.toFixed(1)} bytes/state`);
    t.true(result.complete);
    t.is(result.states, states);
    t.is(result.transitions + 1, transitions);
  });
}
