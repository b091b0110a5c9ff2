import { ModelError } from '../shared/errors.js';
import type { Input, NodeView, Step } from '../shared/protocol.js';
import { ChannelError, type ProcessChannel } from './channel.js';
import { type BootRequest, type History, type Instance, notDeterministic, trailOf } from './history.js';
import { BadAnswer, type Effects, parseAnswer } from './wire.js';

/** The history behind a token: a symbol key, so plain-data checks, hashes and JSON never see it. */
const HISTORY = Symbol('leadercheck bridge history');

/** Live instances a host keeps per process before it forgets the least recently used one. */
export const LIVE_INSTANCES_MAX = 64;

/** Links the answer cache holds before it starts again (each some 1-2 KB: an answer line and its parsed effects): more than a long bridged shrink asks. */
export const CACHED_LINKS_MAX = 50_000;

/**
 * The instances of one process, behind the synchronous hooks of a Protocol. A boot or step asked
 * before is answered from the answer cache with no round trip (a replay, the prefix a shrink
 * candidate shares with the trace). Stepping a token whose instance has moved on (a branch) or was
 * forgotten boots a fresh instance and replays the token's inputs as one batch; every answer of a
 * replay must equal the one recorded, else the implementation is not deterministic. Which
 * instances are live and what the cache holds change only how many round trips a step costs,
 * never a result.
 */
export class BridgeHost {
  private channel: ProcessChannel | null = null;
  private nextHandle = 1;
  /** Live instances, least recently used first. */
  private readonly live = new Map<number, Instance>();
  /** Forget requests not sent yet: each goes with the next request, in the same write. */
  private forgets: { line: string; node: number }[] = [];
  /**
   * The answer cache: boots by their request, and (in each link's `children`) steps by their
   * input. A boot or step asked again (a replay of a trace already run, the prefix a shrink
   * candidate shares with the trace) is answered from here with no round trip. Every link that
   * holds children is listed, so that clearing the cache frees them.
   */
  private roots = new Map<string, History>();
  /** What this host has cost so far: writes to the process, requests in them, and hooks answered from the cache (the bench reads these). */
  readonly stats = { roundTrips: 0, requests: 0, cacheHits: 0 };
  private parents: History[] = [];
  private cachedLinks = 0;

  constructor(
    /** Starts the process and has it answer hello (a restart after a failure, a fresh host). */
    private readonly start: () => ProcessChannel,
    private readonly deadlineMs: () => number,
    private readonly describe: string,
  ) {}

  /** Adopts the process that answered hello, so the first run does not start another. */
  adopt(channel: ProcessChannel): void {
    this.channel = channel;
  }

  boot(boot: BootRequest): Step<unknown> {
    const key = this.bootLine(boot, 0);
    const known = this.roots.get(key);
    if (known !== undefined) {
      this.stats.cacheHits++;
      return this.stepOf(known);
    }
    const root: History = { parent: null, boot, input: '', depth: 0, answer: '', effects: null as unknown as Effects, node: boot.id, trail: 0, instance: null, children: null };
    const instance = this.newInstance();
    this.guarded(instance, () => {
      root.answer = this.call(this.bootLine(boot, instance.handle), boot.id, boot.op);
      root.effects = this.effects(root.answer, boot.id, boot.op);
    });
    root.trail = trailOf(0, root.answer);
    this.settle(instance, root);
    this.remember();
    this.roots.set(key, root);
    return this.stepOf(root);
  }

  step(token: unknown, input: Input, node: number): Step<unknown> {
    const from = historyOf(token);
    if (from.node !== node) throw new Error(`bridge: node ${node} was handed the state of node ${from.node}`);
    const inputJson = JSON.stringify(input);
    const known = from.children?.get(inputJson);
    if (known !== undefined) {
      this.stats.cacheHits++;
      return this.stepOf(known);
    }
    const label = input.kind === 'timer' ? `timer ${input.name}` : `${input.msg.type} from ${input.from}`;
    const instance = from.instance ?? this.rebuild(from);
    const next: History = { parent: from, boot: null, input: inputJson, depth: from.depth + 1, answer: '', effects: null as unknown as Effects, node: from.node, trail: 0, instance: null, children: null };
    this.guarded(instance, () => {
      next.answer = this.call(`{"op":"step","node":${instance.handle},"input":${inputJson}}`, from.node, label);
      next.effects = this.effects(next.answer, from.node, label);
    });
    next.trail = trailOf(from.trail, next.answer);
    from.instance = null;
    this.settle(instance, next);
    this.remember();
    if (from.children === null) {
      from.children = new Map();
      this.parents.push(from);
    }
    from.children.set(inputJson, next);
    return this.stepOf(next);
  }

  /** Makes room for one more cached link: past the cap the cache starts again (tokens keep their own links). */
  private remember(): void {
    if (++this.cachedLinks <= CACHED_LINKS_MAX) return;
    this.forgetAnswers();
    this.cachedLinks = 1;
  }

  /** Empties the answer cache: what a fresh process must not be trusted with, and what bounds its memory. */
  private forgetAnswers(): void {
    for (const link of this.parents) link.children = null;
    this.parents = [];
    this.roots = new Map();
    this.cachedLinks = 0;
  }

  stored(token: unknown): unknown {
    return historyOf(token).effects.stored;
  }

  view(token: unknown): NodeView {
    return historyOf(token).effects.view;
  }

  /** Stops the process; the next boot or step starts a fresh one. */
  stop(): void {
    // An instance being booted has no history yet.
    for (const instance of this.live.values()) if (instance.at !== null) instance.at.instance = null;
    this.live.clear();
    // A fresh process has none of the instances they name.
    this.forgets = [];
    this.channel?.close();
    this.channel = null;
  }

