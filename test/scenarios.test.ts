import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { bully } from '../models/bully/index.js';
import { raft } from '../models/raft/index.js';
import { ring } from '../models/ring/index.js';
import { settledLeader } from '../properties/liveness.js';
import { propertiesNamed } from '../properties/index.js';
import { Monitor } from '../src/judge/monitor.js';
import type { AnyProtocol, NodeId } from '../src/shared/protocol.js';
import { scriptedOnlyProfile } from '../src/schedule/profiles.js';
import { randomRun, type ScriptedEvent } from '../src/schedule/randomRun.js';
import type { World, WorldEvent } from '../src/shared/world.js';
import { createSystem } from '../src/world/world.js';

// The article's scenarios ("Who's the Boss?", /work/shared/seeds/001): ids 1..3 stand for A, B, C.

const models: readonly AnyProtocol[] = [raft, bully, ring];

const calm = scriptedOnlyProfile;

/** The timer that makes a follower suspect its leader and start an election. */
const suspectTimer = (protocol: AnyProtocol): string => (protocol.name === 'raft' ? 'election' : 'leader-timeout');

interface Scenario {
  protocol: AnyProtocol;
  nodes?: number;
  seed?: string;
  scripted?: ScriptedEvent[];
  /** The run ends once this holds (after the scripted events are spent). */
  done(world: World): boolean;
}

/** One seeded run with scripted events, judged by the model's safety promises at every step. */
function run(scenario: Scenario) {
  const { protocol } = scenario;
  const system = createSystem(protocol, scenario.nodes ?? 3);
  const safety = protocol.promises.filter((p) => p !== 'liveness');
  const events: WorldEvent[] = [];
  const scripted = scenario.scripted ?? [];
  const lastScriptAt = Math.max(0, ...scripted.map((s) => s.at));
  const result = randomRun({
    system,
    profile: calm,
    monitor: new Monitor(propertiesNamed(safety), null),
    seed: scenario.seed ?? '1',
    scripted,
    horizonTicks: lastScriptAt + 2000,
    until: (world) => world.now >= lastScriptAt && scenario.done(world),
    onStep: (_outcome, event) => events.push(event),
  });
  return { ...result, events };
}

/** Node ids that are up, as the live nodes see the world. */
function upNodes(world: World): NodeId[] {
  return world.nodes.flatMap((slot, i) => (slot.up ? [i + 1] : []));
}

function leaderOf(world: World): NodeId | null {
  return settledLeader(world);
}

const at = (time: number, make: (world: World) => WorldEvent | null): ScriptedEvent => ({ at: time, make });

