import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog } from '../properties/expectations.js';
import { runCatalog } from '../src/run/catalog.js';
import { builtinModel } from '../src/model/load.js';
import { summaryMarkdown } from '../src/report/summary.js';
import { findProfile } from '../src/schedule/profiles.js';
import { cli } from './helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'leadercheck-cov-'));

test('summary.md has a protocol coverage section per model, never-hit first, with Raft elections and step-downs covered', (t) => {
  const table = catalog.filter((row) => row.model === 'raft' || row.model === 'bully');
  const profiles = [findProfile('crash')!, findProfile('partition')!];
  const result = runCatalog({ catalog: table, model: builtinModel, profiles, seed: '1', budget: { runsPerCell: 20, eventsPerCell: 100_000 } });
  // Coverage is folded per chunk (fixed run ranges), so it may include runs past a mid-chunk cut.
  for (const cell of result.cells) t.true(cell.coverage!.events >= cell.events, `${cell.model} / ${cell.profile}: coverage saw every counted event`);
  const md = summaryMarkdown(result);
  const sections = md.split(/\n## /).filter((s) => /^(raft|bully) \(/.test(s));
  t.is(sections.length, 2);
  for (const section of sections) {
    t.regex(section, /### Protocol coverage/);
    const coverage = section.slice(section.indexOf('### Protocol coverage'));
    const neverHit = coverage.indexOf('Never hit');
    t.true(neverHit > 0 && neverHit < coverage.indexOf('Hits per (role, input) pair'), 'never-hit comes before the hits');
  }
  const raft = sections.find((s) => s.startsWith('raft'))!;
  for (const transition of ['candidate -> leader', 'leader -> follower', 'candidate -> follower']) {
    t.regex(raft, new RegExp(`\\| \`${transition}\` \\| [1-9][0-9]* \\|`), transition);
  }
  t.regex(raft, /\| `follower -> leader` \| never \|/, 'a forbidden move shows as never hit');
});

test('check --all writes protocol.json, lcov and listings, byte-identical for the same seed', (t) => {
  const outs = [tmp(), tmp()];
  for (const out of outs) {
    const r = cli(['check', '--all', '--profile', 'crash', '--runs', '2', '--seed', '3', '--out', out]);
    t.true(r.code === 0 || r.code === 1, r.stderr);
    t.regex(r.stdout, /coverage\/protocol\.json/);
  }
  for (const file of ['coverage/protocol.json', 'coverage/protocol.lcov', 'coverage/protocol/raft.txt', 'coverage/protocol/ring/no-skip.txt']) {
    t.is(readFileSync(join(outs[0], file), 'utf8'), readFileSync(join(outs[1], file), 'utf8'), file);
  }
  const json = JSON.parse(readFileSync(join(outs[0], 'coverage/protocol.json'), 'utf8'));
  t.is(json.format, 'leadercheck/protocol-coverage@1');
  t.deepEqual(Object.keys(json.models), [...Object.keys(json.models)].sort());
  t.true(json.models.raft.events > 0);
});
