import test from 'ava';
import { PathTree } from '../src/explore/PathTree.js';
import type { PathLink } from '../src/explore/paths.js';

const events = (path: PathLink | null): number[] => {
  const out: number[] = [];
  for (let link = path; link !== null; link = link.parent) out.unshift(link.message);
  return out;
};

// pathOf keeps the last path made at each level and builds on it; asked in any order, every path
// must still be its own state's, step by step from the root.
test('the path tree gives every state its own path, whatever order they are asked in', (t) => {
  const tree = new PathTree();
  const one = (m: number) => tree.step({ parent: null, event: { kind: 'drop', id: 0 }, message: m });
  const two = (m: number) => tree.step({ parent: { parent: null, event: { kind: 'duplicate', id: 0 }, message: m }, event: { kind: 'deliver', id: 0 }, message: m + 1 });
  // Level 1: states 0, 1 from the root; level 2: 0, 1 from 1 and 2 from 0; level 3: 0 from 2, 1 from 0.
  tree.add(1, 0, one(10));
  tree.add(1, 0, two(20));
  tree.add(2, 1, one(30));
  tree.add(2, 1, one(31));
  tree.add(2, 0, two(40));
  tree.add(3, 2, one(50));
  tree.add(3, 0, one(51));
  const expected: Record<string, number[]> = {
    '1:0': [10],
    '1:1': [20, 21],
    '2:0': [20, 21, 30],
    '2:1': [20, 21, 31],
    '2:2': [10, 40, 41],
    '3:0': [10, 40, 41, 50],
    '3:1': [20, 21, 30, 51],
  };
  for (const order of [['3:1', '3:0', '2:1', '1:0', '2:2', '2:0', '1:1'], ['1:0', '1:1', '2:0', '2:1', '2:2', '3:0', '3:1', '3:0', '2:0']]) {
    for (const key of order) {
      const [depth, index] = key.split(':').map(Number);
      t.deepEqual(events(tree.pathOf(depth, index)), expected[key], key);
    }
  }
  t.is(tree.pathOf(0, 0), null);
});
