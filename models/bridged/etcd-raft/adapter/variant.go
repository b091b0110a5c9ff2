package main

// The three event loops leadercheck ships: etcd's documented loop with PreVote and CheckQuorum
// off (etcd's defaults) or on, and the seed articles' loop, which appends entries but never
// saves the HardState.

import "go.etcd.io/etcd/raft"

type variant struct {
	name     string
	summary  string
	defaults nodeConfig
	// promises are what `check` checks by default: what this loop keeps in every run, not only
	// in most (see withoutPreVote).
	promises []string
	// persist writes a Ready to stable storage before its messages are sent.
	persist func(s *raft.MemoryStorage, rd raft.Ready) error
	marks   []string
}

// persistAll is the loop etcd's raft/doc.go asks for: snapshot, entries and HardState are all on
// stable storage before any message of the same Ready leaves the node.
func persistAll(s *raft.MemoryStorage, rd raft.Ready) error {
	if !raft.IsEmptySnap(rd.Snapshot) {
		if err := s.ApplySnapshot(rd.Snapshot); err != nil {
			return err
		}
	}
	if err := s.Append(rd.Entries); err != nil {
		return err
	}
	if !raft.IsEmptyHardState(rd.HardState) {
		return s.SetHardState(rd.HardState)
	}
	return nil
}

// persistEntriesOnly is seeds 000 and 002: `storage.Append(rd.Entries)`, send, Advance. The term
// and the vote live only in memory, so a restarted node has forgotten whom it voted for.
func persistEntriesOnly(s *raft.MemoryStorage, rd raft.Ready) error {
	return s.Append(rd.Entries)
}

// withoutPreVote: etcd 3.4 keeps one leader per term and terms that only grow in every run, but
// without PreVote its liveness has a known gap (a node whose log is behind keeps campaigning, and
// each higher-term MsgVote restarts the up-to-date node's election timer though it is rejected:
// raft.go becomeFollower -> reset; etcd-io/raft pull request 167). `check etcd-raft --runs 500`
// finds it under chaos, so liveness is promised only where PreVote closes the gap; `--property
// liveness` still checks it here.
var withoutPreVote = []string{"election-safety", "term-monotonic"}

var withPreVote = []string{"election-safety", "term-monotonic", "liveness"}

var commonMarks = []string{markVoteRejected, markStepDownHigherTerm, markSplitVoteRetry, markStaleTermIgnored}

var variants = map[string]*variant{
	"etcd-raft": {
		name:     "etcd-raft",
		summary:  "the real etcd/raft 3.4 RawNode through the bridge (PreVote and CheckQuorum off)",
		defaults: nodeConfig{PreVote: false, CheckQuorum: false, ElectionTick: 10, HeartbeatTick: 1, CoalesceTicks: true},
		promises: withoutPreVote,
		persist:  persistAll,
		marks:    commonMarks,
	},
	"etcd-raft/prevote": {
		name:     "etcd-raft/prevote",
		summary:  "the real etcd/raft 3.4 RawNode with PreVote and CheckQuorum on",
		defaults: nodeConfig{PreVote: true, CheckQuorum: true, ElectionTick: 10, HeartbeatTick: 1, CoalesceTicks: true},
		promises: withPreVote,
		persist:  persistAll,
		marks:    append(append([]string{}, commonMarks...), markPreVoteRejected, markCheckQuorumStepDown, markVoteInLease),
	},
	"etcd-raft/seed-loop": {
		name:     "etcd-raft/seed-loop",
		summary:  "the real etcd/raft with the seed articles' event loop: entries appended, HardState never saved",
		defaults: nodeConfig{PreVote: false, CheckQuorum: false, ElectionTick: 10, HeartbeatTick: 1, CoalesceTicks: true},
		promises: withoutPreVote,
		persist:  persistEntriesOnly,
		marks:    append(append([]string{}, commonMarks...), markForgotHardState),
	},
}

// The variant names in the order `leadercheck list` should show them.
var variantOrder = []string{"etcd-raft", "etcd-raft/prevote", "etcd-raft/seed-loop"}
