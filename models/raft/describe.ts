import type { RaftMessage } from './types.js';

/** One-line rendering of a Raft message, in the style of etcd's `MsgVote Term:1`. */
export function describeRaftMessage(msg: RaftMessage): string {
  switch (msg.type) {
    case 'RequestVote':
      return `RequestVote t${msg.term}`;
    case 'RequestVoteReply':
      return `RequestVoteReply t${msg.term} ${msg.granted ? 'granted' : 'refused'}`;
    case 'AppendEntries':
      return `AppendEntries t${msg.term}`;
    case 'AppendEntriesReply':
      return `AppendEntriesReply t${msg.term} ${msg.success ? 'ok' : 'rejected'}`;
    case 'PreVote':
      return `PreVote t${msg.term}`;
    case 'PreVoteReply':
      return `PreVoteReply t${msg.term} ${msg.granted ? 'granted' : 'refused'}`;
  }
}
