import { definitionValidator } from '../schema/compiled.js';
import { problemOf } from '../schema/problemOf.js';
import type { ModelConfig, NodeView, PropertyName, Send, TimerEffect } from '../shared/protocol.js';

/** The protocol and version this host speaks (docs/bridge.md). */
export const BRIDGE_VERSION = 'leadercheck/bridge@1';

/** The model a process describes in its answer to hello. */
export interface HelloModel {
  name: string;
  summary: string;
  promises: PropertyName[];
  defaultConfig: ModelConfig;
  messageTypes?: string[];
  timerNames?: string[];
  roles?: string[];
  marks?: string[];
  synchronousDelayTicksMax?: number;
  livenessBoundTicks?: number;
  /** Extension: every effects answer carries a canonical `state`. */
  explore?: boolean;
}

/** The answer to init, recover and step. */
export interface Effects {
  ok: true;
  send?: Send[];
  timers?: TimerEffect[];
  marks?: string[];
  stored: unknown;
  view: NodeView;
  state?: unknown;
}

type AnswerKind = 'helloAnswer' | 'effectsAnswer' | 'forgetAnswer';

/** An answer that is not one: `{"ok":false}`, not JSON, or the wrong shape. `failure` is the model's own words. */
export class BadAnswer extends Error {
  constructor(
    message: string,
    readonly failure: boolean,
  ) {
    super(message);
    this.name = 'BadAnswer';
  }
}

/** Parses one answer line and checks it against the schema's definition for its request's kind. */
export function parseAnswer(line: string, kind: 'helloAnswer'): { model: HelloModel };
export function parseAnswer(line: string, kind: 'effectsAnswer'): Effects;
export function parseAnswer(line: string, kind: 'forgetAnswer'): unknown;
export function parseAnswer(line: string, kind: AnswerKind): unknown {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new BadAnswer(`printed a line that is not JSON: ${clipLine(line)}`, false);
  }
  if (typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false) {
    const error = (value as { error?: unknown }).error;
    throw new BadAnswer(typeof error === 'string' ? error.split('\n')[0] : `answered ${clipLine(line)}`, true);
  }
  const valid = definitionValidator('bridge', kind);
  if (!valid(value)) {
    const { path, problem } = problemOf(valid.errors ?? [], value);
    throw new BadAnswer(`gave an answer whose ${path === '' ? 'shape' : `field ${path}`} ${problem}: ${clipLine(line)}`, false);
  }
  return value;
}

/** A line as it is quoted in a message: JSON-escaped, cut at 160 characters. */
export function clipLine(line: string): string {
  return JSON.stringify(line.length > 160 ? `${line.slice(0, 160)}...` : line);
}
