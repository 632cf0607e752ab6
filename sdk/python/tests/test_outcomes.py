import unittest

from tightrope.backoff import Backoff
from tightrope.outcomes import OutcomeReporter
from tightrope.transport import Transport

from .fake_server import TOKEN, FakeTightrope
from .support import eventually


def outcome(i):
    return {"agent": "support-bot", "environment": "production", "version": 1, "arm": "STABLE",
            "occurredAt": "2026-12-01T10:00:00Z", "status": "SUCCESS", "latencyMs": i}


class OutcomeReporterTest(unittest.TestCase):

    def setUp(self):
        self.server = FakeTightrope()
        self.transport = Transport(self.server.url, TOKEN, "support-bot", "production")

    def tearDown(self):
        self.server.close()

    def reporter(self, **options):
        settings = dict(queue_size=100, batch_size=10, flush_interval=30.0, backoff=Backoff(0.01, 0.02))
        settings.update(options)
        reporter = OutcomeReporter(self.transport, **settings)
        self.addCleanup(reporter.close, 2.0)
        return reporter

    def test_a_full_batch_is_sent_at_once_as_ndjson(self):
        reporter = self.reporter()
        for i in range(10):
            self.assertTrue(reporter.report(outcome(i)))
        eventually(lambda: len(self.server.outcome_posts) == 1, message="one batch")
        path, lines = self.server.outcome_posts[0]
        self.assertIn("batchId=", path)
        self.assertEqual([line["latencyMs"] for line in lines], list(range(10)))
        eventually(lambda: reporter.sent == 10)

    def test_the_interval_and_flush_send_partial_batches(self):
        reporter = self.reporter(flush_interval=0.05)
        reporter.report(outcome(1))
        eventually(lambda: reporter.sent == 1, message="sent after the interval")
        slow = self.reporter(flush_interval=60.0)
        slow.report(outcome(2))
        self.assertTrue(slow.flush(5.0))
        self.assertEqual(slow.sent, 1)

    def test_the_queue_is_bounded_and_drops_are_counted(self):
        reporter = OutcomeReporter(self.transport, queue_size=5, batch_size=10, flush_interval=60.0, start=False)
        accepted = [reporter.report(outcome(i)) for i in range(8)]
        self.assertEqual(accepted, [True] * 5 + [False] * 3)
        self.assertEqual((reporter.pending(), reporter.dropped), (5, 3))

    def test_429_and_503_are_retried_with_the_same_batch_id(self):
        self.server.outcome_answers = [429, 503]
        reporter = self.reporter()
        for i in range(3):
            reporter.report(outcome(i))
        self.assertTrue(reporter.flush(5.0))
        self.assertEqual(reporter.sent, 3)
        ids = {path for path, _ in self.server.outcome_posts}
        self.assertEqual(len(self.server.outcome_posts), 3)
        self.assertEqual(len(ids), 1, "a retry carries the same batchId")

    def test_a_batch_that_keeps_failing_is_given_up_and_counted(self):
        self.server.outcome_answers = [503] * 10
        reporter = self.reporter(max_attempts=3)
        reporter.report(outcome(1))
        self.assertTrue(reporter.flush(5.0))
        self.assertEqual((reporter.sent, reporter.failed), (0, 1))
        self.assertEqual(len(self.server.outcome_posts), 3)

    def test_close_sends_what_is_left_and_later_reports_are_dropped(self):
        reporter = self.reporter(flush_interval=60.0)
        reporter.report(outcome(1))
        self.assertTrue(reporter.close(5.0))
        self.assertEqual(reporter.sent, 1)
        self.assertFalse(reporter.report(outcome(2)))
        self.assertEqual(reporter.dropped, 1)

    def test_an_outcome_that_is_not_json_is_given_up_alone_and_reporting_goes_on(self):
        from decimal import Decimal
        reporter = self.reporter()
        bad = dict(outcome(0), costUsd=Decimal("0.0042"))
        with self.assertLogs("tightrope.outcomes", "WARNING") as logs:
            for item in [bad] + [outcome(i) for i in range(1, 10)]:
                self.assertTrue(reporter.report(item))
            eventually(lambda: reporter.sent == 9, message="the other nine sent")
        self.assertEqual(reporter.failed, 1)
        self.assertIn("Decimal", "\n".join(logs.output))
        for i in range(10, 13):
            reporter.report(outcome(i))
        self.assertTrue(reporter.flush(5.0), "the reporter thread is still alive")
        self.assertEqual((reporter.sent, reporter.failed, reporter.pending()), (12, 1, 0))

    def test_an_unexpected_error_does_not_end_the_reporter_thread(self):
        reporter = self.reporter()
        calls = []
        real = self.transport.post_outcomes

        def flaky(body, batch_id):
            calls.append(batch_id)
            if len(calls) == 1:
                raise RuntimeError("a bug")
            return real(body, batch_id)
        self.transport.post_outcomes = flaky
        with self.assertLogs("tightrope.outcomes", "ERROR"):
            reporter.report(outcome(1))
            self.assertTrue(reporter.flush(5.0))
        self.assertEqual(reporter.failed, 1)
        reporter.report(outcome(2))
        self.assertTrue(reporter.flush(5.0))
        self.assertEqual(reporter.sent, 1)

    def test_batches_are_cut_by_size_too(self):
        reporter = self.reporter(batch_size=100, max_batch_bytes=1000)
        for i in range(30):
            reporter.report(outcome(i))
        self.assertTrue(reporter.flush(5.0))
        self.assertEqual(reporter.sent, 30)
        self.assertGreater(len(self.server.outcome_posts), 3)
        self.assertEqual([line["latencyMs"] for _, lines in self.server.outcome_posts for line in lines],
                         list(range(30)))
        self.assertEqual(self.server.too_large, [])

    def test_a_batch_refused_as_too_large_is_split_and_an_outcome_too_large_alone_is_given_up(self):
        self.server.max_outcome_bytes = 1500
        reporter = self.reporter(batch_size=20)
        huge = dict(outcome(99), toolCalls=[{"tool": "t%d" % i, "status": "SUCCESS", "latencyMs": 1}
                                            for i in range(60)])
        for i in range(10):
            reporter.report(outcome(i))
        reporter.report(huge)
        with self.assertLogs("tightrope.outcomes", "WARNING") as logs:
            self.assertTrue(reporter.flush(5.0))
        self.assertEqual((reporter.sent, reporter.failed), (10, 1))
        self.assertTrue(self.server.too_large, "the first batch was refused with 413")
        self.assertIn("PAYLOAD_TOO_LARGE", "\n".join(logs.output))
        sent = sorted(line["latencyMs"] for _, lines in self.server.outcome_posts for line in lines)
        self.assertEqual(sent, list(range(10)))

    def test_giving_up_is_logged_at_warning_with_the_reason(self):
        self.server.outcome_answers = [503] * 10
        reporter = self.reporter(max_attempts=2)
        reporter.report(outcome(1))
        with self.assertLogs("tightrope.outcomes", "WARNING") as logs:
            self.assertTrue(reporter.flush(5.0))
        self.assertRegex("\n".join(logs.output), r"gave up a batch of 1 outcomes: UNAVAILABLE \(HTTP 503\).*2 attempts")

    def test_refuses_batch_sizes_the_server_would_refuse(self):
        for options in ({"batch_size": 10_001}, {"batch_size": 0}, {"queue_size": 0}, {"flush_interval": 0}):
            with self.assertRaises(ValueError):
                OutcomeReporter(self.transport, start=False, **options)
        OutcomeReporter(self.transport, batch_size=10_000, start=False)
