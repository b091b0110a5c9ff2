import test from 'ava';
import { Ajv } from 'ajv';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_COVERAGE_FORMAT } from '../src/report/protocolCoverageJson.js';
import { SUMMARY_FORMAT } from '../src/report/summary.js';
import { validatorFor } from '../src/schema/compiled.js';
import { fieldPath } from '../src/schema/fieldPath.js';
import { formatOf, SCHEMA_FILES, schemaDocument, schemaPath, type SchemaName } from '../src/schema/schemas.js';
import { readJsonFile, validate } from '../src/schema/validate.js';
import { decodeTrace, readTraceFile } from '../src/trace/decode.js';
import { TRACE_FORMAT, type Trace } from '../src/trace/format.js';
import { cli } from './helpers/cli.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const names = Object.keys(SCHEMA_FILES) as SchemaName[];
const tmp = (label: string) => mkdtempSync(join(tmpdir(), `leadercheck-${label}-`));
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));

/** A validator as someone in another language would build it: the schema files alone, nothing of the reader. */
function plainValidator(name: SchemaName) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const other of names) ajv.addSchema(JSON.parse(readFileSync(schemaPath(other), 'utf8')));
  return ajv.getSchema(schemaDocument(name).$id)!;
}

test('every schema is a valid draft-07 schema with an $id, a title and a description on every field', (t) => {
  const ajv = new Ajv({ strict: true, strictRequired: false });
  for (const name of names) {
    const doc = schemaDocument(name);
    t.true(ajv.validateSchema(doc), `${SCHEMA_FILES[name]}: ${ajv.errorsText(ajv.errors)}`);
    t.is(doc.$schema, 'http://json-schema.org/draft-07/schema#');
    t.true(doc.$id.endsWith(`/schemas/${SCHEMA_FILES[name]}`), doc.$id);
    t.is(doc.title, formatOf(name));
    t.is(typeof doc.description, 'string');
    t.deepEqual(undescribedFields(doc), [], SCHEMA_FILES[name]);
  }
});

/**
 * The paths of fields (`properties` entries) with no description of their own nor on the local
 * definition they $ref. Walks subschemas only, not `if` conditions, which describe no field.
 */
function undescribedFields(doc: Record<string, unknown>): string[] {
  type Schema = Record<string, unknown>;
  const definitions = (doc.definitions ?? {}) as Record<string, Schema>;
  const described = (schema: Schema): boolean => {
    if (typeof schema.description === 'string') return true;
    if (typeof schema.$ref !== 'string') return false;
    // A $ref into another file is described there (its own test covers it).
    return !schema.$ref.startsWith('#/definitions/') || typeof definitions[schema.$ref.slice(14)]?.description === 'string';
  };
  const missing: string[] = [];
  const walk = (schema: Schema, at: string): void => {
    for (const [field, child] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
      if (!described(child)) missing.push(`${at}.${field}`);
      walk(child, `${at}.${field}`);
    }
    for (const key of ['items', 'additionalProperties', 'then']) {
      if (typeof schema[key] === 'object' && schema[key] !== null) walk(schema[key] as Schema, `${at}/${key}`);
    }
    for (const key of ['allOf', 'anyOf']) ((schema[key] ?? []) as Schema[]).forEach((child, i) => walk(child, `${at}/${key}/${i}`));
    for (const [name, child] of Object.entries((schema.definitions ?? {}) as Record<string, Schema>)) walk(child, `#/definitions/${name}`);
  };
  walk(doc, '');
  return missing;
}

test('the schemas name the formats the writers write, and the package ships them', (t) => {
  t.is(formatOf('trace'), TRACE_FORMAT);
  t.is(formatOf('summary'), SUMMARY_FORMAT);
  t.is(formatOf('protocolCoverage'), PROTOCOL_COVERAGE_FORMAT);
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { files: string[]; dependencies: Record<string, string> };
  t.true(pkg.files.includes('schemas'));
  t.truthy(pkg.dependencies.ajv);
  // A JavaScript user finds them by package name (`exports` would hide an unlisted path).
  for (const name of names) t.is(fileURLToPath(import.meta.resolve(`leadercheck/schemas/${SCHEMA_FILES[name]}`)), schemaPath(name));
});

