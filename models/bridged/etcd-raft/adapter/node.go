package main

// One leadercheck node instance: a RawNode on a MemoryStorage, and the event loop around it that
// handles every Ready the way its variant says (persist, send, Advance).

import (
	"encoding/json"
	"fmt"
	"math/rand"

	"go.etcd.io/etcd/raft"
	pb "go.etcd.io/etcd/raft/raftpb"
)

type nodeConfig struct {
	PreVote       bool `json:"preVote"`
	CheckQuorum   bool `json:"checkQuorum"`
	ElectionTick  int  `json:"electionTick"`
	HeartbeatTick int  `json:"heartbeatTick"`
	// CoalesceTicks: one timer event per Tick() that acts, not per tick (clock.go).
	CoalesceTicks bool `json:"coalesceTicks"`
}

type instance struct {
	id       uint64
	nodes    int
	cfg      nodeConfig
	variant  *variant
	rng      *rand.Rand
	storage  *raft.MemoryStorage
	rn       *raft.RawNode
	stored   json.RawMessage // what stable storage holds, encoded once per change
	counters counters
	armed    int // Tick() calls the pending tick timer stands for
}

type send struct {
	To  uint64      `json:"to"`
	Msg wireMessage `json:"msg"`
}

type timer struct {
	Name  string `json:"name"`
	After int    `json:"after"`
}

type view struct {
	Role   string  `json:"role"`
	Term   uint64  `json:"term"`
	Leader *uint64 `json:"leader"`
}

type effects struct {
	OK     bool            `json:"ok"`
	Send   []send          `json:"send"`
	Timers []timer         `json:"timers"`
	Marks  []string        `json:"marks"`
	Stored json.RawMessage `json:"stored"`
	View   view            `json:"view"`
}

// bootSnapshot is the first snapshot every node starts from: index 1, term 1, all N voters. It
// stands in for conf-change entries, which would leave Campaign refusing ("pending configuration
// changes") until applied.
func bootSnapshot(nodes int) pb.Snapshot {
	voters := make([]uint64, nodes)
	for i := range voters {
		voters[i] = uint64(i + 1)
	}
	return pb.Snapshot{Metadata: pb.SnapshotMetadata{Index: 1, Term: 1, ConfState: pb.ConfState{Voters: voters}}}
}

// newInstance boots a node from what it stored (nil: a fresh node).
func newInstance(v *variant, id uint64, nodes int, cfg nodeConfig, seed string, stored *wireStored) (*instance, error) {
	if nodes < 1 || id < 1 || id > uint64(nodes) {
		return nil, fmt.Errorf("node id %d is outside 1..%d", id, nodes)
	}
	in := &instance{id: id, nodes: nodes, cfg: cfg, variant: v, rng: newSource(seed), storage: raft.NewMemoryStorage()}
	if stored == nil {
		if err := in.storage.ApplySnapshot(bootSnapshot(nodes)); err != nil {
			return nil, err
		}
	} else {
		if err := in.storage.ApplySnapshot(fromWireSnapshot(stored.Snapshot)); err != nil {
			return nil, err
		}
		entries, err := fromWireEntries(stored.Entries)
		if err != nil {
			return nil, err
		}
		if err := in.storage.Append(entries); err != nil {
			return nil, err
		}
		if hs := stored.HardState; hs != nil {
			if err := in.storage.SetHardState(pb.HardState{Term: hs.Term, Vote: hs.Vote, Commit: hs.Commit}); err != nil {
				return nil, err
			}
		}
	}
	install(in.rng)
	rn, err := raft.NewRawNode(&raft.Config{
		ID: id, ElectionTick: cfg.ElectionTick, HeartbeatTick: cfg.HeartbeatTick, Storage: in.storage,
		MaxSizePerMsg: 1 << 20, MaxInflightMsgs: 256, PreVote: cfg.PreVote, CheckQuorum: cfg.CheckQuorum,
	})
	if err != nil {
		return nil, err
	}
	in.rn = rn
	in.counters = countersOf(rn)
	return in, nil
}

