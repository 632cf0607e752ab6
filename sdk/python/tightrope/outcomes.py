"""Outcome reporting in the background: ``report()`` never blocks, and never raises for the server's or the
network's trouble.

Outcomes wait in a bounded queue (``queue_size``); when it is full, new outcomes are dropped and counted
(``dropped``), because a runtime must never slow down or run out of memory for its telemetry. A background thread
sends them to ``POST /api/v1/outcomes`` as NDJSON in batches: when ``batch_size`` outcomes are waiting (at most
10 000, the server's line limit), when the oldest has waited ``flush_interval`` seconds, and on ``flush()`` /
``close()``. A batch is also cut at ``max_batch_bytes`` of NDJSON (1 MiB; the server takes at most 2 MiB), and a
batch the server still finds too large (413) is split in halves and sent again; an outcome too large on its own is
given up. Each batch carries a ``batchId``, so a retry is never counted twice. 429 and 503 (and network failures,
5xx) are retried with the shared backoff, honouring ``Retry-After``, up to ``max_attempts`` (6 attempts, about 15 s
with the default backoff); a batch the server refuses for its content (400, 401, 403, 415) is not retried. The
outcomes of a batch given up count as ``failed`` (outcomes, not batches) and are logged at WARNING with the reason.
An outcome that cannot be written as JSON is given up alone (``failed``, logged), never its batch. Lines the server
rejects one by one count as ``rejected``.
"""

import collections
import http.client
import json
import logging
import threading
import time
import uuid

from .backoff import Backoff, retry_after_seconds
from .errors import ApiError

LOG = logging.getLogger("tightrope.outcomes")

MAX_BATCH_SIZE = 10_000
"""The server takes at most this many lines a request."""
MAX_BATCH_BYTES = 1 << 20
"""NDJSON bytes a batch holds at most (the server's limit is 2 MiB)."""


class OutcomeReporter(object):

    def __init__(self, transport, queue_size=10_000, batch_size=500, flush_interval=2.0, max_attempts=6,
                 backoff=None, start=True, max_batch_bytes=MAX_BATCH_BYTES):
        if not (queue_size >= 1 and 1 <= batch_size <= MAX_BATCH_SIZE and flush_interval > 0 and max_attempts >= 1
                and max_batch_bytes >= 1):
            raise ValueError("outcome queue_size >= 1, batch_size 1 to 10 000 (the server's limit), "
                             "flush_interval > 0, max_attempts >= 1, max_batch_bytes >= 1; were %r, %r, %r, %r, %r"
                             % (queue_size, batch_size, flush_interval, max_attempts, max_batch_bytes))
        self._transport = transport
        self._queue_size = queue_size
        self._batch_size = batch_size
        self._max_batch_bytes = max_batch_bytes
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
        self._unwritable_logged = False
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
            except Exception:  # a bug must not end reporting: count the batch, log, go on
                LOG.exception("Tightrope gave up a batch of %d outcomes after an unexpected error", len(batch))
                with self._lock:
                    self.failed += len(batch)
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
        """Writes each outcome alone (one that cannot be written is given up alone), then posts them in batches of
        at most ``max_batch_bytes``."""
        lines = []
        for outcome in batch:
            line = self._line(outcome)
            if line is not None:
                lines.append(line)
        chunk, size = [], 0
        for line in lines:
            if chunk and size + len(line) > self._max_batch_bytes:
                self._post(chunk)
                chunk, size = [], 0
            chunk.append(line)
            size += len(line)
        if chunk:
            self._post(chunk)

    def _line(self, outcome):
        """The outcome's NDJSON line (UTF-8 bytes), or None when it cannot be written (counted, logged)."""
        try:
            line = (json.dumps(outcome, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
                    + "\n").encode("utf-8")
        except (TypeError, ValueError) as error:  # a non-JSON value, NaN, an unpaired surrogate
            reason = "it cannot be written as JSON: %s" % error
        else:
            if len(line) <= self._max_batch_bytes:
                return line
            reason = "its line has %d bytes, more than a batch may hold (%d)" % (len(line), self._max_batch_bytes)
        with self._lock:
            self.failed += 1
            first = not self._unwritable_logged
            self._unwritable_logged = True
        (LOG.warning if first else LOG.debug)("Tightrope gave up an outcome: %s", reason)
        return None

    def _post(self, lines):
        """Sends one batch (a list of lines) with its retries; on 413 sends its halves instead."""
        body = b"".join(lines)
        batch_id = str(uuid.uuid4())
        reason = None
        for attempt in range(self._max_attempts):
            try:
                answer = self._transport.post_outcomes(body, batch_id)
                rejected = answer.get("rejected") or []
                with self._lock:
                    self.sent += answer.get("accepted", 0) if not answer.get("deduplicated") else len(lines)
                    self.rejected += len(rejected)
                for line in rejected[:5]:
                    LOG.warning("Tightrope rejected outcome line %s: %s", line.get("line"), line.get("message"))
                return
            except ApiError as error:
                if error.status == 413 and len(lines) > 1:
                    half = len(lines) // 2
                    LOG.info("Tightrope found a batch of %d outcomes (%d bytes) too large; sending it in halves",
                             len(lines), len(body))
                    self._post(lines[:half])
                    self._post(lines[half:])
                    return
                reason = str(error)
                if not error.retryable:
                    break
                wait = retry_after_seconds(None if error.retry_after is None else str(error.retry_after),
                                           self._backoff.delay(attempt))
            except (OSError, ValueError, http.client.HTTPException) as error:
                LOG.debug("Sending outcomes failed: %s", error)
                reason = "%s: %s" % (type(error).__name__, error)
                wait = self._backoff.delay(attempt)
            if attempt + 1 < self._max_attempts and self._stop.wait(wait):
                reason += " (closing)"
                break  # closing: stop retrying
        else:
            reason = "%s, after %d attempts" % (reason, self._max_attempts)
        LOG.warning("Tightrope gave up a batch of %d outcomes: %s", len(lines), reason)
        with self._lock:
            self.failed += len(lines)