for (const protocol of models) {
  const name = protocol.name;

  test(`${name}: all start at once; eventually exactly one leader and the others name it`, (t) => {
    const r = run({ protocol, done: (w) => leaderOf(w) !== null });
    t.is(r.violation, null);
    const leader = leaderOf(r.world);
    t.not(leader, null);
    const views = r.world.nodes.map((s) => s.view!);
    t.is(views.filter((v) => v.role === 'leader').length, 1);
    t.true(views.every((v) => v.leader === leader));
  });

  test(`${name}: the leader fails; the other two elect a new one and the survivor names it`, (t) => {
    let first: NodeId | null = null;
    const r = run({
      protocol,
      scripted: [
        at(100, (w) => {
          first = leaderOf(w);
          return first === null ? null : { kind: 'crash', node: first };
        }),
      ],
      done: (w) => leaderOf(w) !== null,
    });
    t.not(first, null);
    t.is(r.violation, null);
    const second = leaderOf(r.world);
    t.not(second, null);
    t.not(second, first);
    t.false(r.world.nodes[first! - 1].up);
    for (const node of upNodes(r.world)) t.is(r.world.nodes[node - 1].view!.leader, second);
  });

  test(`${name}: two nodes start an election at the same moment; only one wins`, (t) => {
    let crashed: NodeId | null = null;
    const survivors = (): NodeId[] => [1, 2, 3].filter((n) => n !== crashed);
    const timer = suspectTimer(protocol);
    const r = run({
      protocol,
      scripted: [
        at(100, (w) => {
          crashed = leaderOf(w);
          return crashed === null ? null : { kind: 'crash', node: crashed };
        }),
        // Both survivors give up on the leader in the same tick, before any timer of theirs would.
        at(101, () => ({ kind: 'timer', node: survivors()[0], timer })),
        at(101, () => ({ kind: 'timer', node: survivors()[1], timer })),
      ],
      done: (w) => leaderOf(w) !== null,
    });
    t.not(crashed, null);
    const starts = r.events.filter((e) => e.kind === 'timer' && e.timer === timer && e.at === 101);
    t.deepEqual(
      starts.map((e) => (e as { node: NodeId }).node),
      survivors(),
    );
    // The safety promises (single-leader for Bully and Ring, election-safety for Raft) held throughout.
    t.is(r.violation, null);
    const winner = leaderOf(r.world);
    t.true(winner !== null && survivors().includes(winner));
    t.is(r.world.nodes.filter((s) => s.view?.role === 'leader').length, 1);
  });

  test(`${name}: the new leader fails during the election it just won; a leader still emerges`, (t) => {
    let first: NodeId | null = null;
    let second: NodeId | null = null;
    // Watch every tick after the first crash for a node that leads before all others know it.
    const watch: ScriptedEvent[] = [];
    for (let time = 101; time < 400; time++) {
      watch.push(
        at(time, (w) => {
          if (second !== null) return null;
          const fresh = w.nodes.findIndex((s, i) => s.view?.role === 'leader' && i + 1 !== first) + 1;
          if (fresh === 0 || leaderOf(w) === fresh) return null;
          second = fresh;
          return { kind: 'crash', node: fresh };
        }),
      );
    }
    const r = run({
      protocol,
      scripted: [
        at(100, (w) => {
          first = leaderOf(w);
          return first === null ? null : { kind: 'crash', node: first };
        }),
        ...watch,
        // Raft needs a majority of 3, so its first leader comes back; Bully and Ring elect the lone
        // survivor (a restarted Bully node would declare itself at once, next to the survivor).
        at(450, () => (first === null || name !== 'raft' ? null : { kind: 'restart', node: first })),
      ],
      done: (w) => leaderOf(w) !== null,
    });
    t.not(first, null);
    t.not(second, null, 'a new leader was caught before the others had all learned of it');
    t.is(r.violation, null);
    const leader = leaderOf(r.world);
    t.not(leader, null);
    t.not(leader, second);
    for (const node of upNodes(r.world)) t.is(r.world.nodes[node - 1].view!.leader, leader);
  });

  test(`${name}: all nodes fail at once; no leader, and nobody believes in a crashed leader once it learns`, (t) => {
    let old: NodeId | null = null;
    let afterCrash: World | null = null;
    const r = run({
      protocol,
      scripted: [
        at(100, (w) => {
          old = leaderOf(w);
          return { kind: 'crash', node: 1 };
        }),
        at(100, () => ({ kind: 'crash', node: 2 })),
        at(100, () => ({ kind: 'crash', node: 3 })),
        at(101, (w) => {
          afterCrash = w;
          return null;
        }),
        // Everyone but the old leader comes back.
        ...[1, 2, 3].map((node) => at(150, () => (node === old ? null : { kind: 'restart', node }))),
      ],
      done: (w) => leaderOf(w) !== null,
    });
    t.not(old, null);
    t.true(afterCrash !== null && upNodes(afterCrash).length === 0);
    t.is(leaderOf(afterCrash!), null);
    t.is(r.violation, null);
    const leader = leaderOf(r.world);
    t.not(leader, null);
    t.not(leader, old);
    for (const node of upNodes(r.world)) t.not(r.world.nodes[node - 1].view!.leader, old);
  });

  test(`${name}: 2 to 10 nodes each elect exactly one leader`, (t) => {
    for (let nodes = 2; nodes <= 10; nodes++) {
      const r = run({ protocol, nodes, seed: `n${nodes}`, done: (w) => leaderOf(w) !== null });
      t.is(r.violation, null, `${nodes} nodes`);
      const leader = leaderOf(r.world);
      t.not(leader, null, `${nodes} nodes`);
      // Bully and Ring elect the highest id; Raft whoever wins a majority first.
      if (name !== 'raft') t.is(leader, nodes, `${nodes} nodes`);
    }
  });
}

test('simulate tells the Bully story in the article words, first leader included', (t) => {
  const cli = fileURLToPath(new URL('../../bin/leadercheck.js', import.meta.url));
  const story = execFileSync(process.execPath, [cli, 'simulate', 'bully', '--nodes', '3', '--seed', '1', '--crash-leader-at', '100'], {
    encoding: 'utf8',
  });
  const lines = story.split('\n').map((line) => line.replace(/^\[t=\s*\d+\] /, ''));
  const order = ['Node 3: I am the leader!', 'Node 1: Node 3 is the leader.', 'Node 3 fails.', 'Node 2: I am the leader!', 'Node 1: Node 2 is the leader.'];
  const positions = order.map((line) => lines.indexOf(line));
  t.false(positions.includes(-1), story);
  t.deepEqual(
    positions,
    [...positions].sort((a, b) => a - b),
  );
});

// A new user's `simulate raft --crash-leader-at 5` printed the first election and nothing else:
// no leader stood at t=5, so nothing was crashed, and the story did not say so.
test('simulate says when its scripted crash or pause found no leader to act on', (t) => {
  const cli = fileURLToPath(new URL('../../bin/leadercheck.js', import.meta.url));
  for (const [option, done] of [['--crash-leader-at', 'crashed'], ['--pause-leader-at', 'paused']]) {
    const early = execFileSync(process.execPath, [cli, 'simulate', 'raft', '--seed', '1', option, '5'], { encoding: 'utf8' });
    t.regex(early, new RegExp(`No leader at t=5: nothing was ${done}; the first leader here is elected at t=\\d+\\.`));
  }
  const late = execFileSync(process.execPath, [cli, 'simulate', 'raft', '--seed', '1', '--crash-leader-at', '40'], { encoding: 'utf8' });
  t.notRegex(late, /No leader at/);
  t.regex(late, /fails\./);
});
