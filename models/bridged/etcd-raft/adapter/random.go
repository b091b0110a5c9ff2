package main

// etcd/raft draws every randomized election timeout from one package-level source,
// `globalRand` in raft.go, seeded from the clock and shared by every node in the process. To make
// a node's timeouts a function of its own seed alone, each instance owns a math/rand source
// seeded from the `seed` leadercheck gives it, and that source is installed into globalRand
// before every call into the instance (init, recover, step). So an instance draws the same
// timeouts whatever other instances ran before it, in this process or in another one.
//
// The variable is reached with go:linkname; the mirrored type below must match raft.go's
// lockedRand field for field. The linker's DWARF pass rejects a variable whose mirrored type has
// no debug info of its own, hence `-ldflags=-w` in the build (src/bridge/etcd/build.ts).

import (
	"hash/fnv"
	"math/rand"
	"sync"
	_ "unsafe" // for go:linkname

	_ "go.etcd.io/etcd/raft" // the package that owns globalRand must be linked in
)

type lockedRand struct {
	mu   sync.Mutex
	rand *rand.Rand
}

//go:linkname globalRand go.etcd.io/etcd/raft.globalRand
var globalRand *lockedRand

// seedOf turns leadercheck's seed string into a math/rand seed: FNV-1a, 64 bits.
func seedOf(seed string) int64 {
	h := fnv.New64a()
	h.Write([]byte(seed))
	return int64(h.Sum64())
}

func newSource(seed string) *rand.Rand { return rand.New(rand.NewSource(seedOf(seed))) }

// install makes r the source of every etcd draw until the next install.
func install(r *rand.Rand) {
	globalRand.mu.Lock()
	globalRand.rand = r
	globalRand.mu.Unlock()
}
