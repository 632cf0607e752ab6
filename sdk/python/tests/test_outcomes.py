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
