import test from 'ava';
import { raft } from '../models/raft/index.js';
import { describeMessage, guardProtocol } from '../src/model/boundary.js';
import { ModelError } from '../src/shared/errors.js';
import type { AnyProtocol, NodeContext } from '../src/shared/protocol.js';
import { apply, boot, createSystem } from '../src/world/world.js';

const ctx = (id: number, nodes = 3): NodeContext => ({ id, nodes, config: {} });
const view = () => ({ role: 'follower', term: 0, leader: null });

/** A model that boots fine and does whatever `step` says. */
function modelStepping(step: AnyProtocol['step'], more: Partial<AnyProtocol> = {}): AnyProtocol {
  return {
    name: 'under-test',
    summary: '',
    defaultConfig: {},
    promises: ['election-safety'],
    init: () => ({ state: 0, timers: [{ name: 'tick', after: 1 }] }),
    step,
    stored: () => null,
    recover: () => ({ state: 0 }),
    view,
    ...more,
  };
}

const thrower = (what: string) => () => {
  throw new Error(`${what} broke\nwith a second line`);
};

test('a throw in any hook is a ModelError naming the node, the hook and the first line the model said', (t) => {
  const guarded = guardProtocol(
    modelStepping(thrower('step'), { init: thrower('init'), recover: thrower('recover'), stored: thrower('stored'), view: thrower('view') }),
    3,
  );
  const cases: [() => unknown, string][] = [
    [() => guarded.init(ctx(1)), 'model threw on node 1 handling init: init broke'],
    [() => guarded.step(0, { kind: 'timer', name: 'tick' }, ctx(2), 'tick'), 'model threw on node 2 handling tick: step broke'],
    [() => guarded.recover(null, ctx(3)), 'model threw on node 3 handling recover: recover broke'],
    [() => guarded.stored(0, 2, 'RequestVote'), 'model threw on node 2 in stored() after handling RequestVote: stored broke'],
    [() => guarded.view(0, 1, 'init'), 'model threw on node 1 in view() after handling init: view broke'],
  ];
  for (const [call, message] of cases) {
    const error = t.throws(call, { instanceOf: ModelError });
    t.is(error?.message, message);
    t.regex(String((error?.cause as Error).message), /second line/, 'the cause keeps all the model said');
  }
});

test('a model that throws something not an Error is still a ModelError', (t) => {
  const guarded = guardProtocol(
    modelStepping(() => {
      throw 'a string';
    }),
    3,
  );
  t.throws(() => guarded.step(0, { kind: 'timer', name: 'tick' }, ctx(1), 'tick'), {
    instanceOf: ModelError,
    message: 'model threw on node 1 handling tick: a string',
  });
});

// Each malformed step result and the message that names its field.
const malformed: [string, unknown, string][] = [
  ['no step', undefined, "node 2's step returned undefined, not a step { state, send?, timers?, marks? }"],
  ['no state', { send: [] }, "node 2's step returned no state"],
  ['send not a list', { state: 0, send: { to: 1 } }, "node 2's step returned send = {\"to\":1}: send must be a list of { to, msg }"],
  ['a send not an object', { state: 0, send: [5] }, "node 2's step returned send[0] = 5: a send is { to, msg }"],
  ['a send to no node', { state: 0, send: [{ to: 1, msg: { type: 'Ping' } }, { to: 7, msg: { type: 'Ping' } }] }, "node 2's step returned send[1].to = 7, which is no node (nodes are 1..3)"],
  ['a send to node 0', { state: 0, send: [{ to: 0, msg: { type: 'Ping' } }] }, "node 2's step returned send[0].to = 0, which is no node (nodes are 1..3)"],
  ['a send to a fractional node', { state: 0, send: [{ to: 1.5, msg: { type: 'Ping' } }] }, "node 2's step returned send[0].to = 1.5, which is no node (nodes are 1..3)"],
  ['a message without a type', { state: 0, send: [{ to: 1, msg: { kind: 'Ping' } }] }, "node 2's step returned send[0].msg = {\"kind\":\"Ping\"}: a message is an object with a string type"],
  ['timers not a list', { state: 0, timers: 'tick' }, "node 2's step returned timers = \"tick\": timers must be a list of { name, after } or { name, cancel: true }"],
  ['a timer without a name', { state: 0, timers: [{ after: 3 }] }, "node 2's step returned timers[0].name = undefined: a timer name is a string"],
  ['a negative delay', { state: 0, timers: [{ name: 'tick', after: -1 }] }, "node 2's step returned timers[0].after = -1: a delay must be ticks >= 0 or a [min, max] range"],
  ['a range upside down', { state: 0, timers: [{ name: 'tick', after: [9, 3] }] }, "node 2's step returned timers[0].after = [9,3]: a delay must be ticks >= 0 or a [min, max] range"],
  ['a delay in words', { state: 0, timers: [{ name: 'a', cancel: true }, { name: 'tick', after: 'soon' }] }, "node 2's step returned timers[1].after = \"soon\": a delay must be ticks >= 0 or a [min, max] range"],
  ['marks not strings', { state: 0, marks: ['ok', 3] }, "node 2's step returned marks = [\"ok\",3]: marks must be a list of strings"],
];

