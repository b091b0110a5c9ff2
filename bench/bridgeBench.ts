import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { installBridge } from '../src/bridge/install.js';
import { builtinModel, loadModelFile } from '../src/model/load.js';
import { checkModel } from '../src/run/check.js';
import { findProfile } from '../src/schedule/profiles.js';
import type { AnyProtocol, PropertyName } from '../src/shared/protocol.js';
import type { Figure } from './bench.js';

/** Events per second of `protocol` on this thread (one worker's worth), all its promises checked. */
function eventsPerSecond(protocol: AnyProtocol, nodes: number, profile: string, properties: readonly PropertyName[] = protocol.promises): number {
  // Only properties that hold: a violation would stop the runs and time the shrinker instead.
  const options = { protocol, nodes, profile: findProfile(profile)!, properties, seed: 'bench', coverage: false };
  checkModel({ ...options, runs: 10 }); // warm up the JIT and the process
  const started = performance.now();
  let events = 0;
  let runs = 0;
  while (performance.now() - started < 2000) {
    events += checkModel({ ...options, runs: 10, firstRun: runs }).events;
    runs += 10;
  }
  return Math.round(events / ((performance.now() - started) / 1000));
}

/**
 * The step bridge against the same protocol in process: Bully in Python (models/bridged/) and in
 * TypeScript, and a trivial Python adapter (the toy of the tests: every answer is one dict), so
 * the bridge's own cost shows apart from the adapter's.
 */
export async function bridgeBench(): Promise<Figure[]> {
  installBridge();
  const toy = await loadModelFile(fileURLToPath(new URL('../../test/fixtures/bridge/ok.json', import.meta.url)));
  return [
    { name: 'bully n=3 reliable (TypeScript, in process)', unit: 'events/s', value: eventsPerSecond(builtinModel('bully'), 3, 'reliable') },
    { name: 'python-bully n=3 reliable (bridged)', unit: 'events/s', value: eventsPerSecond(builtinModel('python-bully'), 3, 'reliable') },
    { name: 'bully n=5 chaos (TypeScript, in process)', unit: 'events/s', value: eventsPerSecond(builtinModel('bully'), 5, 'chaos', ['term-monotonic']) },
    { name: 'python-bully n=5 chaos (bridged)', unit: 'events/s', value: eventsPerSecond(builtinModel('python-bully'), 5, 'chaos', ['term-monotonic']) },
    { name: 'trivial Python adapter n=3 reliable (bridged)', unit: 'events/s', value: eventsPerSecond(toy, 3, 'reliable') },
  ];
}
