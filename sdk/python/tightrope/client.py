"""The Tightrope client of an agent runtime: local routing from a cached configuration kept current in the
background, acknowledgements, fail-static serving, and outcome reporting."""

import http.client
import decimal
import json
import logging
import math
import numbers
import os
import random
import re
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
MAX_RUNTIME_ID = 200
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,62}\Z")
_STATUSES = ("SUCCESS", "ERROR")


class Client(object):
    """Routes requests of one agent in one environment, from memory.

    ``Client(url, token, agent, environment)`` starts a background thread that follows the configuration stream
    (Server-Sent Events), acknowledges every generation it applies, reconnects with jittered exponential backoff
    and resumes with ``Last-Event-ID``; after ``stream_failures_before_polling`` failed streams in a row it polls
    ``GET …/config`` with ``If-None-Match`` every ``poll_interval`` seconds instead, while it keeps trying the
    stream again with the same backoff, at most ``stream_retry_interval`` (30 s) apart, so it is back on the stream
    within about that long after the server is. While the server is away, ``route()`` keeps answering from the
    last configuration (fail-static); ``staleness()`` says for how long it has not been confirmed. Why the
    configuration cannot be had (a refused token, an unknown agent, the network) is logged at WARNING, once per
    distinct reason.

    The constructor raises ``TypeError``/``ValueError`` for a bad option (a missing token, an agent that is not a
    slug, a timeout <= 0, …). It waits up to ``wait_for_config`` seconds for a first configuration (not at all when
    the ``cache_file`` had one). ``route()`` raises ``NotReadyError`` as long as no configuration is known.
    """

    def __init__(self, url, token, agent, environment, runtime_id=None, cache_file=None, wait_for_config=10.0,
                 poll_interval=30.0, stream_failures_before_polling=3, stream_retry_interval=30.0,
                 stream_read_timeout=45.0, timeout=10.0, backoff=None, on_change=None, acknowledge=True,
                 outcome_queue_size=10_000, outcome_batch_size=500, outcome_flush_interval=2.0, ssl_context=None,
                 start=True):
        _check_options(token, agent, environment, runtime_id, wait_for_config, poll_interval,
                       stream_failures_before_polling, stream_retry_interval, stream_read_timeout, timeout)
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
        self._next_poll = 0.0
        self._problems = set()
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
        ``ERROR``; ``tool_calls`` a list of ``{"tool", "status", "latencyMs"}``. False when it was dropped.

        Raises ``TypeError`` for a programming error only: no decision, a status that is not ``SUCCESS``/``ERROR``,
        a field of the wrong type (a number that is not a finite number, token counts that are not integers, …).
        Numbers of other types are converted (a ``Decimal`` cost to ``float``, a numpy integer to ``int``). Value
        ranges are the server's to check (a refused line counts as ``rejected``)."""
        if decision is None or not isinstance(getattr(decision, "version", None), int):
            raise TypeError("Tightrope: report() needs the decision route() returned, was %r" % (decision,))
        if status not in _STATUSES:
            raise TypeError("Tightrope: an outcome's status is 'SUCCESS' or 'ERROR', was %r" % (status,))
        if occurred_at is not None and not isinstance(occurred_at, datetime):
            raise TypeError("Tightrope: occurred_at must be a datetime, was %r" % (occurred_at,))
        if task_completed is not None and not isinstance(task_completed, bool):
            raise TypeError("Tightrope: task_completed must be a bool, was %r" % (task_completed,))
        when = occurred_at or datetime.now(timezone.utc)
        outcome = {"agent": self.agent, "environment": self.environment, "version": decision.version,
                   "arm": decision.arm, "generation": decision.generation,
                   "occurredAt": when.isoformat().replace("+00:00", "Z"), "status": status,
                   "latencyMs": _number("latency_ms", latency_ms)}
        optional = {"rolloutId": decision.rollout_id, "taskCompleted": task_completed,
                    "costUsd": _number("cost_usd", cost_usd), "inputTokens": _integer("input_tokens", input_tokens),
                    "outputTokens": _integer("output_tokens", output_tokens),
                    "toolCalls": _tool_calls(tool_calls), "evalScore": _number("eval_score", eval_score)}
        if _kept_by_the_server(decision.routing_key):
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
        """Stream; after ``stream_failures_before_polling`` failed streams in a row, poll, and keep trying the
        stream between polls with the backoff (capped at ``stream_retry_interval``) until it works again."""
        failures = 0
        polling = False
        while not self._stop.is_set():
            healthy = self._stream_once()
            if self._stop.is_set():
                return
            failures = 0 if healthy else failures + 1
            polling = polling and not healthy
            self.reconnects += 1
            delay = self._backoff.delay(max(0, failures - 1))
            if failures < self._failures_before_polling:
                self._stop.wait(delay)
                continue
            self._mode = "poll"
            if not polling:
                polling = True
                LOG.warning("Tightrope stream failed %d times in a row; polling every %ss and trying the stream "
                            "again at most %ss apart", failures, self._poll_interval, self._stream_retry_interval)
                self._next_poll = time.monotonic()
            self._poll_until(time.monotonic() + min(delay, self._stream_retry_interval))

    def _stream_once(self):
        """Follows one stream until it ends; True when it delivered something (so it was healthy)."""
        healthy = False
        try:
            connection, response = self._transport.open_stream(self.generation, self.runtime_id, self._read_timeout)
        except (OSError, ApiError, ValueError, http.client.HTTPException) as error:
            self._problem_seen("opening the stream", error)
            return False
        self._connection = connection
        self._problems.clear()
        if self._mode == "poll":
            LOG.info("Tightrope %s/%s is back on the stream", self.agent, self.environment)
            self._mode = "stream"
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

    def _poll_until(self, deadline):
        """Polls every ``poll_interval`` (sooner, with the backoff, after a failed poll) until ``deadline``."""
        failures = 0
        while not self._stop.is_set():
            now = time.monotonic()
            if now >= deadline:
                return
            if now >= self._next_poll:
                config = self._config
                try:
                    status, _, raw = self._transport.get_config(
                        None if config is None else '"%d"' % config.generation)
                    if status == 200:
                        self._apply(raw)
                    else:
                        self._confirm()
                    failures = 0
                    wait = self._poll_interval
                except (OSError, ApiError, ValueError, http.client.HTTPException) as error:
                    self._problem_seen("polling", error)
                    wait = min(self._poll_interval, self._backoff.delay(failures))
                    failures += 1
                self._next_poll = time.monotonic() + wait
            self._stop.wait(max(0.0, min(self._next_poll, deadline) - time.monotonic()))

    def _problem_seen(self, what, error):
        """Logs why the configuration cannot be had at WARNING once per distinct reason (DEBUG when repeated, and
        while closing), until the stream works again."""
        reason = str(error)
        if isinstance(error, ApiError):
            reason = "%s (HTTP %s): %s" % (error.code, error.status, error.message)
        if reason not in self._problems and len(self._problems) < 50 and not self._stop.is_set():
            self._problems.add(reason)
            LOG.warning("Tightrope %s/%s: %s failed: %s", self.agent, self.environment, what, reason)
        else:
            LOG.debug("Tightrope %s/%s: %s failed: %s", self.agent, self.environment, what, reason)

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


