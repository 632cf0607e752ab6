"""Jittered exponential backoff, the one retry policy of the SDK (stream reconnects, polling, outcome batches).

``delay(n)`` for the n-th consecutive failure (from 0) is drawn from [d/2, d] with
``d = min(maximum, initial * multiplier ** n)`` ("equal jitter"): it grows exponentially, never exceeds
``maximum``, and spreads many runtimes that failed together (a server restart) over time instead of having them
all reconnect in the same instant. With the defaults (0.5 s, x2, 30 s): 0.25-0.5 s, 0.5-1 s, 1-2 s, ... 15-30 s.
"""

import random as _random


class Backoff(object):

    def __init__(self, initial=0.5, maximum=30.0, multiplier=2.0, rng=None):
        if initial <= 0 or maximum < initial or multiplier < 1:
            raise ValueError("need 0 < initial <= maximum and multiplier >= 1")
        self.initial = float(initial)
        self.maximum = float(maximum)
        self.multiplier = float(multiplier)
        self._rng = rng or _random.Random()

    def ceiling(self, failures):
        """The largest delay after ``failures`` consecutive failures (before jitter)."""
        exponent = min(failures, 64)
        return min(self.maximum, self.initial * self.multiplier ** exponent)

    def delay(self, failures):
        """Seconds to wait after ``failures`` consecutive failures (0 = after the first)."""
        ceiling = self.ceiling(failures)
        return ceiling / 2 + self._rng.random() * ceiling / 2


def retry_after_seconds(header, default, maximum=300.0):
    """The wait a ``Retry-After`` header asks for (seconds; HTTP dates are not sent by Tightrope), capped."""
    if header is None:
        return default
    try:
        seconds = float(header.strip())
    except ValueError:
        return default
    if seconds < 0:
        return default
    return min(seconds, maximum)
