"""Outcome reporting in the background: ``report()`` never blocks and never raises.

Outcomes wait in a bounded queue (``queue_size``); when it is full, new outcomes are dropped and counted
(``dropped``), because a runtime must never slow down or run out of memory for its telemetry. A background thread
sends them to ``POST /api/v1/outcomes`` as NDJSON in batches: when ``batch_size`` outcomes are waiting, when the
oldest has waited ``flush_interval`` seconds, and on ``flush()`` / ``close()``. Each batch carries a ``batchId``,
so a retry is never counted twice. 429 and 503 (and network failures, 5xx) are retried with the shared backoff,
honouring ``Retry-After``, up to ``max_attempts``; a batch the server refuses for its content (400, 401, 403, 413,
415) is not retried and counts as ``failed``. Lines the server rejects one by one count as ``rejected``.
"""

import collections
import json
import logging
import threading
import time
import uuid

from .backoff import Backoff, retry_after_seconds
from .errors import ApiError

LOG = logging.getLogger("tightrope.outcomes")


class OutcomeReporter(object):

    def __init__(self, transport, queue_size=10_000, batch_size=500, flush_interval=2.0, max_attempts=6,
                 backoff=None, start=True):
        if queue_size < 1 or batch_size < 1 or flush_interval <= 0:
            raise ValueError("queue_size and batch_size must be >= 1, flush_interval > 0")
        self._transport = transport
        self._queue_size = queue_size
        self._batch_size = min(batch_size, 10_000)
        self._flush_interval = flush_interval
        self._max_attempts = max_attempts
        self._backoff = backoff or Backoff(0.5, 30.0)
        self._queue = collections.deque()
        self._lock = threading.Condition()
        self._in_flight = 0
        self._flush_requested = False
        self._closed = False
        self._stop = threading.Event()
        self.sent = 0
        self.rejected = 0
        self.dropped = 0
        self.failed = 0
        self._thread = threading.Thread(target=self._run, name="tightrope-outcomes", daemon=True)
        if start:
            self._thread.start()

    def report(self, outcome):
        """Queues one outcome (a dict of the NDJSON fields); False when it was dropped (queue full, closed)."""
        with self._lock:
            if self._closed or len(self._queue) >= self._queue_size:
                self.dropped += 1
                return False
            self._queue.append(outcome)
            if len(self._queue) >= self._batch_size:
                self._lock.notify_all()
            return True

    def pending(self):
        """Outcomes queued or being sent."""
        with self._lock:
            return len(self._queue) + self._in_flight

    def flush(self, timeout=10.0):
        """Sends everything queued now; True when it was all handled within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._lock:
            self._flush_requested = True
            self._lock.notify_all()
            while self._queue or self._in_flight:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._thread.is_alive():
                    return False
                self._lock.wait(remaining)
            return True

    def close(self, timeout=10.0):
        """Flushes, then stops the background thread; later reports are dropped."""
        flushed = self.flush(timeout) if self._thread.is_alive() else not self._queue
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        return flushed

    def _run(self):
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            try:
                self._send(batch)
            finally:
                with self._lock:
                    self._in_flight = 0
                    self._lock.notify_all()

    def _next_batch(self):
        """Waits for a full batch, the flush interval since the first queued outcome, or a flush."""
        with self._lock:
            while not self._queue:
                if self._closed:
                    return None
                self._flush_requested = False
                self._lock.notify_all()
                self._lock.wait(self._flush_interval)
            deadline = time.monotonic() + self._flush_interval
            while (len(self._queue) < self._batch_size and not self._flush_requested and not self._closed):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._lock.wait(remaining)
            count = min(self._batch_size, len(self._queue))
            batch = [self._queue.popleft() for _ in range(count)]
            self._in_flight = count
            return batch

    def _send(self, batch):
        body = "".join(json.dumps(outcome, ensure_ascii=False, separators=(",", ":")) + "\n"
                       for outcome in batch).encode("utf-8")
        batch_id = str(uuid.uuid4())
        for attempt in range(self._max_attempts):
            try:
                answer = self._transport.post_outcomes(body, batch_id)
                rejected = answer.get("rejected") or []
                with self._lock:
                    self.sent += answer.get("accepted", 0) if not answer.get("deduplicated") else len(batch)
                    self.rejected += len(rejected)
                for line in rejected[:5]:
                    LOG.warning("Tightrope rejected outcome line %s: %s", line.get("line"), line.get("message"))
                return
            except ApiError as error:
                if not error.retryable:
                    LOG.error("Tightrope refused a batch of %d outcomes: %s", len(batch), error)
                    break
                wait = retry_after_seconds(None if error.retry_after is None else str(error.retry_after),
                                           self._backoff.delay(attempt))
            except (OSError, ValueError) as error:
                LOG.debug("Sending outcomes failed: %s", error)
                wait = self._backoff.delay(attempt)
            if attempt + 1 < self._max_attempts and self._stop.wait(wait):
                break  # closing: stop retrying
        with self._lock:
            self.failed += len(batch)