  private stepOf(at: History): Step<unknown> {
    const { send, timers, marks, state } = at.effects;
    // The node id is part of the token: explore shares equal parts between nodes, and an instance
    // answers for the node it was booted as, so two nodes' equal states are not one part.
    const token: Record<string | symbol, unknown> = state === undefined ? { node: at.node, inputs: at.depth, trail: at.trail } : { node: at.node, state };
    Object.defineProperty(token, HISTORY, { value: at, enumerable: false });
    return { state: token, send, timers, marks };
  }

  private bootLine(boot: BootRequest, handle: number): string {
    const { op, id, nodes, config, seed } = boot;
    return JSON.stringify(op === 'init' ? { op, node: handle, id, nodes, config, seed } : { op, node: handle, id, nodes, config, seed, stored: boot.stored ?? null });
  }

  /**
   * A fresh instance at `at`, its inputs replayed from boot, each answer checked against the
   * record. The replay goes as one batch (channel.requestMany): the process answers the whole
   * chain at its own speed, one round trip instead of one per input.
   */
  private rebuild(at: History): Instance {
    const chain: History[] = [];
    for (let h: History | null = at; h !== null; h = h.parent) chain.push(h);
    chain.reverse();
    const root = chain[0];
    const instance = this.newInstance();
    this.guarded(instance, () => {
      const lines = chain.map((link) => (link.boot !== null ? this.bootLine(link.boot, instance.handle) : `{"op":"step","node":${instance.handle},"input":${link.input}}`));
      const answers = this.callMany(lines, root.node, `rebuild to input ${at.depth}`);
      chain.forEach((link, i) => {
        if (answers[i] !== link.answer) throw notDeterministic(link, link.answer, answers[i]);
      });
    });
    this.settle(instance, at);
    return instance;
  }

  /**
   * Runs requests to `instance`; should one fail, the instance is given up (no token points at it
   * any more), since the process may have applied part of what it was asked: a later step of the
   * same token rebuilds from boot rather than trust it.
   */
  private guarded(instance: Instance, requests: () => void): void {
    try {
      requests();
    } catch (error) {
      if (instance.at !== null && instance.at.instance === instance) instance.at.instance = null;
      this.live.delete(instance.handle);
      throw error;
    }
  }

  private newInstance(): Instance {
    const instance: Instance = { handle: this.nextHandle++, at: null };
    while (this.live.size >= LIVE_INSTANCES_MAX) this.evictOldest();
    this.live.set(instance.handle, instance);
    return instance;
  }

  private settle(instance: Instance, at: History): void {
    instance.at = at;
    at.instance = instance;
    this.live.delete(instance.handle);
    this.live.set(instance.handle, instance);
  }

  /** Forgets the least recently used instance; the forget goes with the next request (`call`). */
  private evictOldest(): void {
    const [handle, oldest] = this.live.entries().next().value as [number, Instance];
    this.live.delete(handle);
    if (oldest.at !== null) oldest.at.instance = null;
    this.forgets.push({ line: `{"op":"forget","node":${handle}}`, node: oldest.at?.node ?? 0 });
  }

  private effects(answer: string, node: number, label: string): Effects {
    return this.parse(answer, 'effectsAnswer', node, label) as Effects;
  }

  private parse(answer: string, kind: 'effectsAnswer' | 'forgetAnswer', node: number, label: string): unknown {
    try {
      return kind === 'effectsAnswer' ? parseAnswer(answer, kind) : parseAnswer(answer, kind);
    } catch (error) {
      if (!(error instanceof BadAnswer)) throw error;
      // A line of the wrong shape may leave the stream out of step: the process is not trusted again.
      if (!error.failure) this.stop();
      throw new ModelError(error.failure ? `the adapter failed (node ${node}, ${label}): ${error.message}` : `the bridge process (${this.describe}) ${error.message} (node ${node}, ${label})`);
    }
  }

  private call(line: string, node: number, label: string): string {
    return this.callMany([line], node, label)[0];
  }

  /**
   * Sends `lines` (after any forgets waiting to go: they cost no round trip of their own) and
   * returns their answers. A process that fails here is stopped, and the next request starts a
   * fresh one.
   */
  private callMany(lines: readonly string[], node: number, label: string): string[] {
    const forgets = this.forgets.splice(0);
    this.stats.roundTrips++;
    this.stats.requests += forgets.length + lines.length;
    let answers: string[];
    try {
      this.channel ??= this.start();
      answers = this.channel.requestMany([...forgets.map((f) => f.line), ...lines], this.deadlineMs());
    } catch (error) {
      if (error instanceof BadAnswer) throw new ModelError(`the bridge process (${this.describe}) restarted and ${error.message} at hello (node ${node}, ${label})`);
      if (!(error instanceof ChannelError)) throw error;
      const tail = this.channel?.stderrTail() ?? '';
      this.stop();
      throw new ModelError(`the bridge process (${this.describe}) ${error.message} (node ${node}, ${label})${tail === '' ? '' : `; its stderr ends: ${tail}`}`);
    }
    forgets.forEach((f, i) => this.parse(answers[i], 'forgetAnswer', f.node, 'forget'));
    return answers.slice(forgets.length);
  }
}

function historyOf(token: unknown): History {
  const at = (token as Record<symbol, History | undefined> | null)?.[HISTORY];
  if (at === undefined) throw new ModelError('a bridged node state lost its link to the process (it was copied, not kept)');
  return at;
}
