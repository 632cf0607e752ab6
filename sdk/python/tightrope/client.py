"""The Tightrope client of an agent runtime: local routing from a cached configuration kept current in the
background, acknowledgements, fail-static serving, and outcome reporting."""

import http.client
import json
import logging
import os
import random
import socket
import threading
import time
import uuid
from datetime import datetime, timezone

from . import cache as file_cache
from .backoff import Backoff
from .config import MAX_ROUTING_KEY, RoutingConfig
from .errors import ApiError, NotReadyError
from .outcomes import OutcomeReporter
from .sse import Parser
from .transport import Transport, shutdown

LOG = logging.getLogger("tightrope")
MAX_ROUTING_KEY_IN_OUTCOME = MAX_ROUTING_KEY


class Client(object):
    """Routes requests of one agent in one environment, from memory.

    ``Client(url, token, agent, environment)`` starts a background thread that follows the configuration stream
    (Server-Sent Events), acknowledges every generation it applies, reconnects with jittered exponential backoff
    and resumes with ``Last-Event-ID``; after ``stream_failures_before_polling`` failed streams in a row it polls
    ``GET …/config`` with ``If-None-Match`` every ``poll_interval`` seconds instead, and tries the stream again
    every ``stream_retry_interval`` seconds. While the server is away, ``route()`` keeps answering from the last
    configuration (fail-static); ``staleness()`` says for how long it has not been confirmed.

    The constructor waits up to ``wait_for_config`` seconds for a first configuration (not at all when the
    ``cache_file`` had one). ``route()`` raises ``NotReadyError`` as long as no configuration is known.
    """

    def __init__(self, url, token, agent, environment, runtime_id=None, cache_file=None, wait_for_config=10.0,
                 poll_interval=30.0, stream_failures_before_polling=3, stream_retry_interval=300.0,
                 stream_read_timeout=45.0, timeout=10.0, backoff=None, on_change=None, acknowledge=True,
                 outcome_queue_size=10_000, outcome_batch_size=500, outcome_flush_interval=2.0, ssl_context=None,
                 start=True):
        self.agent = agent
        self.environment = environment
        self.runtime_id = runtime_id or "%s-%d-%s" % (socket.gethostname(), os.getpid(), uuid.uuid4().hex[:8])
        self._transport = Transport(url, token, agent, environment, timeout, ssl_context)
        self._cache_file = cache_file
        self._poll_interval = poll_interval
        self._failures_before_polling = stream_failures_before_polling
        self._stream_retry_interval = stream_retry_interval
        self._read_timeout = stream_read_timeout
        self._backoff = backoff or Backoff(0.5, 30.0)
        self._on_change = on_change
        self._acknowledge = acknowledge
        self._rng = random.Random()
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._connection = None
        self._config = None
        self._confirmed_at = None
        self._updated_at = None
        self._mode = "stream"
        self.acknowledged = 0
        self.reconnects = 0
        if cache_file:
            cached = file_cache.load(cache_file, agent, environment)
            if cached is not None:
                self._config = cached
                self._ready.set()
        self.outcomes = OutcomeReporter(self._transport, outcome_queue_size, outcome_batch_size,
                                        outcome_flush_interval, start=start)
        self._thread = threading.Thread(target=self._sync, name="tightrope-config", daemon=True)
        if start:
            self._thread.start()
            if wait_for_config:
                self._ready.wait(wait_for_config)

    # --- what the runtime calls ------------------------------------------------------------------------------

    def route(self, routing_key=None):
        """The decision for one request (version, arm, components), from the cached configuration."""
        config = self._config
        if config is None:
            raise NotReadyError("no routing configuration of %s/%s yet" % (self.agent, self.environment))
        return config.route(routing_key, self._rng)

    def config(self):
        """The current RoutingConfig, or None."""
        return self._config

    @property
    def generation(self):
        config = self._config
        return None if config is None else config.generation

    def staleness(self):
        """Seconds since the server last confirmed the configuration is current (an event, a heartbeat, a 304 or
        a 200); None when it never has (nothing yet, or only the file cache)."""
        confirmed = self._confirmed_at
        return None if confirmed is None else max(0.0, time.monotonic() - confirmed)

    @property
    def last_updated(self):
        """When the configuration last changed in this client (a datetime in UTC), or None."""
        return self._updated_at

    @property
    def mode(self):
        """``stream`` or ``poll``: how the configuration is being kept current."""
        return self._mode

    def report(self, decision, status, latency_ms, task_completed=None, cost_usd=None, input_tokens=None,
               output_tokens=None, tool_calls=None, eval_score=None, occurred_at=None):
        """Queues the outcome of the request ``decision`` served; never blocks. ``status`` is ``SUCCESS`` or
        ``ERROR``; ``tool_calls`` a list of ``{"tool", "status", "latencyMs"}``. False when it was dropped."""
        when = occurred_at or datetime.now(timezone.utc)
        outcome = {"agent": self.agent, "environment": self.environment, "version": decision.version,
                   "arm": decision.arm, "generation": decision.generation,
                   "occurredAt": when.isoformat().replace("+00:00", "Z"), "status": status,
                   "latencyMs": latency_ms}
        optional = {"rolloutId": decision.rollout_id, "taskCompleted": task_completed, "costUsd": cost_usd,
                    "inputTokens": input_tokens, "outputTokens": output_tokens, "toolCalls": tool_calls,
                    "evalScore": eval_score}
        if decision.routing_key and len(decision.routing_key) <= MAX_ROUTING_KEY_IN_OUTCOME:
            optional["routingKey"] = decision.routing_key
        outcome.update({key: value for key, value in optional.items() if value is not None})
        return self.outcomes.report(outcome)

    def close(self, timeout=10.0):
        """Stops following the configuration and sends the outcomes still queued (up to ``timeout`` seconds)."""
        self._stop.set()
        connection = self._connection
        if connection is not None:
            shutdown(connection)
        if self._thread.is_alive():
            self._thread.join(timeout)
        return self.outcomes.close(timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- keeping the configuration current ---------------------------------------------------------------------

    def _sync(self):
        failures = 0
        while not self._stop.is_set():
            if self._mode == "stream":
                if self._stream_once():
                    failures = 0
                else:
                    failures += 1
                if self._stop.is_set():
                    return
                if failures >= self._failures_before_polling:
                    LOG.warning("Tightrope stream failed %d times in a row; polling every %ss", failures,
                                self._poll_interval)
                    self._mode = "poll"
                    failures = 0
                    continue
                self.reconnects += 1
                self._stop.wait(self._backoff.delay(max(0, failures - 1)))
            else:
                self._poll_until_stream_retry()
                self._mode = "stream"

    def _stream_once(self):
        """Follows one stream until it ends; True when it delivered something (so it was healthy)."""
        healthy = False
        try:
            connection, response = self._transport.open_stream(self.generation, self.runtime_id, self._read_timeout)
        except (OSError, ApiError, ValueError) as error:
            LOG.debug("Opening the Tightrope stream failed: %s", error)
            return False
        self._connection = connection
        parser = Parser()
        try:
            self._confirm()
            healthy = True
            while not self._stop.is_set():
                chunk = response.read1(65536) if hasattr(response, "read1") else response.readline()
                if not chunk:
                    break
                comments = parser.comments
                for event in parser.feed(chunk):
                    if event.event == "config":
                        self._apply(json.loads(event.data))
                if parser.comments != comments:
                    self._confirm()
        except (OSError, ValueError, http.client.HTTPException) as error:
            LOG.debug("The Tightrope stream ended: %s", error)
        finally:
            self._connection = None
            connection.close()
        return healthy

    def _poll_until_stream_retry(self):
        started = time.monotonic()
        failures = 0
        while not self._stop.is_set() and time.monotonic() - started < self._stream_retry_interval:
            config = self._config
            try:
                status, _, raw = self._transport.get_config(None if config is None else '"%d"' % config.generation)
                if status == 200:
                    self._apply(raw)
                else:
                    self._confirm()
                failures = 0
                wait = self._poll_interval
            except (OSError, ApiError, ValueError) as error:
                LOG.debug("Polling Tightrope failed: %s", error)
                wait = min(self._poll_interval, self._backoff.delay(failures))
                failures += 1
            self._stop.wait(wait)

    def _apply(self, raw):
        config = RoutingConfig(raw)
        with self._lock:
            current = self._config
            changed = current is None or config.generation != current.generation
            self._config = config
            self._confirmed_at = time.monotonic()
            if changed:
                self._updated_at = datetime.now(timezone.utc)
        self._ready.set()
        if not changed:
            return
        if self._cache_file:
            try:
                file_cache.save(self._cache_file, config)
            except OSError as error:
                LOG.warning("Could not write the Tightrope cache file %s: %s", self._cache_file, error)
        if self._acknowledge:
            try:
                self._transport.acknowledge(config.generation, self.runtime_id)
                self.acknowledged += 1
            except (OSError, ApiError, ValueError) as error:
                LOG.warning("Acknowledging generation %d failed: %s", config.generation, error)
        if self._on_change is not None:
            try:
                self._on_change(config)
            except Exception:  # a listener's bug must not stop the updates
                LOG.exception("on_change listener failed")

    def _confirm(self):
        self._confirmed_at = time.monotonic()
