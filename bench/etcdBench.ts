import { performance } from 'node:perf_hooks';
import { raft } from '../models/raft/index.js';
import { installBridge } from '../src/bridge/install.js';
import { builtinModel } from '../src/model/load.js';
import { checkModel } from '../src/run/check.js';
import { findProfile } from '../src/schedule/profiles.js';
import type { AnyProtocol } from '../src/shared/protocol.js';
import type { Figure } from './bench.js';

/** Events per second of one thread checking `protocol` under chaos for about `ms` (after a warm-up). */
function eventsPerSecond(protocol: AnyProtocol, nodes: number, ms: number): number {
  const options = { protocol, nodes, profile: findProfile('chaos')!, properties: protocol.promises, seed: 'bench' };
  checkModel({ ...options, runs: 5 });
  const started = performance.now();
  let events = 0;
  let runs = 0;
  while (performance.now() - started < ms) {
    events += checkModel({ ...options, runs: 10, firstRun: runs }).events;
    runs += 10;
  }
  return Math.round(events / ((performance.now() - started) / 1000));
}

/**
 * The real etcd/raft through the step bridge (one Go process, one round trip per event), on this
 * thread as one worker runs it, beside our own Raft model measured in the same run.
 */
export function etcdFigures(): Figure[] {
  installBridge();
  const etcd = builtinModel('etcd-raft');
  const figures: Figure[] = [];
  for (const nodes of [3, 5]) {
    const own = eventsPerSecond(raft, nodes, 2000);
    const bridged = eventsPerSecond(etcd, nodes, 3000);
    figures.push(
      { name: `raft (in-process) n=${nodes} chaos, 1 worker`, unit: 'events/s', value: own },
      { name: `etcd-raft (bridged Go) n=${nodes} chaos, 1 worker`, unit: 'events/s', value: bridged },
    );
  }
  return figures;
}
