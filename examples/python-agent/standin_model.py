"""A stand-in for a language model, so that the example agent runs anywhere without a provider account.

It answers the way the *served version's configuration* says it should: the version's MODEL component may carry
``parameters.standIn`` with the behaviour to simulate, for example::

    "model": {"provider": "openai", "modelId": "gpt-4o", "temperature": 0.2,
              "parameters": {"standIn": {"errorRate": 0.30, "latencyMs": 900, "taskCompletionRate": 0.6,
                                         "toolErrorRate": {"lookup_order": 0.5}}}}

so a bad version really behaves badly once it is routed to, and the canary judge and the trigger rules see it in
the outcomes, exactly as they would see a real regression. Without ``standIn`` the defaults below apply (a healthy
model). Every draw comes from the ``random.Random`` given to the constructor: a seeded one makes a run repeatable.
"""

import math
import random

DEFAULTS = {
    "errorRate": 0.02,            # share of requests that fail (provider error, guardrail violation …)
    "latencyMs": 450.0,           # median latency; the spread is log-normal (sigma 0.35)
    "taskCompletionRate": 0.9,    # share of answered requests that complete the customer's task
    "costPer1kTokensUsd": 0.005,
    "toolErrorRate": {},          # per tool name, the share of its calls that fail
}

LATENCY_SIGMA = 0.35


class ModelError(Exception):
    """The stand-in model failed this request, as a real one sometimes does (timeouts, 5xx, refusals), after
    ``latency_ms``."""

    def __init__(self, message, latency_ms):
        super(ModelError, self).__init__(message)
        self.latency_ms = latency_ms


class Reply(object):
    __slots__ = ("text", "latency_ms", "input_tokens", "output_tokens", "cost_usd", "tool_calls", "task_completed")

    def __init__(self, text, latency_ms, input_tokens, output_tokens, cost_usd, tool_calls, task_completed):
        self.text = text
        self.latency_ms = latency_ms
        self.input_tokens = input_tokens
        self.output_tokens = output_tokens
        self.cost_usd = cost_usd
        self.tool_calls = tool_calls
        self.task_completed = task_completed


def behaviour(model_component):
    """The simulated behaviour of a version: ``DEFAULTS`` overlaid with its ``parameters.standIn``.

    Raises ``ValueError`` for a value that is not a number in range (a rate outside 0..1, a negative latency):
    a typo in a version should be noticed, not quietly replaced by a default.
    """
    merged = dict(DEFAULTS)
    stand_in = ((model_component or {}).get("parameters") or {}).get("standIn") or {}
    if not isinstance(stand_in, dict):
        raise ValueError("model.parameters.standIn must be an object")
    for key, value in stand_in.items():
        if key not in DEFAULTS:
            raise ValueError("model.parameters.standIn.%s is not a stand-in setting (%s)"
                             % (key, ", ".join(sorted(DEFAULTS))))
        if key == "toolErrorRate":
            if not isinstance(value, dict) or not all(_is_rate(rate) for rate in value.values()):
                raise ValueError("model.parameters.standIn.toolErrorRate must map tool names to rates 0..1")
        elif key in ("errorRate", "taskCompletionRate"):
            if not _is_rate(value):
                raise ValueError("model.parameters.standIn.%s must be a number from 0 to 1, was %r" % (key, value))
        elif not _is_number(value) or value < 0:
            raise ValueError("model.parameters.standIn.%s must be a number from 0, was %r" % (key, value))
        merged[key] = value
    return merged


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_rate(value):
    return _is_number(value) and 0 <= value <= 1


class StandInModel(object):
    """Answers questions with the behaviour of the version it is given (see the module's documentation)."""

    def __init__(self, rng=None):
        self._rng = rng or random.Random()

    def answer(self, decision, question):
        """One model call for ``question`` under ``decision``; a ``Reply``, or ``ModelError``.

        Tools: each tool the version declares and the request may use (not in ``decision.disabled_tools``, which
        lists the tools a circuit breaker holds back) is called with probability 0.5.
        """
        rng = self._rng
        settings = behaviour(decision.model)
        latency = settings["latencyMs"] * math.exp(rng.gauss(0.0, LATENCY_SIGMA))
        tool_calls = []
        for tool in _tool_names(decision):
            if tool in decision.disabled_tools or rng.random() >= 0.5:
                continue
            failed = rng.random() < settings["toolErrorRate"].get(tool, 0.0)
            tool_latency = 80.0 * math.exp(rng.gauss(0.0, LATENCY_SIGMA))
            latency += tool_latency
            tool_calls.append({"tool": tool, "status": "ERROR" if failed else "SUCCESS",
                               "latencyMs": round(tool_latency, 1)})
        if rng.random() < settings["errorRate"]:
            # a failing provider answers sooner than a working one: a third of the usual time
            raise ModelError("the stand-in model failed (simulated, errorRate %.2f)" % settings["errorRate"],
                             round(latency / 3.0, 1))
        system = ((decision.prompt or {}).get("system") or "")
        input_tokens = max(1, (len(system) + len(question)) // 4)
        output_tokens = 40 + int(rng.random() * 160)
        cost = (input_tokens + output_tokens) / 1000.0 * settings["costPer1kTokensUsd"]
        completed = rng.random() < settings["taskCompletionRate"]
        text = "(%s v%s) %s" % ((decision.model or {}).get("modelId", "model"), decision.version,
                                "Here is what I found." if completed else "I could not resolve that.")
        return Reply(text, round(latency, 1), input_tokens, output_tokens, round(cost, 6), tool_calls, completed)


def _tool_names(decision):
    tools = (decision.tools or {}).get("tools") or []
    return [tool["name"] for tool in tools if isinstance(tool, dict) and isinstance(tool.get("name"), str)]
