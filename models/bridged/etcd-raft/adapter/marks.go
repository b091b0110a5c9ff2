package main

// Coverage marks: rare paths through etcd's election code, told from what a step changed, since
// the library itself reports none.

import (
	"go.etcd.io/etcd/raft"
	pb "go.etcd.io/etcd/raft/raftpb"
)

const (
	markVoteRejected        = "vote rejected"
	markPreVoteRejected     = "pre-vote rejected"
	markStepDownHigherTerm  = "leader steps down on higher term"
	markCheckQuorumStepDown = "check-quorum: leader steps down without a quorum"
	markSplitVoteRetry      = "split vote: candidate times out and campaigns again"
	markStaleTermIgnored    = "message from a lower term"
	markVoteInLease         = "vote request ignored inside the leader lease"
	markForgotHardState     = "restart with no HardState: term and vote forgotten"
)

func isCampaigning(s raft.StateType) bool {
	return s == raft.StateCandidate || s == raft.StatePreCandidate
}

func sentType(sends []send, types ...pb.MessageType) bool {
	for _, s := range sends {
		for _, t := range types {
			if s.Msg.Type == t.String() {
				return true
			}
		}
	}
	return false
}

func tickMarks(before, after raft.BasicStatus, sends []send) []string {
	marks := []string{}
	if before.RaftState == raft.StateLeader && after.RaftState != raft.StateLeader {
		marks = append(marks, markCheckQuorumStepDown)
	}
	if isCampaigning(before.RaftState) && sentType(sends, pb.MsgVote, pb.MsgPreVote) {
		marks = append(marks, markSplitVoteRetry)
	}
	return marks
}

func messageMarks(m pb.Message, before, after raft.BasicStatus, sends []send) []string {
	marks := []string{}
	if m.Reject && m.Type == pb.MsgVoteResp {
		marks = append(marks, markVoteRejected)
	}
	if m.Reject && m.Type == pb.MsgPreVoteResp {
		marks = append(marks, markPreVoteRejected)
	}
	if before.RaftState == raft.StateLeader && after.RaftState != raft.StateLeader && after.Term > before.Term {
		marks = append(marks, markStepDownHigherTerm)
	}
	if m.Term != 0 && m.Term < before.Term {
		marks = append(marks, markStaleTermIgnored)
	}
	if (m.Type == pb.MsgVote || m.Type == pb.MsgPreVote) && m.Term > before.Term && after.Term == before.Term && len(sends) == 0 {
		marks = append(marks, markVoteInLease)
	}
	return marks
}
