import random
import unittest

from tightrope.backoff import Backoff, retry_after_seconds


class BackoffTest(unittest.TestCase):

    def test_grows_exponentially_within_equal_jitter_and_is_capped(self):
        backoff = Backoff(0.5, 30.0, rng=random.Random(1))
        for failures, ceiling in ((0, 0.5), (1, 1.0), (2, 2.0), (5, 16.0), (6, 30.0), (100, 30.0)):
            self.assertEqual(backoff.ceiling(failures), ceiling)
            for _ in range(200):
                delay = backoff.delay(failures)
                self.assertGreaterEqual(delay, ceiling / 2)
                self.assertLessEqual(delay, ceiling)

    def test_jitter_spreads_clients(self):
        backoff = Backoff(1.0, 60.0, rng=random.Random(2))
        delays = {round(backoff.delay(3), 3) for _ in range(100)}
        self.assertGreater(len(delays), 50)

    def test_refuses_nonsense(self):
        for args in ((0, 1), (2, 1), (1, 2, 0.5)):
            with self.assertRaises(ValueError):
                Backoff(*args)

    def test_retry_after(self):
        self.assertEqual(retry_after_seconds("3", 1.0), 3.0)
        self.assertEqual(retry_after_seconds(None, 1.5), 1.5)
        self.assertEqual(retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 2.0), 2.0)
        self.assertEqual(retry_after_seconds("-4", 2.0), 2.0)
        self.assertEqual(retry_after_seconds("99999", 2.0), 300.0)