for (const [what, result, message] of malformed) {
  test(`a step result with ${what} is a ModelError naming the field`, (t) => {
    const guarded = guardProtocol(modelStepping(() => result as never), 3);
    t.throws(() => guarded.step(0, { kind: 'timer', name: 'tick' }, ctx(2), 'tick'), { instanceOf: ModelError, message });
  });
}

test('init and recover results are checked as steps are, and named by their hook', (t) => {
  const guarded = guardProtocol(modelStepping(() => ({ state: 0 }), { init: () => ({}) as never, recover: () => null as never }), 3);
  t.throws(() => guarded.init(ctx(1)), { instanceOf: ModelError, message: "node 1's init returned no state" });
  t.throws(() => guarded.recover(undefined, ctx(3)), { instanceOf: ModelError, message: /^node 3's recover returned null, not a step/ });
});

test('a well-formed step passes through as it is', (t) => {
  const step = { state: 1, send: [{ to: 3, msg: { type: 'Ping' } }], timers: [{ name: 'a', after: [0, 4] as const }, { name: 'b', cancel: true as const }], marks: ['rare'] };
  const guarded = guardProtocol(modelStepping(() => step), 3);
  t.is(guarded.step(0, { kind: 'timer', name: 'tick' }, ctx(2), 'tick'), step);
});

test('a view of the wrong shape is a ModelError; properties never see it', (t) => {
  for (const bad of [undefined, { role: 'leader', term: '1', leader: null }, { role: 'leader', term: 1 }]) {
    const guarded = guardProtocol(modelStepping(() => ({ state: 0 }), { view: () => bad as never }), 3);
    t.throws(() => guarded.view(0, 2, 'tick'), { instanceOf: ModelError, message: /^node 2's view returned .* after handling tick: a view is \{ role: string, term: finite number, leader: node id \(1\.\.3\) or null \}$/ });
  }
});

test('hooks are called as methods, so a model written as a class keeps `this`', (t) => {
  class Counter {
    readonly name = 'counter';
    readonly summary = '';
    readonly defaultConfig = {};
    readonly promises = ['election-safety'] as const;
    private readonly start = 7;
    init() {
      return { state: this.start };
    }
    step(state: number) {
      return { state: state + this.start };
    }
    stored(state: number) {
      return this.start + state;
    }
    recover() {
      return { state: this.start };
    }
    view() {
      return { role: 'follower', term: this.start, leader: null };
    }
  }
  const guarded = guardProtocol(new Counter(), 3);
  t.is(guarded.init(ctx(1)).state, 7);
  t.is(guarded.step(1, { kind: 'timer', name: 'tick' }, ctx(1), 'tick').state, 8);
  t.is(guarded.stored(1, 1, 'tick'), 8);
  t.is(guarded.view(1, 1, 'tick').term, 7);
});

test('describeMessage: a throw or a non-string is a ModelError naming the hook; none, or undefined, is the type', (t) => {
  const msg = { type: 'Ping' };
  t.is(describeMessage(modelStepping(() => ({ state: 0 })), msg), 'Ping');
  t.is(describeMessage(modelStepping(() => ({ state: 0 }), { describeMessage: () => undefined as never }), msg), 'Ping');
  t.is(describeMessage(raft, { type: 'RequestVote', term: 2 } as never), raft.describeMessage!({ type: 'RequestVote', term: 2 } as never));
  t.throws(() => describeMessage(modelStepping(() => ({ state: 0 }), { describeMessage: thrower('render') }), msg), {
    instanceOf: ModelError,
    message: 'model threw in describeMessage() on a Ping message: render broke',
  });
  t.throws(() => describeMessage(modelStepping(() => ({ state: 0 }), { describeMessage: () => 5 as never }), msg), {
    instanceOf: ModelError,
    message: 'describeMessage() returned 5 for a Ping message, not a string',
  });
});

test('the world calls the model only through its boundary: a bad step from apply is a ModelError', (t) => {
  const system = createSystem(modelStepping(() => ({ state: 1, send: [{ to: 4, msg: { type: 'Ping' } }] })), 3);
  t.is(system.protocol.name, 'under-test', 'System.protocol is the protocol as the user gave it');
  const world = boot(system);
  t.throws(() => apply(system, world, { kind: 'timer', node: 1, timer: 'tick' }), {
    instanceOf: ModelError,
    message: "node 1's step returned send[0].to = 4, which is no node (nodes are 1..3)",
  });
});

test('a view that throws at boot is a ModelError from boot, not a TypeError', (t) => {
  const system = createSystem(modelStepping(() => ({ state: 0 }), { view: (s: { missing: { role: string } }) => ({ role: s.missing.role, term: 0, leader: null }) }), 3);
  t.throws(() => boot(system), { instanceOf: ModelError, message: /^model threw on node 1 in view\(\) after handling init: / });
});
