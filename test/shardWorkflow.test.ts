import test from 'ava';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// js-yaml (a devDependency) parses the workflow as a CI runner would.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const workflowPath = new URL('../../.github/workflows/leadercheck.yml', import.meta.url);

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  strategy?: { matrix: { shard: number[] } };
  steps: Step[];
}

test('the example workflow is valid YAML: test job, four catalog shards, a merge job posting the summary', (t) => {
  const workflow = yaml.load(readFileSync(workflowPath, 'utf8')) as { jobs: Record<string, Job> };
  const { test: tests, catalog, merge } = workflow.jobs;
  const runs = (job: Job) => job.steps.flatMap((s) => (s.run === undefined ? [] : [s.run]));
  t.true(runs(tests).includes('npm ci'));
  t.true(runs(tests).includes('npm test'));
  t.deepEqual(catalog.strategy!.matrix.shard, [1, 2, 3, 4]);
  t.true(runs(catalog).includes('npx leadercheck check --all --shard ${{ matrix.shard }}/4 --out shard-out'));
  t.true(catalog.steps.some((s) => s.uses?.startsWith('actions/upload-artifact') && s.with?.path === 'shard-out'));
  t.is(merge.needs, 'catalog');
  const mergeRun = runs(merge).find((r) => r.includes('leadercheck merge'))!;
  for (const k of [1, 2, 3, 4]) t.true(mergeRun.includes(`shards/leadercheck-shard-${k}`));
  t.true(runs(merge).some((r) => r.includes('merged/summary.md') && r.includes('$GITHUB_STEP_SUMMARY')));
  const upload = merge.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
  for (const ext of ['.trace.json', '.txt', '.md', '.html']) t.regex(String(upload.with!.path), new RegExp(`\\*${ext.replace('.', '\\.')}`));
});
