#!/bin/sh
# Starts the etcd/raft adapter for the current Go source (the descriptors here run it), building
# it first when the source changed since the last build: src/bridge/etcd/build.ts names each binary by the same
# hash of the .go files computed here.
root=$(cd "$(dirname "$0")/../../.." && pwd)
src="$root/models/bridged/etcd-raft/adapter"
if command -v sha256sum >/dev/null 2>&1; then sum=sha256sum; else sum="shasum -a 256"; fi
hash=$(cd "$src" && cat $(ls *.go | LC_ALL=C sort) | $sum | cut -c1-16)
bin="$root/build/etcd-raft/adapter-$hash"
if [ ! -x "$bin" ]; then
  node "$root/dist/src/bridge/etcd/prepare.js" --strict || exit 2
fi
exec "$bin" "$@"
