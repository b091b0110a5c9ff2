"""The leadercheck step bridge (leadercheck/bridge@1, docs/bridge.md) for a Python model.

A model is a module-like object with MODEL (the hello description) and four functions of plain
data: init(ctx) and recover(stored, ctx) and step(state, input, ctx) return a Step, stored(state)
and view(state) read a state. This loop hosts any number of instances, one per handle, and
answers each request with exactly one line. It reads no clock and no randomness: an instance
that needs randomness draws it from random.Random(ctx["seed"]).
"""
import json
import sys

BRIDGE = "leadercheck/bridge@1"


class Step:
    """What one step returns: the next state and its effects, as data."""

    def __init__(self, state, send=(), timers=(), marks=()):
        self.state = state
        self.send = list(send)
        self.timers = list(timers)
        self.marks = list(marks)


def _answer(model, instance):
    state = instance["state"]
    step = instance["step"]
    return {
        "ok": True,
        "send": step.send,
        "timers": step.timers,
        "marks": step.marks,
        "stored": model.stored(state),
        "view": model.view(state),
        "state": state,
    }


def _handle(model, instances, request):
    op = request["op"]
    if op == "hello":
        if request.get("bridge") != BRIDGE:
            raise ValueError("this adapter speaks " + BRIDGE)
        return {"ok": True, "bridge": BRIDGE, "model": model.MODEL}
    handle = request["node"]
    if op == "forget":
        instances.pop(handle, None)
        return {"ok": True}
    if op in ("init", "recover"):
        ctx = {"id": request["id"], "nodes": request["nodes"], "config": request["config"], "seed": request["seed"]}
        step = model.init(ctx) if op == "init" else model.recover(request["stored"], ctx)
    elif op == "step":
        instance = instances[handle]
        ctx = instance["ctx"]
        step = model.step(instance["state"], request["input"], ctx)
    else:
        raise ValueError("unknown op " + repr(op))
    instances[handle] = {"ctx": ctx, "state": step.state, "step": step}
    return _answer(model, instances[handle])


def serve(model):
    """Answers requests on stdin until it closes."""
    instances = {}
    out = sys.stdout
    for line in sys.stdin:
        try:
            answer = _handle(model, instances, json.loads(line))
        except Exception as error:  # a model error: leadercheck reports it with the trace
            answer = {"ok": False, "error": "%s: %s" % (type(error).__name__, str(error).splitlines()[0] if str(error) else "")}
        out.write(json.dumps(answer, separators=(",", ":")))
        out.write("\n")
        out.flush()
