import { createSpinRaft } from './raftElection.js';

/** raft_mut_term_volatile.pml: currentTerm is reset to 0 on restart. */
export default createSpinRaft('term-volatile');
