package main

// How leadercheck's time drives etcd's Tick().
//
// Ticking every node at every tick would make a run mostly tick events, and the shortest
// counterexample at least two election timeouts (2 x 10 ticks) long. So by default the adapter
// coalesces: its one timer, `tick`, is armed for exactly the number of ticks until the next
// Tick() that does something (a follower's or candidate's randomizedElectionTimeout -
// electionElapsed; a leader's next heartbeat, or its next check-quorum with CheckQuorum on), and
// when it fires the adapter calls Tick() that many times: every call but the last only counts.
//
// A message step does not know how much time has passed since the timer was armed, so the ticks
// due in between have not run when the message is handled. Two things keep that faithful:
//   - If the step zeroes electionElapsed (a heartbeat or append from the leader, a vote granted,
//     any role or term change), the pending ticks would only have counted towards what was just
//     reset, and the timer is re-armed from now: exactly what per-tick driving gives.
//   - Otherwise the timer is left alone and fires when it was due, with the ticks it stood for.
// The one read of electionElapsed in a message step is CheckQuorum's leader lease; it sees the
// count as of the last timer, as a node whose pending ticks are queued behind the message would
// (etcd's own Node buffers up to 128 ticks in its tick channel). Every execution is therefore one
// etcd itself can have. `coalesceTicks: false` ticks every node at every tick instead.
//
// Detecting "zeroed" needs a value that is not already 0: before the step electionElapsed is
// set to a nonzero stand-in on the same side of electionTimeout (so the lease decides as it
// would have), and restored afterwards unless the step reset it.

import (
	"reflect"
	"unsafe"

	"go.etcd.io/etcd/raft"
)

// counters reaches the unexported tick counters of the raft inside a RawNode.
type counters struct {
	electionElapsed, heartbeatElapsed, randomizedElectionTimeout reflect.Value
}

func countersOf(rn *raft.RawNode) counters {
	r := reflect.ValueOf(rn).Elem().FieldByName("raft").Elem()
	field := func(name string) reflect.Value {
		f := r.FieldByName(name)
		return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
	}
	return counters{field("electionElapsed"), field("heartbeatElapsed"), field("randomizedElectionTimeout")}
}

// ticksToNextEffect is how many Tick() calls from now the first one that acts is.
func (in *instance) ticksToNextEffect() int {
	c := in.counters
	var k int
	if in.rn.BasicStatus().RaftState == raft.StateLeader {
		k = in.cfg.HeartbeatTick - int(c.heartbeatElapsed.Int())
		if in.cfg.CheckQuorum {
			if q := in.cfg.ElectionTick - int(c.electionElapsed.Int()); q < k {
				k = q
			}
		}
	} else {
		k = int(c.randomizedElectionTimeout.Int()) - int(c.electionElapsed.Int())
	}
	if k < 1 {
		k = 1
	}
	return k
}

// arm returns the timer effect for the next tick and remembers how many Tick() calls it stands for.
func (in *instance) arm() []timer {
	in.armed = 1
	if in.cfg.CoalesceTicks {
		in.armed = in.ticksToNextEffect()
	}
	return []timer{{Name: "tick", After: in.armed}}
}

// fire runs the Tick() calls the timer that just fired stood for.
func (in *instance) fire() {
	for i := 0; i < in.armed; i++ {
		in.rn.Tick()
	}
}

// aroundMessage runs step (one Step call) and says whether it reset electionElapsed.
func (in *instance) aroundMessage(step func() error) (reset bool, err error) {
	e := in.counters.electionElapsed
	before := e.Int()
	standIn := int64(in.cfg.ElectionTick - 1) // nonzero: electionTick > heartbeatTick >= 1
	if before >= int64(in.cfg.ElectionTick) {
		standIn = before
	}
	e.SetInt(standIn)
	err = step()
	if e.Int() == 0 {
		return true, err
	}
	e.SetInt(before)
	return false, err
}
