"""Bully election (Garcia-Molina 1982) in Python, for leadercheck's step bridge.

The same algorithm as leadercheck's TypeScript model (models/bully/step.ts), written as a Python
programmer would: Election / Answer / Coordinator messages plus the leader's heartbeats as the
failure detector. `--no-reelection` drops every timeout (the tutorial mutant): a crashed leader
is never replaced.
"""
import sys

from leadercheck_bridge import Step, serve

DETECTS_FAILURES = "--no-reelection" not in sys.argv[1:]

MODEL = {
    "name": "python-bully" if DETECTS_FAILURES else "python-bully/no-reelection",
    "summary": "Bully election in Python through the step bridge" + ("" if DETECTS_FAILURES else " (mutant: no timeouts)"),
    "promises": ["single-leader", "term-monotonic", "liveness", "agreement"],
    "defaultConfig": {"answerTimeout": 20, "coordinatorTimeout": 45, "heartbeat": 5, "leaderTimeout": 20},
    "messageTypes": ["Election", "Answer", "Coordinator", "Heartbeat"],
    "timerNames": ["answer", "coordinator", "heartbeat", "leader-timeout"],
    "roles": ["follower", "candidate", "leader"],
    "marks": ["leader answers and re-asserts", "no Coordinator after an Answer: election restarts", "leader silent: follower starts an election"],
    "synchronousDelayTicksMax": 8,
    "livenessBoundTicks": 200,
    "explore": True,
}


def cancel(name):
    return {"name": name, "cancel": True}


def state_of(role, round_, leader, awaiting):
    return {"role": role, "round": round_, "leader": leader, "awaiting": awaiting}


def init(ctx):
    return start_election(state_of("follower", 0, None, None), 1, ctx)


def recover(stored, ctx):
    round_ = stored["round"] if stored else 0
    return start_election(state_of("follower", round_, None, None), round_ + 1, ctx)


def stored(state):
    return {"round": state["round"]}


def view(state):
    return {"role": state["role"], "term": state["round"], "leader": state["leader"]}


def step(s, input_, ctx):
    if input_["kind"] == "timer":
        return on_timer(s, input_["name"], ctx)
    sender, msg = input_["from"], input_["msg"]
    kind = msg["type"]
    if kind == "Election":
        return on_election(s, sender, msg["round"], ctx)
    if kind == "Answer":
        return on_answer(s, msg["round"], ctx)
    if kind == "Coordinator":
        return on_coordinator(s, sender, msg["round"], ctx)
    if kind == "Heartbeat":
        return on_heartbeat(s, sender, msg["round"], ctx) if DETECTS_FAILURES else Step(s)
    raise ValueError("unknown message type " + kind)


def on_election(s, sender, round_, ctx):
    if sender > ctx["id"]:
        return Step(s)
    joined = max(s["round"], round_)
    answer = {"to": sender, "msg": {"type": "Answer", "round": joined}}
    if s["role"] == "leader":
        reassert = {"to": sender, "msg": {"type": "Coordinator", "round": s["round"]}}
        return Step(s, [answer, reassert], marks=["leader answers and re-asserts"])
    if s["role"] == "candidate":
        return Step(dict(s, round=joined), [answer])
    started = start_election(s, joined, ctx)
    started.send.insert(0, answer)
    return started


def on_answer(s, round_, ctx):
    if s["role"] != "candidate" or s["awaiting"] != "answer":
        return Step(s)
    timers = [cancel("answer")]
    if DETECTS_FAILURES:
        timers.append({"name": "coordinator", "after": ctx["config"]["coordinatorTimeout"]})
    return Step(dict(s, round=max(s["round"], round_), awaiting="coordinator"), timers=timers)


def on_coordinator(s, sender, round_, ctx):
    if sender > ctx["id"]:
        return become_follower(s, sender, max(s["round"], round_), ctx)
    return bully_lower_leader(s, sender, ctx)


def on_heartbeat(s, sender, round_, ctx):
    if sender < ctx["id"]:
        return Step(s) if s["role"] == "candidate" else bully_lower_leader(s, sender, ctx)
    if s["role"] == "follower" and s["leader"] is not None and sender < s["leader"]:
        return Step(s)
    return become_follower(s, sender, max(s["round"], round_), ctx)


def bully_lower_leader(s, lower, ctx):
    if s["role"] == "leader":
        return Step(s, [{"to": lower, "msg": {"type": "Coordinator", "round": s["round"]}}])
    if s["role"] == "candidate":
        return Step(s)
    return start_election(s, s["round"] + 1, ctx)


def on_timer(s, name, ctx):
    if name == "answer":
        return become_leader(s, s["round"], ctx) if s["role"] == "candidate" and s["awaiting"] == "answer" else Step(s)
    if name == "coordinator":
        if s["role"] != "candidate" or s["awaiting"] != "coordinator":
            return Step(s)
        started = start_election(s, s["round"] + 1, ctx)
        started.marks.append("no Coordinator after an Answer: election restarts")
        return started
    if name == "leader-timeout":
        if s["role"] != "follower":
            return Step(s)
        started = start_election(s, s["round"] + 1, ctx)
        started.marks.append("leader silent: follower starts an election")
        return started
    if name == "heartbeat":
        if s["role"] != "leader":
            return Step(s)
        return Step(s, to_all_others(ctx, {"type": "Heartbeat", "round": s["round"]}), [heartbeat_timer(ctx)])
    return Step(s)


def start_election(s, round_, ctx):
    higher = [{"to": peer, "msg": {"type": "Election", "round": round_}} for peer in range(ctx["id"] + 1, ctx["nodes"] + 1)]
    if not higher:
        return become_leader(s, round_, ctx)
    timers = [cancel("coordinator"), cancel("leader-timeout"), cancel("heartbeat")]
    if DETECTS_FAILURES:
        timers.append({"name": "answer", "after": ctx["config"]["answerTimeout"]})
    return Step(state_of("candidate", round_, None, "answer"), higher, timers)


def become_leader(s, round_, ctx):
    if s["role"] == "leader":
        raise ValueError("invalid transition leader -> leader")
    timers = [cancel("answer"), cancel("coordinator"), cancel("leader-timeout"), heartbeat_timer(ctx)]
    return Step(state_of("leader", round_, ctx["id"], None), to_all_others(ctx, {"type": "Coordinator", "round": round_}), timers)


def become_follower(s, leader, round_, ctx):
    if round_ < s["round"]:
        raise ValueError("invalid transition: round %d -> %d" % (s["round"], round_))
    timers = [cancel("answer"), cancel("coordinator"), cancel("heartbeat")]
    if DETECTS_FAILURES:
        timers.append({"name": "leader-timeout", "after": ctx["config"]["leaderTimeout"]})
    return Step(state_of("follower", round_, leader, None), timers=timers)


def heartbeat_timer(ctx):
    return {"name": "heartbeat", "after": ctx["config"]["heartbeat"]}


def to_all_others(ctx, msg):
    return [{"to": peer, "msg": msg} for peer in range(1, ctx["nodes"] + 1) if peer != ctx["id"]]


if __name__ == "__main__":
    serve(sys.modules[__name__])