def _check_options(token, agent, environment, runtime_id, wait_for_config, poll_interval,
                   stream_failures_before_polling, stream_retry_interval, stream_read_timeout, timeout):
    if not isinstance(token, str) or not token.strip():
        raise TypeError("Tightrope: token is required (a RUNTIME API token, tr_…), was %r" % (token,))
    for name, value in (("agent", agent), ("environment", environment)):
        if not isinstance(value, str) or not _SLUG.match(value):
            raise ValueError("Tightrope: %s must be a slug (2 to 63 lower-case letters, digits and '-', starting with "
                             "a letter or digit), was %r" % (name, value))
    if runtime_id is not None and (not isinstance(runtime_id, str) or not 1 <= len(runtime_id) <= MAX_RUNTIME_ID):
        raise ValueError("Tightrope: runtime_id must be a string of 1 to 200 characters, was %r" % (runtime_id,))
    for name, value in (("timeout", timeout), ("poll_interval", poll_interval),
                        ("stream_retry_interval", stream_retry_interval),
                        ("stream_read_timeout", stream_read_timeout)):
        if not _real(value) or not value > 0:
            raise ValueError("Tightrope: %s must be a number of seconds > 0, was %r" % (name, value))
    if wait_for_config is not None and (not _real(wait_for_config) or not wait_for_config >= 0):
        raise ValueError("Tightrope: wait_for_config must be a number of seconds >= 0, was %r" % (wait_for_config,))
    if not isinstance(stream_failures_before_polling, int) or stream_failures_before_polling < 1:
        raise ValueError("Tightrope: stream_failures_before_polling must be an int >= 1, was %r"
                         % (stream_failures_before_polling,))


def _real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _number(name, value):
    """A finite number as an int or a float (a Decimal or numpy number converted); None stays None."""
    if value is None:
        return None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if _real(value) or isinstance(value, decimal.Decimal):
        converted = float(value)
        if math.isfinite(converted):
            return converted
    raise TypeError("Tightrope: %s must be a finite number, was %r" % (name, value))


def _integer(name, value):
    if value is None:
        return None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    raise TypeError("Tightrope: %s must be an int, was %r" % (name, value))


def _tool_calls(calls):
    """A copy of the tool calls with their fields checked: a list of {"tool": str, "status", "latencyMs"}."""
    if calls is None:
        return None
    if not isinstance(calls, (list, tuple)):
        raise TypeError("Tightrope: tool_calls must be a list of {tool, status, latencyMs}, was %r" % (calls,))
    copied = []
    for call in calls:
        if not isinstance(call, dict) or not isinstance(call.get("tool"), str):
            raise TypeError("Tightrope: a tool call is a dict {tool: str, status, latencyMs}, was %r" % (call,))
        if call.get("status") not in _STATUSES:
            raise TypeError("Tightrope: a tool call's status is 'SUCCESS' or 'ERROR', was %r" % (call.get("status"),))
        copied.append({"tool": call["tool"], "status": call["status"],
                       "latencyMs": _number("a tool call's latencyMs", call.get("latencyMs"))})
        if copied[-1]["latencyMs"] is None:
            raise TypeError("Tightrope: a tool call needs its latencyMs, was %r" % (call,))
    return copied


def _kept_by_the_server(key):
    """Whether the server keeps this routing key in an outcome: at most 200 characters, no U+0000 and no
    surrogate (no UTF-8 form). A key it would refuse is left out of the line, so that the outcome still counts."""
    if not key or not isinstance(key, str) or len(key) > MAX_ROUTING_KEY_IN_OUTCOME or "\x00" in key:
        return False
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
