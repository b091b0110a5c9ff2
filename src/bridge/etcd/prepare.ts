/**
 * Builds the etcd adapter. `npm ci` / `npm install` run it (package.json prepare, after tsc): when
 * Go or etcd's source is missing it says so in one line and succeeds, since only the etcd-raft
 * models need them. With --strict (the descriptors' build step, launch.sh) the same line ends it
 * with exit 2, so using an etcd model without Go is one line and exit 2.
 */
import { etcdAdapterBinary } from './build.js';

const strict = process.argv.includes('--strict');
try {
  etcdAdapterBinary();
} catch (err) {
  const message = (err as Error).message;
  process.stderr.write(strict ? `${message}\n` : `leadercheck: skipped building the etcd-raft adapter: ${message}\n`);
  if (strict) process.exitCode = 2;
}
