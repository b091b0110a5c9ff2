import { createSpinRaft } from './raftElection.js';

/** raft_mut_votedfor_volatile.pml: votedFor is reset to None on restart. */
export default createSpinRaft('votedfor-volatile');
