import test from 'ava';
import { fileURLToPath } from 'node:url';
import { fileCycles, importEdges, layeringProblems } from './helpers/importGraph.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

test('every import follows the layers of the README architecture section', (t) => {
  const edges = importEdges(repo, ['src', 'models', 'properties']);
  t.true(edges.length > 100, 'the import graph was read');
  t.deepEqual(layeringProblems(edges), []);
});

test('the layering rules catch an import upwards, a model reaching into src/, and two folders importing each other', (t) => {
  const problems = layeringProblems([
    { from: 'src/world/world.ts', to: 'src/run/check.ts' },
    { from: 'models/raft/step.ts', to: 'src/world/world.ts' },
    { from: 'src/world/world.ts', to: 'models/raft/index.ts' },
    { from: 'src/trace/replay.ts', to: 'src/schedule/profiles.ts' },
    { from: 'src/schedule/profiles.ts', to: 'src/trace/format.ts' },
  ]);
  t.true(problems.some((p) => /src\/world sits below src\/run/.test(p)));
  t.true(problems.some((p) => /models\/ may import only the shared types/.test(p)));
  t.true(problems.some((p) => /the world knows no model/.test(p)));
  t.true(problems.some((p) => /src\/schedule and src\/trace import each other/.test(p)));
});

test('no two files import each other, directly or round a longer loop', (t) => {
  t.deepEqual(fileCycles(importEdges(repo, ['src', 'models', 'properties'])), []);
  t.deepEqual(fileCycles([{ from: 'a.ts', to: 'b.ts' }, { from: 'b.ts', to: 'c.ts' }, { from: 'c.ts', to: 'a.ts' }]), ['a.ts -> b.ts -> c.ts -> a.ts']);
});
