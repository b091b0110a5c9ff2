import seedrandom from 'seedrandom';

/**
 * A yardstick, not shipped code: the naive way to simulate Raft's election, written the way one
 * would without a harness. One mutable loop, mutable nodes and a mutable message array, the same
 * rules as models/raft (Figure 2 without a log: one stored vote per term, strict majority,
 * heartbeats every 3 ticks, election timeouts drawn from [10, 20]), the same `chaos` faults
 * (drops 0.1, duplicates 0.05, crashes every 5-30 ticks down 1-30 with at most 2 down, partitions
 * into two groups every 10-80 ticks for 10-60, pauses every 20-80 ticks for 5-40, clocks within
 * +-10%, a 400-tick fault phase, then heal, resume, restart but for a minority that may stay down,
 * delays [1, 3] and the liveness bound of 400 ticks) and the same checks after every event
 * (election safety over the run's history, term monotonic across restarts, liveness). It has no
 * model boundary, no trace, no lasso table and no immutable worlds: `npm run bench` prints its rate
 * next to the real path's, so the cost of those is a measured ratio, not a guess.
 */

interface NaiveNode {
  up: boolean;
  pausedUntil: number;
  role: 0 | 1 | 2; // follower, candidate, leader
  term: number;
  votedFor: number;
  leader: number;
  votes: number; // bitmask of voters
  storedTerm: number;
  storedVote: number;
  electionAt: number;
  heartbeatAt: number;
  rate: number;
  highestTerm: number;
  leadsTerm: number;
}

const enum Kind {
  Vote,
  VoteReply,
  Append,
  AppendReply,
}

interface NaiveMessage {
  from: number;
  to: number;
  kind: Kind;
  term: number;
  flag: boolean;
  at: number;
  decided: boolean;
}

const FOLLOWER = 0;
const CANDIDATE = 1;
const LEADER = 2;
const NEVER = Infinity;

