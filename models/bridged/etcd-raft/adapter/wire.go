package main

// How raftpb values look on the bridge: a message is a JSON object whose `type` is etcd's own
// message type name (MsgVote, MsgApp, ...), with only the fields that message sets, so traces
// read like etcd's logs. Every conversion here is total and order-preserving: the same Go value
// always encodes to the same bytes.

import (
	"fmt"

	pb "go.etcd.io/etcd/raft/raftpb"
)

type wireEntry struct {
	Term  uint64 `json:"term"`
	Index uint64 `json:"index"`
	Type  string `json:"type,omitempty"` // omitted for EntryNormal, the only kind a run makes
	Data  []byte `json:"data,omitempty"`
}

type wireSnapshot struct {
	Index  uint64   `json:"index"`
	Term   uint64   `json:"term"`
	Voters []uint64 `json:"voters"`
	Data   []byte   `json:"data,omitempty"`
}

type wireMessage struct {
	Type       string        `json:"type"`
	Term       uint64        `json:"term"`
	LogTerm    uint64        `json:"logTerm,omitempty"`
	Index      uint64        `json:"index,omitempty"`
	Commit     uint64        `json:"commit,omitempty"`
	Reject     bool          `json:"reject,omitempty"`
	RejectHint uint64        `json:"rejectHint,omitempty"`
	Entries    []wireEntry   `json:"entries,omitempty"`
	Context    []byte        `json:"context,omitempty"`
	Snapshot   *wireSnapshot `json:"snapshot,omitempty"`
}

type wireHardState struct {
	Term   uint64 `json:"term"`
	Vote   uint64 `json:"vote"`
	Commit uint64 `json:"commit"`
}

// wireStored is what a node's stable storage holds: the bootstrap snapshot, the entries after
// it, and the HardState if the event loop ever saved one (the seed loop never does).
type wireStored struct {
	HardState *wireHardState `json:"hardState,omitempty"`
	Snapshot  wireSnapshot   `json:"snapshot"`
	Entries   []wireEntry    `json:"entries"`
}

func toWireEntries(es []pb.Entry) []wireEntry {
	if len(es) == 0 {
		return nil
	}
	out := make([]wireEntry, len(es))
	for i, e := range es {
		out[i] = wireEntry{Term: e.Term, Index: e.Index, Data: e.Data}
		if e.Type != pb.EntryNormal {
			out[i].Type = e.Type.String()
		}
	}
	return out
}

func fromWireEntries(ws []wireEntry) ([]pb.Entry, error) {
	if len(ws) == 0 {
		return nil, nil
	}
	out := make([]pb.Entry, len(ws))
	for i, w := range ws {
		t := pb.EntryNormal
		if w.Type != "" {
			v, ok := pb.EntryType_value[w.Type]
			if !ok {
				return nil, fmt.Errorf("unknown entry type %q", w.Type)
			}
			t = pb.EntryType(v)
		}
		out[i] = pb.Entry{Term: w.Term, Index: w.Index, Type: t, Data: w.Data}
	}
	return out, nil
}

func toWireSnapshot(s pb.Snapshot) wireSnapshot {
	voters := append([]uint64{}, s.Metadata.ConfState.Voters...)
	return wireSnapshot{Index: s.Metadata.Index, Term: s.Metadata.Term, Voters: voters, Data: s.Data}
}

func fromWireSnapshot(w wireSnapshot) pb.Snapshot {
	return pb.Snapshot{
		Data:     w.Data,
		Metadata: pb.SnapshotMetadata{Index: w.Index, Term: w.Term, ConfState: pb.ConfState{Voters: append([]uint64{}, w.Voters...)}},
	}
}

func toWireMessage(m pb.Message) wireMessage {
	w := wireMessage{
		Type: m.Type.String(), Term: m.Term, LogTerm: m.LogTerm, Index: m.Index, Commit: m.Commit,
		Reject: m.Reject, RejectHint: m.RejectHint, Entries: toWireEntries(m.Entries), Context: m.Context,
	}
	if !isEmptySnapshot(m.Snapshot) {
		s := toWireSnapshot(m.Snapshot)
		w.Snapshot = &s
	}
	return w
}

func fromWireMessage(w wireMessage, from, to uint64) (pb.Message, error) {
	t, ok := pb.MessageType_value[w.Type]
	if !ok {
		return pb.Message{}, fmt.Errorf("unknown message type %q", w.Type)
	}
	entries, err := fromWireEntries(w.Entries)
	if err != nil {
		return pb.Message{}, err
	}
	m := pb.Message{
		Type: pb.MessageType(t), From: from, To: to, Term: w.Term, LogTerm: w.LogTerm, Index: w.Index,
		Commit: w.Commit, Reject: w.Reject, RejectHint: w.RejectHint, Entries: entries, Context: w.Context,
	}
	if w.Snapshot != nil {
		m.Snapshot = fromWireSnapshot(*w.Snapshot)
	}
	return m, nil
}

func isEmptySnapshot(s pb.Snapshot) bool { return s.Metadata.Index == 0 }

// messageTypes lists every raftpb message type a peer can be sent, in etcd's enum order (the
// local ones, MsgHup, MsgBeat, MsgProp..., never leave a node in a run and are left out).
var messageTypes = []string{
	"MsgApp", "MsgAppResp", "MsgVote", "MsgVoteResp", "MsgSnap", "MsgHeartbeat", "MsgHeartbeatResp",
	"MsgTimeoutNow", "MsgPreVote", "MsgPreVoteResp",
}
