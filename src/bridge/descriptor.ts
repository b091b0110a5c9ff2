import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../shared/errors.js';
import { BRIDGE_VERSION } from './wire.js';

/**
 * A bridged model's descriptor: a small JSON file naming the command that hosts the nodes
 * (docs/bridge.md). The command runs in the descriptor's folder, so `args` are relative to it.
 */
export interface Descriptor {
  /** Absolute path of the descriptor file. */
  path: string;
  command: string;
  args: string[];
  /** The descriptor's folder: the process's working directory. */
  cwd: string;
  /** The deadline of one request in ms, when the descriptor sets one (else --step-timeout's). */
  timeoutMs?: number;
  /** A build to run before the first start when `build.output` is missing (a compiled adapter). */
  build?: { command: string; args: string[]; output: string };
}

/** Reads and checks a descriptor; anything wrong is one InputError line naming the field. */
export function readDescriptor(file: string): Descriptor {
  const path = resolve(file);
  const what = `--model-file ${file}`;
  if (!existsSync(path)) throw new InputError(`${what}: no such file`);
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`${what}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`${what}: must be a JSON object`);
  if (value.bridge !== BRIDGE_VERSION) throw new InputError(`${what}: bridge must be ${JSON.stringify(BRIDGE_VERSION)}, got ${JSON.stringify(value.bridge)}`);
  const command = stringField(value, 'command', what);
  const args = stringList(value.args ?? [], 'args', what);
  const cwd = dirname(path);
  const descriptor: Descriptor = { path, command, args, cwd };
  if (value.timeoutMs !== undefined) {
    if (!Number.isInteger(value.timeoutMs) || (value.timeoutMs as number) < 1) throw new InputError(`${what}: timeoutMs must be an integer >= 1`);
    descriptor.timeoutMs = value.timeoutMs as number;
  }
  if (value.build !== undefined) {
    const build = value.build as Record<string, unknown>;
    if (typeof build !== 'object' || build === null) throw new InputError(`${what}: build must be an object`);
    descriptor.build = { command: stringField(build, 'command', `${what}: build`), args: stringList(build.args ?? [], 'build.args', what), output: stringField(build, 'output', `${what}: build`) };
  }
  return descriptor;
}

/** Runs the descriptor's build when its output is missing; a failed build is one InputError line. */
export function buildIfNeeded(descriptor: Descriptor): void {
  const build = descriptor.build;
  if (build === undefined || existsSync(resolve(descriptor.cwd, build.output))) return;
  try {
    execFileSync(build.command, build.args, { cwd: descriptor.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const e = error as { code?: string; stderr?: Buffer };
    const detail = e.code === 'ENOENT' ? `${JSON.stringify(build.command)} is not installed` : lastLine(e.stderr?.toString('utf8') ?? '') || 'it failed';
    throw new InputError(`--model-file ${descriptor.path}: the adapter's build failed: ${detail}`);
  }
}

function stringField(value: Record<string, unknown>, key: string, what: string): string {
  const field = value[key];
  if (typeof field !== 'string' || field === '') throw new InputError(`${what}: ${key} must be a non-empty string`);
  return field;
}

function stringList(value: unknown, key: string, what: string): string[] {
  if (!Array.isArray(value) || !value.every((a) => typeof a === 'string')) throw new InputError(`${what}: ${key} must be a list of strings`);
  return value as string[];
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}
