import os
import tempfile
import unittest

from tightrope import Client, NotReadyError
from tightrope.backoff import Backoff

from .fake_server import TOKEN, FakeTightrope, config
from .support import eventually


class ClientTest(unittest.TestCase):

    def setUp(self):
        self.server = FakeTightrope()

    def tearDown(self):
        self.server.close()

    def client(self, **options):
        settings = dict(runtime_id="pod-1", backoff=Backoff(0.01, 0.05), poll_interval=0.05,
                        outcome_flush_interval=0.05)
        settings.update(options)
        client = Client(self.server.url, TOKEN, "support-bot", "production", **settings)
        self.addCleanup(client.close, 2.0)
        return client

    def test_starts_with_the_current_configuration_routes_locally_and_acknowledges(self):
        self.server.config = config(3, 100, "salt-1", canary=2)
        client = self.client()
        self.assertEqual(client.generation, 3)
        self.assertEqual(client.route("user-42").arm, "CANARY")
        eventually(lambda: self.server.acks == [{"generation": 3, "runtimeId": "pod-1"}])
        path, last_event_id = self.server.stream_requests[0]
        self.assertIn("runtimeId=pod-1", path)
        self.assertIsNone(last_event_id)
        self.assertLess(client.staleness(), 5)

    def test_close_while_the_stream_is_being_read_leaves_no_exception_behind(self):
        import threading
        escaped = []
        previous = threading.excepthook
        threading.excepthook = lambda args: escaped.append(args.exc_value)
        try:
            for _ in range(20):   # close lands at a different point of the read each time
                self.server.config = config(3)
                client = Client(self.server.url, TOKEN, "support-bot", "production", runtime_id="pod-1",
                                backoff=Backoff(0.01, 0.05))
                self.server.send_heartbeat()
                client.close(2.0)
                self.assertFalse(client._thread.is_alive())
        finally:
            threading.excepthook = previous
        self.assertEqual([], escaped)

    def test_follows_every_change_and_resumes_with_last_event_id(self):
        changes = []
        client = self.client(on_change=lambda c: changes.append(c.generation))
        self.server.publish(config(2, 5, "salt-1", canary=2))
        eventually(lambda: client.generation == 2)
        self.assertEqual(client.route("user-42").arm, "STABLE")  # bucket 6180 >= 500
        self.server.publish(config(3, 62, "salt-1", canary=2))
        eventually(lambda: client.route("user-42").arm == "CANARY")  # bucket 6180 < 6200
        self.server.drop_streams()
        eventually(lambda: len(self.server.stream_requests) == 2, message="a reconnect")
        self.assertEqual(self.server.stream_requests[1][1], "3")
        self.server.publish(config(4))
        eventually(lambda: client.generation == 4)
        eventually(lambda: [a["generation"] for a in self.server.acks] == [1, 2, 3, 4])
        self.assertEqual(changes, [1, 2, 3, 4])

    def test_heartbeats_keep_the_staleness_low(self):
        client = self.client()
        first = client.staleness()
        self.server.send_heartbeat()
        eventually(lambda: client.staleness() < first or client.staleness() < 0.05)

    def test_falls_back_to_polling_with_etag_when_the_stream_keeps_failing(self):
        self.server.stream_refusals = 1000
        client = self.client(stream_failures_before_polling=3, wait_for_config=5.0)
        self.assertEqual(client.generation, 1)
        self.assertEqual(client.mode, "poll")
        self.assertGreaterEqual(len(self.server.stream_requests), 3)
        eventually(lambda: '"1"' in self.server.config_requests, message="a poll with If-None-Match")
        self.server.config = config(5)
        eventually(lambda: client.generation == 5)
        eventually(lambda: 5 in [a["generation"] for a in self.server.acks])

    def test_fail_static_serves_the_last_configuration_when_the_server_is_gone(self):
        client = self.client()
        self.server.close()
        decision = client.route("someone")
        self.assertEqual((decision.version, decision.generation), (1, 1))
        eventually(lambda: client.reconnects >= 2, message="reconnect attempts")
        self.assertEqual(client.route("someone").version, 1)
        self.assertGreaterEqual(client.staleness(), 0)

    def test_the_file_cache_serves_at_start_while_the_server_is_away(self):
        path = os.path.join(tempfile.mkdtemp(), "cache.json")
        self.server.config = config(6, 100, "salt-1", canary=2)
        self.client(cache_file=path).close(2.0)
        self.assertTrue(os.path.exists(path))
        url = self.server.url
        self.server.close()
        offline = Client(url, TOKEN, "support-bot", "production", cache_file=path, wait_for_config=5.0,
                         backoff=Backoff(0.01, 0.05))
        self.addCleanup(offline.close, 2.0)
        self.assertEqual(offline.generation, 6)
        self.assertEqual(offline.route("user-42").version, 2)
        self.assertIsNone(offline.staleness(), "never confirmed by a server")

    def test_without_any_configuration_route_says_so(self):
        self.server.close()
        client = Client(self.server.url, TOKEN, "support-bot", "production", wait_for_config=0.1,
                        backoff=Backoff(0.01, 0.05))
        self.addCleanup(client.close, 2.0)
        with self.assertRaises(NotReadyError):
            client.route("k")

    def test_outcomes_of_decisions_are_reported(self):
        self.server.config = config(2, 100, "salt-1", canary=2)
        client = self.client()
        decision = client.route("user-42")
        self.assertTrue(client.report(decision, "SUCCESS", 1200, task_completed=True, cost_usd=0.004,
                                      tool_calls=[{"tool": "lookup_order", "status": "SUCCESS", "latencyMs": 20}]))
        self.assertTrue(client.outcomes.flush(5.0))
        line = self.server.outcome_posts[0][1][0]
        self.assertEqual({k: line[k] for k in ("agent", "environment", "version", "arm", "generation", "rolloutId",
                                               "routingKey", "status", "latencyMs", "taskCompleted")},
                         {"agent": "support-bot", "environment": "production", "version": 2, "arm": "CANARY",
                          "generation": 2, "rolloutId": "7", "routingKey": "user-42", "status": "SUCCESS",
                          "latencyMs": 1200, "taskCompleted": True})
        self.assertTrue(line["occurredAt"].endswith("Z"))
        self.assertNotIn("evalScore", line)
        long_key = client.route("k" * 300)
        client.report(long_key, "ERROR", 5)
        client.outcomes.flush(5.0)
        self.assertNotIn("routingKey", self.server.outcome_posts[-1][1][-1])

    def test_after_polling_it_is_back_on_the_stream_with_the_backoff_not_after_minutes(self):
        self.server.stream_refusals = 4
        client = self.client(stream_failures_before_polling=3, poll_interval=60.0, wait_for_config=5.0)
        eventually(lambda: client.mode == "poll", message="polling")
        eventually(lambda: client.mode == "stream" and self.server.subscribers, message="back on the stream")
        self.server.publish(config(7))
        eventually(lambda: client.generation == 7, timeout=2.0, message="the change over the stream")

    def test_why_the_configuration_cannot_be_had_is_logged_at_warning_once(self):
        with self.assertLogs("tightrope", "WARNING") as logs:
            client = Client(self.server.url, "tr_wrong", "support-bot", "production", backoff=Backoff(0.01, 0.02),
                            poll_interval=0.02, wait_for_config=0.5, stream_failures_before_polling=2)
            self.addCleanup(client.close, 2.0)
            eventually(lambda: len(self.server.config_requests) >= 0 and client.reconnects >= 10)
        refusals = [line for line in logs.output if "UNAUTHENTICATED (HTTP 401): token" in line]
        self.assertEqual(len(refusals), 1, logs.output)

    def test_report_converts_a_decimal_refuses_wrong_types_and_leaves_out_keys_the_server_refuses(self):
        from decimal import Decimal
        client = self.client()
        decision = client.route("user-42")
        self.assertTrue(client.report(decision, "SUCCESS", Decimal("12.5"), cost_usd=Decimal("0.0042"),
                                      input_tokens=10, tool_calls=[{"tool": "t", "status": "ERROR",
                                                                    "latencyMs": Decimal(3)}]))
        for key in ("nul\x00key", "a\ud800"):
            self.assertTrue(client.report(client.route(key), "SUCCESS", 1))
        self.assertTrue(client.outcomes.flush(5.0))
        lines = [line for _, posted in self.server.outcome_posts for line in posted]
        self.assertEqual((lines[0]["costUsd"], lines[0]["latencyMs"], lines[0]["toolCalls"][0]["latencyMs"]),
                         (0.0042, 12.5, 3))
        self.assertEqual([("routingKey" in line) for line in lines], [True, False, False])
        self.assertEqual((client.outcomes.sent, client.outcomes.failed), (3, 0))
        wrong = [dict(decision=None), dict(status="OK"), dict(latency_ms="12"), dict(latency_ms=float("nan")),
                 dict(cost_usd="0.1"), dict(cost_usd=True), dict(input_tokens=1.5), dict(output_tokens=10 ** 0.5),
                 dict(eval_score=object()), dict(task_completed="yes"), dict(tool_calls={"tool": "t"}),
                 dict(tool_calls=[{"tool": "t", "status": "SUCCESS"}]), dict(occurred_at="2026-01-01")]
        for change in wrong:
            arguments = dict(decision=decision, status="SUCCESS", latency_ms=5)
            arguments.update(change)
            with self.assertRaises(TypeError, msg=change):
                client.report(**arguments)

    def test_refuses_options_that_cannot_work(self):
        url = self.server.url
        for token, agent, environment, options in (
                (None, "support-bot", "production", {}), ("", "support-bot", "production", {}),
                (TOKEN, "Bad_Slug", "production", {}), (TOKEN, "", "production", {}),
                (TOKEN, "support-bot", None, {}), (TOKEN, "support-bot", "production", {"runtime_id": "r" * 201}),
                (TOKEN, "support-bot", "production", {"timeout": 0}),
                (TOKEN, "support-bot", "production", {"timeout": -1}),
                (TOKEN, "support-bot", "production", {"poll_interval": 0}),
                (TOKEN, "support-bot", "production", {"wait_for_config": -1}),
                (TOKEN, "support-bot", "production", {"outcome_batch_size": 20_000})):
            with self.assertRaises((TypeError, ValueError), msg=(token, agent, environment, options)):
                Client(url, token, agent, environment, start=False, **options)

    def test_a_corrupt_cache_file_is_logged(self):
        path = os.path.join(tempfile.mkdtemp(), "cache.json")
        with open(path, "w") as handle:
            handle.write('{"generation": 3, "stab')
        with self.assertLogs("tightrope", "WARNING") as logs:
            Client(self.server.url, TOKEN, "support-bot", "production", cache_file=path, start=False)
        self.assertIn(path, "\n".join(logs.output))
