import unittest

from tightrope.config import RoutingConfig

from .fake_server import config


class SpanAttributesTest(unittest.TestCase):
    """decision.span_attributes(): what the OTLP endpoint reads from an invoke_agent span (docs/runtime-api.md)."""

    def test_a_canary_decision_with_a_routing_key(self):
        decision = RoutingConfig(config(4, 100, "salt", canary=2)).route("customer-42")
        self.assertEqual(decision.span_attributes(), {
            "tightrope.agent": "support-bot",
            "tightrope.environment": "production",
            "tightrope.version": 2,
            "tightrope.arm": "CANARY",
            "tightrope.generation": 4,
            "tightrope.rollout_id": "7",
            "tightrope.routing_key": "customer-42",
            "feature_flag.key": "support-bot",
            "feature_flag.result.variant": "v2",
            "feature_flag.provider.name": "tightrope",
            "feature_flag.context.id": "customer-42",
        })

    def test_without_a_rollout_or_a_routing_key_nothing_is_null(self):
        attributes = RoutingConfig(config(1)).route(None).span_attributes()
        self.assertEqual(attributes["tightrope.arm"], "STABLE")
        self.assertEqual(attributes["feature_flag.result.variant"], "v1")
        for left_out in ("tightrope.rollout_id", "tightrope.routing_key", "feature_flag.context.id"):
            self.assertNotIn(left_out, attributes)
        self.assertTrue(all(isinstance(value, (str, int)) for value in attributes.values()))

    def test_a_routing_key_longer_than_the_server_keeps_is_left_out(self):
        decision = RoutingConfig(config(1)).route("k" * 201)
        self.assertNotIn("tightrope.routing_key", decision.span_attributes())
        self.assertNotIn("feature_flag.context.id", decision.span_attributes())
        self.assertEqual(RoutingConfig(config(1)).route("k" * 200).span_attributes()["tightrope.routing_key"],
                         "k" * 200)

    def test_each_call_gives_a_new_dict(self):
        decision = RoutingConfig(config(1)).route("a")
        decision.span_attributes()["tightrope.version"] = 99
        self.assertEqual(decision.span_attributes()["tightrope.version"], 1)
