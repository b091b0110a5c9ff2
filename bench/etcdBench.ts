import { performance } from 'node:perf_hooks';
import { raft } from '../models/raft/index.js';
import { bridgeOf } from '../src/bridge/bridgedModel.js';
import { installBridge } from '../src/bridge/install.js';
import { builtinModel } from '../src/model/load.js';
import { checkModel } from '../src/run/check.js';
import { findProfile } from '../src/schedule/profiles.js';
import type { AnyProtocol } from '../src/shared/protocol.js';
import type { Figure } from './bench.js';

/** Events per second of one thread checking `protocol` under chaos for about `ms` (after a warm-up). */
function eventsPerSecond(protocol: AnyProtocol, nodes: number, ms: number): { perSecond: number; events: number } {
  const options = { protocol, nodes, profile: findProfile('chaos')!, properties: protocol.promises, seed: 'bench' };
  checkModel({ ...options, runs: 5 });
  const started = performance.now();
  let events = 0;
  let runs = 0;
  while (performance.now() - started < ms) {
    events += checkModel({ ...options, runs: 10, firstRun: runs }).events;
    runs += 10;
  }
  return { perSecond: Math.round(events / ((performance.now() - started) / 1000)), events };
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
    const own = eventsPerSecond(raft, nodes, 2000).perSecond;
    const stats = bridgeOf(etcd)!.host.stats;
    const tripsBefore = stats.roundTrips;
    const bridged = eventsPerSecond(etcd, nodes, 3000);
    figures.push(
      { name: `raft (in-process) n=${nodes} chaos, 1 worker`, unit: 'events/s', value: own },
      { name: `etcd-raft (bridged Go) n=${nodes} chaos, 1 worker`, unit: 'events/s', value: bridged.perSecond },
      // Counted from the warm-up on: what a bridged event costs in writes to the process, whatever the machine.
      { name: `etcd-raft (bridged Go) n=${nodes} chaos, round trips per event`, unit: 'trips/event', value: Math.round((100 * (stats.roundTrips - tripsBefore)) / bridged.events) / 100 },
    );
  }
  return figures;
}
