import contextlib
import io
import os
import random
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "sdk", "python"))
sys.path.insert(0, os.path.join(HERE, ".."))

import agent  # noqa: E402
from standin_model import ModelError, StandInModel, behaviour  # noqa: E402
from tightrope import RoutingConfig  # noqa: E402


def version(number, stand_in=None, tools=("lookup_order", "issue_refund")):
    model = {"provider": "openai", "modelId": "gpt-4o"}
    if stand_in is not None:
        model["parameters"] = {"standIn": stand_in}
    return {"version": number, "prompt": {"system": "You are the support bot."}, "model": model,
            "tools": {"tools": [{"name": name} for name in tools]}, "guardrails": {}, "knowledgeBase": {}}


def config(weight=50, canary_stand_in=None, gates=None):
    return RoutingConfig({"agent": "support-bot", "environment": "production", "generation": 4, "weight": weight,
                          "salt": "salt-1", "rolloutId": "9", "toolGates": gates or {},
                          "stable": version(1), "canary": version(2, canary_stand_in)})


class FakeClient(object):
    """The two calls the loop makes on a Tightrope Client, recorded (routing is the SDK's real RoutingConfig)."""

    def __init__(self, routing):
        self.routing = routing
        self.generation = routing.generation
        self.reports = []

    def route(self, key):
        return self.routing.route(key)

    def report(self, decision, status, latency_ms, **fields):
        self.reports.append((decision, status, latency_ms, fields))


class BehaviourTest(unittest.TestCase):

    def test_defaults_without_stand_in(self):
        self.assertEqual(0.02, behaviour({"provider": "openai"})["errorRate"])

    def test_stand_in_overrides(self):
        settings = behaviour({"parameters": {"standIn": {"errorRate": 0.3, "latencyMs": 900}}})
        self.assertEqual((0.3, 900), (settings["errorRate"], settings["latencyMs"]))

    def test_bad_values_are_refused_not_replaced(self):
        for bad in ({"errorRate": 1.5}, {"errorRate": "0.3"}, {"errorRate": True}, {"latencyMs": -1},
                    {"toolErrorRate": {"search": 2}}, {"errorRat": 0.3}, {"latencyMs": float("nan")}):
            with self.subTest(bad=bad):
                with self.assertRaises(ValueError):
                    behaviour({"parameters": {"standIn": bad}})


class StandInModelTest(unittest.TestCase):

    def share_failing(self, stand_in, calls=4000):
        model = StandInModel(random.Random(5))
        decision = config(weight=100, canary_stand_in=stand_in).route("customer-1")
        failures = 0
        for _ in range(calls):
            try:
                model.answer(decision, "Where is my order?")
            except ModelError:
                failures += 1
        return failures / float(calls)

    def test_error_rate_follows_the_served_version(self):
        self.assertAlmostEqual(0.02, self.share_failing(None), delta=0.01)
        self.assertAlmostEqual(0.30, self.share_failing({"errorRate": 0.3}), delta=0.03)

    def test_same_seed_same_answers(self):
        decision = config().route("customer-7")
        def answers(seed):
            model = StandInModel(random.Random(seed))
            latencies = []
            for _ in range(20):
                try:
                    latencies.append(model.answer(decision, "q").latency_ms)
                except ModelError as error:
                    latencies.append(-error.latency_ms)
            return latencies
        self.assertEqual(answers(3), answers(3))
        self.assertNotEqual(answers(3), answers(4))

    def test_disabled_tools_are_not_called(self):
        gates = {"issue_refund": {"state": "OPEN", "share": 0}}
        decision = config(weight=0, gates=gates).route("customer-3")
        self.assertEqual(["issue_refund"], decision.disabled_tools)
        model = StandInModel(random.Random(11))
        called = set()
        for _ in range(200):
            try:
                called.update(call["tool"] for call in model.answer(decision, "q").tool_calls)
            except ModelError:
                pass
        self.assertEqual({"lookup_order"}, called)


class LoopTest(unittest.TestCase):

    def run_loop(self, routing, requests=400, seed=1):
        os.environ["TIGHTROPE_TOKEN"] = "tr_test"
        args = agent.parse_args(["--rate", "1000", "--requests", str(requests), "--duration", "60",
                                 "--report-every", "1000"])
        client = FakeClient(routing)
        now = [0.0]
        total = agent.run(args, client, StandInModel(random.Random(seed)), random.Random(seed),
                          clock=lambda: now[0], sleep=lambda seconds: now.__setitem__(0, now[0] + seconds),
                          out=io.StringIO())
        return total, client.reports

    def test_every_request_is_routed_and_reported_with_its_decision(self):
        total, reports = self.run_loop(config(weight=50))
        self.assertEqual(400, total)
        self.assertEqual(400, len(reports))
        arms = {decision.arm for decision, _, _, _ in reports}
        self.assertEqual({"STABLE", "CANARY"}, arms)
        for decision, status, latency, fields in reports:
            self.assertIn(status, ("SUCCESS", "ERROR"))
            self.assertGreater(latency, 0)
            if status == "SUCCESS":
                self.assertGreater(fields["input_tokens"], 0)

    def test_a_bad_canary_shows_in_its_own_outcomes_only(self):
        _, reports = self.run_loop(config(weight=50, canary_stand_in={"errorRate": 0.4}), requests=2000)
        rates = {}
        for arm in ("STABLE", "CANARY"):
            mine = [status for decision, status, _, _ in reports if decision.arm == arm]
            rates[arm] = mine.count("ERROR") / float(len(mine))
        self.assertLess(rates["STABLE"], 0.06)
        self.assertGreater(rates["CANARY"], 0.3)

    def test_the_loop_keeps_its_rate(self):
        os.environ["TIGHTROPE_TOKEN"] = "tr_test"
        args = agent.parse_args(["--rate", "20", "--duration", "5", "--report-every", "1000"])
        now = [0.0]
        total = agent.run(args, FakeClient(config()), StandInModel(random.Random(2)), random.Random(2),
                          clock=lambda: now[0], sleep=lambda seconds: now.__setitem__(0, now[0] + seconds),
                          out=io.StringIO())
        self.assertEqual(100, total)

    def test_arguments_are_bounded(self):
        os.environ["TIGHTROPE_TOKEN"] = "tr_test"
        for bad in (["--rate", "0"], ["--rate", "5000"], ["--duration", "0"], ["--customers", "0"]):
            with self.subTest(bad=bad):
                with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
                    agent.parse_args(bad)


if __name__ == "__main__":
    unittest.main()