/** One run; returns how many events it took. `violated`: a property failed (the run stops then). */
export function naiveRaftRun(nodes: number, seed: string): { events: number; violated: boolean } {
  const rng = seedrandom.alea(seed);
  const int = (min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
  const ns: NaiveNode[] = [];
  for (let i = 0; i < nodes; i++) {
    const rate = (1000 + int(-100, 100)) / 1000;
    ns.push({ up: true, pausedUntil: -1, role: FOLLOWER, term: 0, votedFor: 0, leader: 0, votes: 0, storedTerm: 0, storedVote: 0, electionAt: 0, heartbeatAt: NEVER, rate, highestTerm: 0, leadsTerm: -1 });
  }
  const net: NaiveMessage[] = [];
  const elected: number[] = [];
  let now = 0;
  let delayMax = 10;
  let stable = false;
  let stableSince = 0;
  const restartAt: number[] = new Array<number>(nodes).fill(NEVER);
  let crashAt = int(5, 30);
  let partitionAt = int(10, 80);
  let healAt = NEVER;
  let pauseAt = int(20, 80);
  let group: number[] | null = null; // group[i]: which side node i is on
  const electionTimer = (n: NaiveNode): number => now + Math.floor((2000 * int(10, 20) + n.rate * 1000) / (2 * n.rate * 1000));
  const send = (from: number, to: number, kind: Kind, term: number, flag: boolean): void => {
    net.push({ from, to, kind, term, flag, at: now + int(1, delayMax), decided: false });
  };
  const broadcast = (from: number, kind: Kind, term: number): void => {
    for (let to = 0; to < nodes; to++) if (to !== from) send(from, to, kind, term, false);
  };
  for (const n of ns) n.electionAt = electionTimer(n);

  let events = 0;
  while (events < 200_000) {
    // The next thing due: a timer, a message, or a fault (linear scans, as one would write it).
    let at = NEVER;
    let what = -1; // 0..n-1: election timer, n..2n-1: heartbeat, 2n + k: message k
    for (let i = 0; i < nodes; i++) {
      const n = ns[i];
      if (!n.up || n.pausedUntil >= 0) continue;
      if (n.electionAt < at) [at, what] = [n.electionAt, i];
      if (n.heartbeatAt < at) [at, what] = [n.heartbeatAt, nodes + i];
    }
    for (let k = 0; k < net.length; k++) {
      if (net[k].at < at && ns[net[k].to].pausedUntil < 0) [at, what] = [net[k].at, 2 * nodes + k];
    }
    if (!stable) {
      let fault = Math.min(crashAt, partitionAt, healAt, pauseAt);
      for (const r of restartAt) fault = Math.min(fault, r);
      for (const n of ns) if (n.pausedUntil >= 0) fault = Math.min(fault, n.pausedUntil);
      if (Math.min(at, fault) >= 400) {
        stable = true;
        stableSince = now;
        delayMax = 3;
        group = null;
        for (const n of ns) n.pausedUntil = -1;
        const down = ns.filter((n) => !n.up);
        const staysDown = down.length > 0 && Math.floor((nodes - 1) / 2) > 0 ? down[Math.floor(rng() * down.length)] : null;
        for (const n of down) if (n !== staysDown) restart(n);
        events += 1 + down.length;
        continue;
      }
      if (fault <= at) {
        now = Math.max(now, fault);
        events++;
        fireFault();
        continue;
      }
    } else if (at === NEVER || now > stableSince + 400) {
      return { events, violated: true };
    }
    if (at === NEVER) break;
    now = Math.max(now, at);
    events++;
    if (what < nodes) onElection(what);
    else if (what < 2 * nodes) onHeartbeat(what - nodes);
    else {
      const m = net[what - 2 * nodes];
      net.splice(what - 2 * nodes, 1);
      const cut = group !== null && group[m.from] !== group[m.to];
      if (!ns[m.to].up || cut || (!stable && !m.decided && rng() < 0.1)) {
        // dropped
      } else if (!stable && !m.decided && ((m.decided = true), rng() < 0.05)) {
        net.splice(what - 2 * nodes, 0, m);
        net.push({ ...m, at: now + int(1, delayMax) });
      } else {
        deliver(m);
      }
    }
    if (!check()) return { events, violated: true };
    if (stable && settled()) return { events, violated: false };
  }
  return { events, violated: false };

  function fireFault(): void {
    for (let i = 0; i < nodes; i++) {
      if (ns[i].pausedUntil >= 0 && ns[i].pausedUntil <= now) return void (ns[i].pausedUntil = -1);
    }
    for (let i = 0; i < nodes; i++) {
      if (restartAt[i] <= now) {
        restartAt[i] = NEVER;
        return restart(ns[i]);
      }
    }
    if (healAt <= now) return void ((healAt = NEVER), (group = null));
    if (crashAt <= now) {
      crashAt = now + int(5, 30);
      const running = ns.filter((n) => n.up && n.pausedUntil < 0);
      if (nodes - ns.filter((n) => n.up).length >= 2 || running.length === 0) return;
      const n = running[Math.floor(rng() * running.length)];
      Object.assign(n, { up: false, role: FOLLOWER, leader: 0, votes: 0, electionAt: NEVER, heartbeatAt: NEVER, leadsTerm: -1 });
      restartAt[ns.indexOf(n)] = now + int(1, 30);
      return;
    }
    if (partitionAt <= now) {
      partitionAt = now + int(10, 80);
      if (group !== null) return;
      healAt = now + int(10, 60);
      group = ns.map(() => (rng() < 0.5 ? 0 : 1));
      return;
    }
    pauseAt = now + int(20, 80);
    const running = ns.filter((n) => n.up && n.pausedUntil < 0);
    if (running.length === 0 || ns.some((n) => n.pausedUntil >= 0)) return;
    running[Math.floor(rng() * running.length)].pausedUntil = Math.min(now + int(5, 40), 399);
  }

  function restart(n: NaiveNode): void {
    Object.assign(n, { up: true, role: FOLLOWER, term: n.storedTerm, votedFor: n.storedVote, leader: 0, votes: 0, heartbeatAt: NEVER });
    n.electionAt = electionTimer(n);
  }

  function stepDown(n: NaiveNode, term: number): void {
    if (n.role === LEADER) n.electionAt = electionTimer(n);
    if (term > n.term) n.votedFor = 0;
    Object.assign(n, { role: FOLLOWER, term, leader: 0, votes: 0, heartbeatAt: NEVER });
    n.storedTerm = n.term;
    n.storedVote = n.votedFor;
  }

  function onElection(i: number): void {
    const n = ns[i];
    if (n.role === LEADER) return void (n.electionAt = NEVER);
    Object.assign(n, { role: CANDIDATE, term: n.term + 1, votedFor: i + 1, leader: 0, votes: 1 << i, storedTerm: n.term + 1, storedVote: i + 1 });
    n.electionAt = electionTimer(n);
    broadcast(i, Kind.Vote, n.term);
  }

  function onHeartbeat(i: number): void {
    const n = ns[i];
    n.heartbeatAt = NEVER;
    if (n.role !== LEADER) return;
    n.heartbeatAt = now + Math.floor((2000 * 3 + n.rate * 1000) / (2 * n.rate * 1000));
    broadcast(i, Kind.Append, n.term);
  }

  function deliver(m: NaiveMessage): void {
    const n = ns[m.to];
    if (m.term > n.term) stepDown(n, m.term);
    else if (m.term < n.term) {
      if (m.kind === Kind.Vote) send(m.to, m.from, Kind.VoteReply, n.term, false);
      if (m.kind === Kind.Append) send(m.to, m.from, Kind.AppendReply, n.term, false);
      return;
    }
    if (m.kind === Kind.Vote) {
      const granted = n.role === FOLLOWER && (n.votedFor === 0 || n.votedFor === m.from + 1);
      if (granted) {
        n.votedFor = n.storedVote = m.from + 1;
        n.electionAt = electionTimer(n);
      }
      send(m.to, m.from, Kind.VoteReply, n.term, granted);
    } else if (m.kind === Kind.VoteReply) {
      if (n.role !== CANDIDATE || !m.flag) return;
      n.votes |= 1 << m.from;
      let count = 0;
      for (let v = n.votes; v !== 0; v &= v - 1) count++;
      if (count * 2 > nodes) {
        Object.assign(n, { role: LEADER, leader: m.to + 1, electionAt: NEVER });
        n.heartbeatAt = now + Math.floor((2000 * 3 + n.rate * 1000) / (2 * n.rate * 1000));
        broadcast(m.to, Kind.Append, n.term);
      }
    } else if (m.kind === Kind.Append) {
      if (n.role === LEADER) return send(m.to, m.from, Kind.AppendReply, n.term, false);
      Object.assign(n, { role: FOLLOWER, leader: m.from + 1, votes: 0 });
      n.electionAt = electionTimer(n);
      send(m.to, m.from, Kind.AppendReply, n.term, true);
    }
  }

  /** Election safety (history of winners per term, and a leader leads only in a term it won) and term monotonic. */
  function check(): boolean {
    for (let i = 0; i < nodes; i++) {
      const n = ns[i];
      if (!n.up) continue;
      if (n.term < n.highestTerm) return false;
      n.highestTerm = n.term;
      if (n.role !== LEADER) {
        n.leadsTerm = -1;
        continue;
      }
      if (n.leadsTerm >= 0) {
        if (n.leadsTerm !== n.term) return false;
        continue;
      }
      if (elected[n.term] !== undefined && elected[n.term] !== i) return false;
      elected[n.term] = i;
      n.leadsTerm = n.term;
    }
    return true;
  }

  /** Liveness: exactly one live leader, named by every live node. */
  function settled(): boolean {
    let leader = 0;
    for (let i = 0; i < nodes; i++) {
      if (!ns[i].up || ns[i].role !== LEADER) continue;
      if (leader !== 0) return false;
      leader = i + 1;
    }
    return leader !== 0 && ns.every((n) => !n.up || n.leader === leader);
  }
}