test('each schema is compiled once', (t) => {
  t.is(validatorFor('trace'), validatorFor('trace'));
  t.not(validatorFor('trace'), validatorFor('summary'));
});

test('a command that reads no file does not load ajv', (t) => {
  const probe = `
    import { createRequire } from 'node:module';
    const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('/node_modules/ajv/'));
    await import('./dist/src/cli/main.js');
    const before = loaded();
    const { decodeTrace } = await import('./dist/src/trace/decode.js');
    try { decodeTrace('{}', 'probe'); } catch {}
    process.stdout.write(JSON.stringify([before, loaded()]));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: repo, encoding: 'utf8' });
  t.deepEqual(JSON.parse(r.stdout), [false, true], r.stderr);
});

test('every file check writes validates against its schema: catalog, sharded plain check, swarm and model-error traces', (t) => {
  const catalog = tmp('schema-all');
  const shard = tmp('schema-shard');
  const erred = tmp('schema-erred');
  cli(['check', '--all', '--profile', 'crash', '--runs', '10', '--budget', '20000', '--workers', '1', '--out', catalog]);
  cli(['check', 'raft/volatile-vote', '--profile', 'swarm', '--runs', '400', '--shard', '1/2', '--workers', '1', '--out', shard]);
  cli(['check', '--model-file', 'test/fixtures/throwing.mjs', '--profile', 'lossy', '--runs', '3', '--workers', '1', '--out', erred]);
  const seen = { trace: 0, summary: 0, protocolCoverage: 0, cellCoverage: 0 };
  const traces: Trace[] = [];
  for (const file of [catalog, shard, erred].flatMap(filesUnder).filter((f) => f.endsWith('.json'))) {
    const name: SchemaName | undefined = file.endsWith('.trace.json')
      ? 'trace'
      : file.endsWith('summary.json')
        ? 'summary'
        : file.endsWith('protocol.json')
          ? 'protocolCoverage'
          : file.endsWith('cells.json')
            ? 'cellCoverage'
            : undefined;
    if (name === undefined) {
      t.fail(`${file} is JSON of no known format`);
      continue;
    }
    seen[name]++;
    if (name === 'trace') traces.push(readTraceFile(file));
    else readJsonFile(file, name);
    const plain = plainValidator(name);
    t.true(plain(JSON.parse(readFileSync(file, 'utf8'))), `${file}: ${JSON.stringify(plain.errors)}`);
  }
  t.deepEqual(seen, { trace: seen.trace, summary: 3, protocolCoverage: 3, cellCoverage: 2 });
  t.true(seen.trace >= 5, `${seen.trace} traces`);
  t.true(traces.some((trace) => trace.profileOptions !== undefined), 'a swarm trace records what it drew');
  t.true(traces.some((trace) => trace.violation === null), 'a model-error trace has no violation');
  t.true(traces.some((trace) => trace.stabilization !== undefined), 'a liveness trace says when faults stopped');
});

test('every trace in reports/regressions validates against the trace schema', (t) => {
  const dir = join(repo, 'reports/regressions');
  const files = readdirSync(dir).filter((f) => f.endsWith('.trace.json'));
  t.true(files.length > 0);
  const plain = plainValidator('trace');
  for (const file of files) {
    t.notThrows(() => readTraceFile(join(dir, file)), file);
    t.true(plain(JSON.parse(readFileSync(join(dir, file), 'utf8'))), `${file}: ${JSON.stringify(plain.errors)}`);
  }
});

test('a hand-written trace needs only format, model, nodes and events, and may name messages by selector', (t) => {
  const trace = {
    format: 'leadercheck/trace@1',
    model: 'raft',
    nodes: 3,
    events: [
      { kind: 'timer', node: 1, timer: 'election' },
      { kind: 'deliver', from: 1, to: 2, type: 'RequestVote' },
      { kind: 'drop', to: 3 },
      { kind: 'partition', groups: [[1], [2, 3]] },
      { kind: 'heal' },
      { kind: 'crash', node: 2 },
      { kind: 'restart', node: 2 },
    ],
  };
  t.deepEqual(decodeTrace(JSON.stringify(trace), 'hand.json'), trace);
  t.true(plainValidator('trace')(trace));
});

const base = { format: 'leadercheck/trace@1', model: 'raft', nodes: 3 };

test('an invalid trace is one line naming the field, exit 2', (t) => {
  const cases: [unknown, RegExp][] = [
    [{ ...base, events: [{ kind: 'timer', node: 1, timer: 'election' }, { kind: 'timer', node: '2', timer: 'election' }] }, /: events\[1\]\.node: must be an integer, got "2"$/],
    [{ ...base, events: [{ kind: 'crash', node: 1 }, { kind: 'restart', node: 1 }, { kind: 'heal' }, { kind: 'crash', node: 4 }] }, /: events\[3\]\.node: must be an integer 1\.\.3, got 4$/],
    [{ ...base, events: [{ kind: 'deliver' }] }, /: events\[0\]: must have id, from, to or type$/],
    [{ ...base, events: [{ kind: 'partition', groups: [[1], [2, 5]] }] }, /: events\[0\]\.groups\[1\]\[1\]: must be an integer 1\.\.3, got 5$/],
    [{ ...base, events: [{ kind: 'timer', node: 1 }] }, /: events\[0\]\.timer: is required$/],
    [{ ...base, events: [], stabilization: { step: 0 } }, /: stabilization\.boundTicks: is required$/],
    [{ ...base, events: [], violation: { property: 'liveness', step: -1, detail: '' } }, /: violation\.step: must be an integer >= 0, got -1$/],
    [{ ...base, format: 'leadercheck/trace@2', events: 'later' }, /: format: must be "leadercheck\/trace@1", got "leadercheck\/trace@2"$/],
    [{ ...base, nodes: 0, events: [] }, /: nodes: must be an integer >= 1, got 0$/],
    [[base], /bad\.json: must be an object, got an array$/],
  ];
  const dir = tmp('schema-bad');
  for (const [trace, message] of cases) {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(trace));
    const r = cli(['replay', file]);
    t.is(r.code, 2, r.stderr);
    t.is(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    t.regex(r.stderr.trimEnd(), message);
  }
});

test('merge names the field of an invalid summary.json or cells.json, exit 2', (t) => {
  const summary = {
    format: 'leadercheck/summary@1',
    ok: true,
    seed: '1',
    budget: { runsPerCell: 2, eventsPerCell: 100 },
    mismatches: [],
    cells: [{ model: 'raft', profile: 'crash', nodes: 3, runs: 'many', events: 0, cutOffRuns: [], properties: [] }],
    timings: { totalMs: 1, cells: [] },
  };
  const dir = tmp('schema-merge');
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
  const r = cli(['merge', dir, '--out', tmp('schema-merged')]);
  t.is(r.code, 2, r.stderr);
  t.regex(r.stderr.trimEnd(), /^leadercheck: merge: .*summary\.json: cells\[0\]\.runs: must be an integer, got "many"$/);
  const cells = { format: 'leadercheck/cell-coverage@1', cells: [{ model: 'raft', profile: 'crash', coverage: {} }] };
  t.throws(() => validate(cells, 'cellCoverage', 'cells.json'), { message: /^cells\.json: cells\[0\]\.firstRun: is required$/ });
  mkdirSync(join(dir, 'coverage'));
  writeFileSync(join(dir, 'coverage', 'protocol.json'), '{"format": "leadercheck/protocol-coverage@1", "models": {"raft": 3}}');
  t.throws(() => readJsonFile(join(dir, 'coverage', 'protocol.json'), 'protocolCoverage', 'p.json'), { message: /^p\.json: models\.raft: must be an object, got 3$/ });
});

test('a JSON pointer reads as the field is written in code', (t) => {
  const value = { events: [{ node: 1 }], models: { '1': { inputs: { 'leader <- tick': 0 } }, 'raft/x': {} } };
  t.is(fieldPath('/events/0/node', value), 'events[0].node');
  t.is(fieldPath('/models/1/inputs/leader <- tick', value), 'models["1"].inputs["leader <- tick"]');
  t.is(fieldPath('/models/raft~1x', value), 'models["raft/x"]');
  t.is(fieldPath('', value), '');
});
