"""The routing configuration a runtime caches, and the decision for one request.

The JSON is the server's ``RoutingConfig`` (the same as GraphQL ``configChanged`` and ``GET …/config``)::

    {"agent": "support-bot", "environment": "production", "generation": 7, "weight": 5,
     "salt": "9f86d081884c7d65", "rolloutId": "12",
     "toolGates": {"search": {"state": "HALF_OPEN", "share": 10, "since": "…", "reason": "…"}},
     "stable": {"version": 13, "snapshotHash": "…", "prompt": {…}, "model": {…}, "tools": {…},
                "guardrails": {…}, "knowledgeBase": {…}},
     "canary": {"version": 14, …} or null}
"""

import random as _random

from . import bucketing

# The server keeps routing keys of at most this many characters; longer ones are left out of what is reported.
MAX_ROUTING_KEY = 200


class VersionConfig(object):
    """One agent version's five components, as plain dicts."""

    __slots__ = ("version", "snapshot_hash", "prompt", "model", "tools", "guardrails", "knowledge_base", "raw")

    def __init__(self, raw):
        self.raw = raw
        self.version = raw["version"]
        self.snapshot_hash = raw.get("snapshotHash")
        self.prompt = raw.get("prompt")
        self.model = raw.get("model")
        self.tools = raw.get("tools")
        self.guardrails = raw.get("guardrails")
        self.knowledge_base = raw.get("knowledgeBase")


class RoutingConfig(object):
    """A deployment's configuration at one generation. Immutable once built; a change replaces it whole."""

    def __init__(self, raw):
        if not isinstance(raw, dict) or not isinstance(raw.get("generation"), int) or not isinstance(
                raw.get("stable"), dict):
            raise ValueError("not a Tightrope routing configuration")
        self.raw = raw
        self.agent = raw.get("agent")
        self.environment = raw.get("environment")
        self.generation = raw["generation"]
        self.weight = raw.get("weight") or 0
        self.salt = raw.get("salt")
        self.rollout_id = raw.get("rolloutId")
        gates = raw.get("toolGates")
        self.tool_gates = gates if isinstance(gates, dict) else {}
        self.stable = VersionConfig(raw["stable"])
        self.canary = VersionConfig(raw["canary"]) if isinstance(raw.get("canary"), dict) else None

    def route(self, routing_key=None, rng=_random):
        """The decision for one request, exactly as the server's route() makes it."""
        arm = bucketing.arm(self.salt, self.weight, self.canary is not None, routing_key, rng)
        config = self.canary if arm == bucketing.CANARY else self.stable
        return Decision(self, arm, config, routing_key, self.disabled_tools(routing_key))

    def disabled_tools(self, routing_key=None):
        """The tools this request must not use: open circuit breakers, and half-open ones that do not let its
        routing key in (bucket under the salt ``tool:<name>`` below ``share × 100``), sorted by name."""
        disabled = []
        for tool in sorted(self.tool_gates):
            gate = self.tool_gates[tool]
            share = gate.get("share", 0) if isinstance(gate, dict) else 0
            admitted = (isinstance(gate, dict) and gate.get("state") == "HALF_OPEN" and routing_key
                        and bucketing.bucket("tool:" + tool, routing_key) < share * (bucketing.BUCKETS // 100))
            if not admitted:
                disabled.append(tool)
        return disabled


class Decision(object):
    """Which version serves one request: ``version``, ``arm`` (``STABLE``/``CANARY``), ``generation``,
    ``rollout_id``, the version's components (``prompt``, ``model``, ``tools``, ``guardrails``,
    ``knowledge_base``), and ``disabled_tools``: the tools whose circuit breaker keeps this request from them. Pass
    it to ``Client.report`` with what happened."""

    __slots__ = ("agent", "environment", "arm", "version", "generation", "rollout_id", "routing_key", "config",
                 "disabled_tools")

    def __init__(self, routing, arm, config, routing_key, disabled_tools=()):
        self.disabled_tools = list(disabled_tools)
        self.agent = routing.agent
        self.environment = routing.environment
        self.arm = arm
        self.version = config.version
        self.generation = routing.generation
        self.rollout_id = routing.rollout_id
        self.routing_key = routing_key
        self.config = config

    @property
    def prompt(self):
        return self.config.prompt

    @property
    def model(self):
        return self.config.model

    @property
    def tools(self):
        return self.config.tools

    @property
    def guardrails(self):
        return self.config.guardrails

    @property
    def knowledge_base(self):
        return self.config.knowledge_base

    def span_attributes(self):
        """The OpenTelemetry attributes to put on the request's ``invoke_agent`` span, so that Tightrope's OTLP
        endpoint (``POST /v1/traces``, docs/runtime-api.md) counts the span as this decision's outcome::

            with tracer.start_as_current_span("invoke_agent support-bot",
                                              attributes=decision.span_attributes()) as span:
                ...
                span.set_attribute("gen_ai.usage.input_tokens", reply.input_tokens)

        ``tightrope.agent``, ``tightrope.environment``, ``tightrope.version``, ``tightrope.arm``,
        ``tightrope.generation``, and when set ``tightrope.rollout_id`` and ``tightrope.routing_key``; and the
        OpenTelemetry feature-flag attributes ``feature_flag.key`` (the agent), ``feature_flag.result.variant``
        (``"v14"``), ``feature_flag.provider.name`` (``"tightrope"``) and ``feature_flag.context.id`` (the routing
        key). A routing key longer than the server keeps (200 characters) is left out. A new dict each call."""
        attributes = {
            "tightrope.agent": self.agent,
            "tightrope.environment": self.environment,
            "tightrope.version": self.version,
            "tightrope.arm": self.arm,
            "tightrope.generation": self.generation,
            "tightrope.rollout_id": self.rollout_id,
            "feature_flag.key": self.agent,
            "feature_flag.result.variant": "v%d" % self.version,
            "feature_flag.provider.name": "tightrope",
        }
        if self.routing_key and len(self.routing_key) <= MAX_ROUTING_KEY:
            attributes["tightrope.routing_key"] = self.routing_key
            attributes["feature_flag.context.id"] = self.routing_key
        return {key: value for key, value in attributes.items() if value is not None}

    def __repr__(self):
        return "Decision(version=%r, arm=%r, generation=%r)" % (self.version, self.arm, self.generation)
