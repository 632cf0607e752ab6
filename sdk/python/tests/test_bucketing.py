import json
import random
import unittest

from tightrope import bucketing
from tightrope.config import RoutingConfig

from .fake_server import config
from .support import VECTORS


class SharedVectorsTest(unittest.TestCase):
    """The server's own numbers (sdk/test-vectors/bucketing.json, generated from its Bucketing)."""

    def test_every_vector(self):
        with open(VECTORS, encoding="utf-8") as handle:
            vectors = json.load(handle)
        self.assertEqual(vectors["buckets"], bucketing.BUCKETS)
        self.assertGreater(len(vectors["cases"]), 1000)
        for case in vectors["cases"]:
            self.assertEqual(bucketing.bucket(case["salt"], case["routingKey"]), case["bucket"], case)
            self.assertEqual(bucketing.sticky_arm(case["salt"], case["routingKey"], case["weight"]), case["arm"],
                             case)
            if case["weight"] > 0:
                routed = RoutingConfig(dict(config(3, case["weight"], case["salt"], canary=2)))
                decision = routed.route(case["routingKey"])
                self.assertEqual(decision.arm, case["arm"], case)
                self.assertEqual(decision.version, 2 if case["arm"] == "CANARY" else 1)

    def test_worked_example(self):
        self.assertEqual(bucketing.bucket("salt-1", "user-42"), 6180)
        self.assertEqual(bucketing.bucket("salt-2", "user-42"), 8693)


class RulesTest(unittest.TestCase):

    def test_without_canary_or_at_zero_everything_is_stable(self):
        self.assertEqual(RoutingConfig(config(1)).route("anyone").arm, "STABLE")
        self.assertEqual(RoutingConfig(config(1, 0, "s", canary=2)).route("anyone").arm, "STABLE")

    def test_without_a_key_the_arm_is_random_by_weight(self):
        routed = RoutingConfig(config(2, 25, "salt", canary=2))
        rng = random.Random(7)
        canary = sum(routed.route(None, rng).arm == "CANARY" for _ in range(20000))
        self.assertAlmostEqual(canary / 20000, 0.25, delta=0.02)
        self.assertEqual(RoutingConfig(config(2, 100, "salt", canary=2)).route("").arm, "CANARY")

    def test_refuses_what_the_server_refuses(self):
        for salt, key in (("", "k"), ("s", ""), (None, "k")):
            with self.assertRaises(ValueError):
                bucketing.bucket(salt, key)
        for weight in (-1, 101, 5.5, True):
            with self.assertRaises(ValueError):
                bucketing.threshold(weight)

    def test_an_unpaired_surrogate_is_bucketed_as_u_fffd_like_the_other_sdks(self):
        # the same numbers as the TypeScript and Java SDKs' tests: "a\ud800" is hashed as "a\ufffd"
        self.assertEqual(bucketing.bucket("salt-1", "a\ud800"), bucketing.bucket("salt-1", "a\ufffd"))
        self.assertEqual(bucketing.bucket("salt-1", "a\ud800"), 4944)
        self.assertEqual(bucketing.bucket("salt-1", "a\ud800b\ud83d\ude00\udc00"), 2754)  # a pair is its character
        self.assertEqual(bucketing.bucket("salt-1", "a\ud800b\U0001f600\ufffd"), 2754)
        decision = RoutingConfig(config(3, 50, "salt-1", canary=2)).route("a\ud800")
        self.assertEqual(decision.arm, "CANARY")  # 4944 < 5000

    def test_the_decision_carries_the_components(self):
        decision = RoutingConfig(config(4, 100, "salt", canary=2)).route("k")
        self.assertEqual((decision.version, decision.generation, decision.rollout_id), (2, 4, "7"))
        self.assertEqual(decision.prompt, {"system": "v2"})
        self.assertEqual(decision.knowledge_base, {"indexId": "kb"})


class ToolGatesTest(unittest.TestCase):
    """Circuit breakers in the cached configuration: the same rule as the server's route() (docs/rules.md)."""

    def config(self, gates):
        from tightrope.config import RoutingConfig
        return RoutingConfig({"agent": "a", "environment": "e", "generation": 3, "weight": 0,
                              "stable": {"version": 1}, "toolGates": gates})

    def test_an_open_breaker_disables_the_tool_for_every_key(self):
        config = self.config({"search": {"state": "OPEN", "share": 0}})
        for key in ("customer-1", "customer-2", None):
            self.assertEqual(config.route(key).disabled_tools, ["search"])

    def test_a_half_open_breaker_lets_the_keys_of_its_share_in(self):
        from tightrope import bucketing
        config = self.config({"search": {"state": "HALF_OPEN", "share": 10}})
        admitted = [key for key in ("customer-%d" % i for i in range(1000))
                    if not config.route(key).disabled_tools]
        self.assertTrue(all(bucketing.bucket("tool:search", key) < 1000 for key in admitted))
        self.assertTrue(50 < len(admitted) < 150, len(admitted))
        self.assertEqual(config.route(None).disabled_tools, ["search"])

    def test_no_gates_no_disabled_tools(self):
        self.assertEqual(self.config({}).route("k").disabled_tools, [])
