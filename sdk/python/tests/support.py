"""Helpers of the tests: waiting for a condition (never a fixed sleep) and the shared vectors' path."""

import os
import time

VECTORS = os.path.join(os.path.dirname(__file__), "..", "..", "test-vectors", "bucketing.json")


def eventually(condition, timeout=10.0, message="condition"):
    """Waits until ``condition()`` is truthy; fails the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("%s not met within %ss" % (message, timeout))
        time.sleep(0.01)
