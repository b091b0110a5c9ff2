import test from 'ava';
import { bullyNoReelection } from '../models/bully/index.js';
import { raft, raftDoubleVote } from '../models/raft/index.js';
import { liveness } from '../properties/liveness.js';
import { checkModel } from '../src/run/check.js';
import { findProfile } from '../src/schedule/profiles.js';
import { LassoTable, sameUpToTime, worldHashUpToTime } from '../src/judge/lasso.js';
import type { AnyProtocol } from '../src/shared/protocol.js';
import { replay } from '../src/trace/replay.js';
import type { InFlight, World, WorldEvent } from '../src/shared/world.js';
import { apply, boot, createSystem } from '../src/world/world.js';

/** The world as it would be `ticks` later with nothing happening, its messages renumbered. */
function shifted(world: World, ticks: number, idOffset = 100): World {
  return {
    ...world,
    now: world.now + ticks,
    nodes: world.nodes.map((slot) => ({ ...slot, timers: slot.timers.map((t) => ({ ...t, id: t.id + idOffset, setAt: t.setAt + ticks })) })),
    network: world.network.map((m) => ({ ...m, id: m.id + idOffset, sentAt: m.sentAt + ticks })),
  };
}

const booted = () => {
  const system = createSystem(raft, 3);
  return apply(system, boot(system), { kind: 'timer', node: 1, timer: 'election', at: 5 }).world;
};

test('a world hashes the same whether the world before it was hashed first (the hash reuses its slots and messages) or not', (t) => {
  const system = createSystem(raft, 3);
  const worlds: World[] = [];
  checkModel({ protocol: raft, nodes: 3, profile: findProfile('chaos')!, properties: [], seed: 'hash', runs: 3, onStep: (o) => worlds.push(o.world) });
  const inTurn = worlds.map((w) => worldHashUpToTime(w));
  const alone = worlds.map((w) => {
    worldHashUpToTime(boot(system)); // some other world, hashed in between
    return worldHashUpToTime({ ...w, nodes: w.nodes.map((slot) => ({ ...slot })), network: w.network.map((m) => ({ ...m })) });
  });
  t.true(worlds.length > 100);
  t.deepEqual(alone, inTurn);
  t.is(worldHashUpToTime(shifted(worlds[50], 7)), inTurn[50], 'a shift in time and new ids change nothing');
});

test('the same world some ticks on is a lasso, whatever the ids', (t) => {
  const world = booted();
  const table = new LassoTable();
  t.is(table.visit(world, 4), null);
  t.deepEqual(table.visit(shifted(world, 7), 9), { step: 4, ticks: 7 });
});

test('no lasso without time passing, or when an age or a state differs', (t) => {
  const world = booted();
  const table = new LassoTable();
  table.visit(world, 1);
  t.is(table.visit(shifted(world, 0), 2), null, 'a cycle in no time keeps no timing promise');
  const older: World = { ...shifted(world, 3), network: world.network.map((m, i) => ({ ...m, sentAt: m.sentAt + (i === 0 ? 2 : 3) })) };
  t.false(sameUpToTime(world, older));
  const otherState: World = { ...shifted(world, 3), nodes: world.nodes.map((s, i) => (i === 2 ? { ...s, stored: { currentTerm: 9 } } : s)) };
  t.false(sameUpToTime(world, otherState));
  t.true(sameUpToTime(world, { ...shifted(world, 3), network: [...shifted(world, 3).network].reverse() }), 'in-flight order does not matter');
});

/**
 * The claim behind a lasso: the cycle's events, replayed from the world it ends in with every
 * time moved on by its length, are enabled, keep every delay as it was, and come back to the same
 * world again, with no settled leader anywhere on the way. So the run never elects one.
 */
function pumpOnce(protocol: AnyProtocol, trace: Parameters<typeof replay>[0]) {
  const played = replay(trace, protocol);
  const detail = played.violation!.detail;
  const match = /step (\d+) repeats step (\d+) (\d+) ticks on/.exec(detail);
  if (match === null) throw new Error(`not a lasso: ${detail}`);
  const [end, start, ticks] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let world = played.steps[end].world;
  const settledOnTheWay: number[] = [];
  const delays: number[] = [];
  for (let step = start + 1; step <= end; step++) {
    const original = played.steps[step].event!;
    const before = played.steps[step - 1].world;
    let event: WorldEvent = { ...original, at: original.at! + ticks } as WorldEvent;
    if ('id' in original) {
      // The message of the same sender, receiver, content and age in the shifted world.
      const m = before.network.find((x) => x.id === original.id)!;
      const twin = world.network.find((x: InFlight) => x.from === m.from && x.to === m.to && x.sentAt === m.sentAt + ticks && JSON.stringify(x.msg) === JSON.stringify(m.msg));
      if (twin === undefined) throw new Error(`step ${step}: no twin of message ${m.id}`);
      delays.push(original.at! - m.sentAt);
      event = { ...event, id: twin.id } as WorldEvent;
    }
    world = apply(played.system, world, event).world;
    if (liveness.satisfied(world)) settledOnTheWay.push(step);
  }
  return { start, end, ticks, same: sameUpToTime(played.steps[end].world, world), settledOnTheWay, delays };
}

for (const [protocol, profile] of [
  [bullyNoReelection, 'lossy'],
  [raftDoubleVote, 'reliable'],
] as const) {
  test(`${protocol.name} under ${profile}: a liveness lasso that replays and pumps`, (t) => {
    const found = checkModel({ protocol, nodes: 3, profile: findProfile(profile)!, properties: ['liveness'], seed: '1', runs: 200 }).found;
    t.not(found, null);
    const trace = found!.trace;
    t.regex(trace.violation!.detail, /the run cycles: step \d+ repeats step \d+ \d+ ticks on/);
    t.deepEqual(replay(trace, protocol).violation, trace.violation);
    const pumped = pumpOnce(protocol, trace);
    t.true(pumped.ticks > 0);
    t.true(pumped.start >= trace.stabilization!.step, 'the cycle lies after faults stopped');
    t.true(pumped.same, 'one more turn of the cycle comes back to the same world');
    t.deepEqual(pumped.settledOnTheWay, []);
    // Repeated, every message is one sent after faults stopped: each must keep the stable delay.
    for (const delay of pumped.delays) t.true(delay >= 1 && delay <= protocol.synchronousDelayTicksMax!, `a delay of ${delay}`);
  });
}
