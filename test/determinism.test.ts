import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModels } from '../models/index.js';
import { allProperties } from '../properties/index.js';
import { checkModel } from '../src/run/check.js';
import { Monitor } from '../src/judge/monitor.js';
import { findProfile, profileFor, profiles } from '../src/schedule/profiles.js';
import { randomRun } from '../src/schedule/randomRun.js';
import { encodeTrace } from '../src/trace/format.js';
import { replay } from '../src/trace/replay.js';
import { createSystem } from '../src/world/world.js';
import type { AnyProtocol } from '../src/shared/protocol.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('sameSeedSameTrace: every model and profile gives the same events and worlds for the same seed', (t) => {
  for (const protocol of builtinModels) {
    for (const profile of profiles) {
      const system = createSystem(protocol, 3);
      // Every property, liveness and agreement included: they decide when a run ends.
      const monitor = new Monitor(allProperties, 400);
      const once = () => {
        const worlds: string[] = [];
        const r = randomRun({ system, profile: profileFor(profile, protocol, 'det'), monitor, seed: `det/${protocol.name}/${profile.name}`, onStep: (o) => worlds.push(JSON.stringify(o.world)) });
        return JSON.stringify(r.events) + worlds.join('\n');
      };
      t.is(once(), once(), `${protocol.name} / ${profile.name}`);
    }
  }
});

test('different seeds explore different executions', (t) => {
  const system = createSystem(builtinModels[0], 3);
  const monitor = new Monitor([], 400);
  const runOf = (seed: string) => JSON.stringify(randomRun({ system, profile: profileFor(findProfile('chaos')!, builtinModels[0], ''), monitor, seed }).events);
  t.not(runOf('a'), runOf('b'));
});

test('replayRoundTrips: a found violation replays to the same property at the same step', (t) => {
  const cases: [string, string, number][] = [
    ['raft/volatile-vote', 'crash', 3],
    ['raft/double-vote', 'reliable', 3],
    ['raft/majority-off-by-one', 'reliable', 4],
  ];
  for (const [name, profileName, nodes] of cases) {
    const protocol = builtinModels.find((m) => m.name === name)!;
    const result = checkModel({ protocol, nodes, profile: findProfile(profileName)!, properties: protocol.promises, seed: '11', runs: 5000 });
    t.truthy(result.found, name);
    const trace = result.found!.trace;
    const decoded = JSON.parse(encodeTrace(trace));
    t.deepEqual(replay(decoded, protocol).violation, trace.violation, name);
  }
});

test('purity: the step functions never mutate a state or message (states are deep-frozen)', (t) => {
  const freeze = (value: unknown): unknown => {
    if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const v of Object.values(value)) freeze(v);
    }
    return value;
  };
  for (const protocol of builtinModels) {
    const frozen: AnyProtocol = {
      ...protocol,
      init: (ctx) => freeze(protocol.init(ctx)) as ReturnType<AnyProtocol['init']>,
      step: (s, input, ctx) => freeze(protocol.step(s, freeze(input) as typeof input, ctx)) as ReturnType<AnyProtocol['step']>,
      recover: (stored, ctx) => freeze(protocol.recover(freeze(stored), ctx)) as ReturnType<AnyProtocol['recover']>,
    };
    // Strict-mode ESM: writing to a frozen object throws, so a mutating model fails here.
    t.notThrows(() => randomRun({ system: createSystem(frozen, 4), profile: profileFor(findProfile('chaos')!, builtinModels[0], ''), monitor: new Monitor([], 400), seed: 'freeze' }), protocol.name);
  }
});

test('models/ and properties/ use no clock, randomness or I/O', (t) => {
  const forbidden = /Math\.random|Date\b|performance\.|setTimeout|setInterval|process\.|from 'node:|require\(/;
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  walk(join(root, 'models'));
  walk(join(root, 'properties'));
  t.true(files.length > 5);
  for (const file of files) {
    const code = readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
    t.notRegex(code, forbidden, file);
  }
});