// boot answers init or recover: the node's first effects, with its tick armed.
func (in *instance) boot(marks []string) (effects, error) {
	out, err := in.drain(marks)
	out.Timers = in.arm()
	return out, err
}

// tick is the tick timer firing: the Tick() calls it stood for, the Ready they produce, and the
// timer re-armed.
func (in *instance) tick() (effects, error) {
	install(in.rng)
	before := in.rn.BasicStatus()
	in.fire()
	out, err := in.drain(nil)
	if err != nil {
		return out, err
	}
	out.Marks = tickMarks(before, in.rn.BasicStatus(), out.Send)
	out.Timers = in.arm()
	return out, nil
}

// deliver steps one message from a peer.
func (in *instance) deliver(from uint64, w wireMessage) (effects, error) {
	m, err := fromWireMessage(w, from, in.id)
	if err != nil {
		return effects{}, err
	}
	install(in.rng)
	before := in.rn.BasicStatus()
	reset, err := in.aroundMessage(func() error { return in.rn.Step(m) })
	if err != nil {
		return effects{}, fmt.Errorf("Step(%s from %d): %v", w.Type, from, err)
	}
	out, err := in.drain(nil)
	if err != nil {
		return out, err
	}
	out.Marks = messageMarks(m, before, in.rn.BasicStatus(), out.Send)
	out.Timers = []timer{}
	// Ticking every tick, the timer is never moved; coalesced, a reset moves it (clock.go).
	if reset && in.cfg.CoalesceTicks {
		out.Timers = in.arm()
	}
	return out, nil
}

// drain handles every Ready the node has: persist (as the variant does), send, Advance.
func (in *instance) drain(marks []string) (effects, error) {
	out := effects{OK: true, Send: []send{}, Marks: marks}
	for in.rn.HasReady() {
		rd := in.rn.Ready()
		if err := in.variant.persist(in.storage, rd); err != nil {
			return out, err
		}
		if len(rd.Entries) > 0 || !raft.IsEmptyHardState(rd.HardState) || !raft.IsEmptySnap(rd.Snapshot) || in.stored == nil {
			if err := in.encodeStored(); err != nil {
				return out, err
			}
		}
		for _, m := range rd.Messages {
			out.Send = append(out.Send, send{To: m.To, Msg: toWireMessage(m)})
		}
		in.rn.Advance(rd)
	}
	if in.stored == nil {
		if err := in.encodeStored(); err != nil {
			return out, err
		}
	}
	if out.Marks == nil {
		out.Marks = []string{}
	}
	out.Stored = in.stored
	out.View = viewOf(in.rn.BasicStatus())
	return out, nil
}

// encodeStored reads back what the storage holds (the variant decides what reached it).
func (in *instance) encodeStored() error {
	snap, err := in.storage.Snapshot()
	if err != nil {
		return err
	}
	first, _ := in.storage.FirstIndex()
	last, _ := in.storage.LastIndex()
	var entries []pb.Entry
	if last >= first {
		if entries, err = in.storage.Entries(first, last+1, ^uint64(0)); err != nil {
			return err
		}
	}
	s := wireStored{Snapshot: toWireSnapshot(snap), Entries: toWireEntries(entries)}
	if s.Entries == nil {
		s.Entries = []wireEntry{}
	}
	if hs, _, _ := in.storage.InitialState(); !raft.IsEmptyHardState(hs) {
		s.HardState = &wireHardState{Term: hs.Term, Vote: hs.Vote, Commit: hs.Commit}
	}
	in.stored, err = json.Marshal(s)
	return err
}

var roleNames = map[raft.StateType]string{
	raft.StateFollower: "follower", raft.StateCandidate: "candidate", raft.StateLeader: "leader",
	raft.StatePreCandidate: "pre-candidate",
}

func viewOf(s raft.BasicStatus) view {
	v := view{Role: roleNames[s.RaftState], Term: s.Term}
	if s.Lead != raft.None {
		lead := s.Lead
		v.Leader = &lead
	}
	return v
}
