/**
 * `npm ci` / `npm install` (package.json prepare, after tsc) builds the etcd adapter when Go and
 * etcd's source are there; without them it says so in one line and succeeds, since only the
 * etcd-raft models need them, and using one of those later gives the same line and exit 2.
 */
import { etcdAdapterBinary } from './build.js';

try {
  etcdAdapterBinary();
} catch (err) {
  process.stderr.write(`leadercheck: skipped building the etcd-raft adapter: ${(err as Error).message}\n`);
}
