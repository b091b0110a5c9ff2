/**
 * Builds the Go adapter around etcd/raft (adapter/*.go) the first time a bridged etcd model is
 * used, and again whenever its source changes: the binary's name carries a hash of the source, so
 * a stale binary is never run and two processes building at once each rename a whole file into
 * place. GOPATH mode, offline: Debian's golang-etcd-server-dev puts etcd 3.4.23 (and gogo/protobuf)
 * under /usr/share/gocode, and no module proxy is reachable here.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../shared/errors.js';

/** The package root: this file runs from dist/src/bridge/etcd/ (or, as source, one folder less deep). */
const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = resolve(here, here.split(/[\\/]/).includes('dist') ? '../../../..' : '../../..');
const sourceDir = join(packageRoot, 'models', 'bridged', 'etcd-raft', 'adapter');
const buildDir = join(packageRoot, 'build', 'etcd-raft');
/** Touched after every good build: the descriptors' `build.output`, so a first use without one builds. */
export const builtStamp = join(buildDir, 'built');

/** Where etcd's source lives; LEADERCHECK_ETCD_GOPATH overrides Debian's place. */
export const etcdGopath = (): string => process.env.LEADERCHECK_ETCD_GOPATH ?? '/usr/share/gocode';

const GO_PACKAGE = 'leadercheck-etcd-adapter';

/**
 * The first 16 hex digits of the SHA-256 of the .go files concatenated in name order: what
 * launch.sh computes with `cat | sha256sum`, so both name the same binary.
 */
export function sourceHash(): string {
  const hash = createHash('sha256');
  const names = readdirSync(sourceDir)
    .filter((n) => n.endsWith('.go'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) hash.update(readFileSync(join(sourceDir, name)));
  return hash.digest('hex').slice(0, 16);
}

/** The adapter binary for the current source, built if it is not there yet. */
export function etcdAdapterBinary(): string {
  if (!existsSync(sourceDir)) throw new InputError(`the etcd-raft adapter source is missing (${sourceDir})`);
  const binary = join(buildDir, `adapter-${sourceHash()}`);
  if (!existsSync(binary)) buildAdapter(binary, etcdGopath());
  writeFileSync(builtStamp, `${binary}\n`);
  return binary;
}

/** Builds the adapter into `binary`; exported, with `go` to run, for the tests of its errors. */
export function buildAdapter(binary: string, gopath: string, go = 'go'): void {
  if (!existsSync(join(gopath, 'src', 'go.etcd.io', 'etcd', 'raft'))) {
    throw new InputError(
      `etcd-raft needs etcd's raft source under ${gopath}/src/go.etcd.io/etcd/raft (apt-get install golang-etcd-server-dev, or set LEADERCHECK_ETCD_GOPATH)`,
    );
  }
  // A private GOPATH per build, so two builds at once never share a half-copied package.
  const work = join(dirname(binary), `gopath-${process.pid}-${Date.now().toString(36)}`);
  const partial = `${binary}.${process.pid}.partial`;
  try {
    mkdirSync(join(work, 'src'), { recursive: true });
    cpSync(sourceDir, join(work, 'src', GO_PACKAGE), { recursive: true });
    execFileSync(go, ['build', '-ldflags=-w', '-o', partial, GO_PACKAGE], {
      cwd: work,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        GO111MODULE: 'off',
        GOPATH: `${work}:${gopath}`,
        GOFLAGS: '',
        // Our own cache: a machine without $HOME (CI, containers) builds too.
        GOCACHE: process.env.GOCACHE ?? join(buildDir, 'gocache'),
      },
    });
    renameSync(partial, binary);
    // Binaries of older sources are never run again (a running one keeps its inode).
    for (const name of readdirSync(dirname(binary))) {
      if (/^adapter-[0-9a-f]{16}$/.test(name) && join(dirname(binary), name) !== binary) rmSync(join(dirname(binary), name), { force: true });
    }
  } catch (err) {
    rmSync(partial, { force: true });
    throw buildError(err);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function buildError(err: unknown): Error {
  if (err instanceof InputError) return err;
  const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
  if (e.code === 'ENOENT') return new InputError("etcd-raft needs Go to build its adapter: 'go' was not found (apt-get install golang-go)");
  const detail = (e.stderr?.toString() ?? String(err)).trim().split('\n').slice(0, 3).join(' | ');
  return new InputError(`building the etcd-raft adapter failed: ${detail}`);
}
