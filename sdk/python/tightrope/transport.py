"""The runtime API over HTTP, with the standard library's http.client (no dependencies)."""

import http.client
import json
import socket
import ssl
from urllib.parse import quote, urlencode, urlsplit

from .errors import ApiError

USER_AGENT = "tightrope-python/0.1"


class Transport(object):
    """Requests of one client: ``base_url`` (``http://host:8080``), a RUNTIME token, an agent and environment."""

    def __init__(self, base_url, token, agent, environment, timeout=10.0, ssl_context=None):
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("url must be http:// or https:// with a host, was %r" % (base_url,))
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._token = token
        self._timeout = timeout
        self._ssl = ssl_context
        self.deployment_path = "%s/api/v1/agents/%s/environments/%s" % (
            self._prefix, quote(agent, safe=""), quote(environment, safe=""))

    def connection(self, timeout=None):
        timeout = self._timeout if timeout is None else timeout
        if self._https:
            return http.client.HTTPSConnection(self._host, self._port, timeout=timeout,
                                               context=self._ssl or ssl.create_default_context())
        return http.client.HTTPConnection(self._host, self._port, timeout=timeout)

    def headers(self, extra=None):
        headers = {"Authorization": "Bearer " + self._token, "User-Agent": USER_AGENT}
        if extra:
            headers.update(extra)
        return headers

    def get_config(self, etag=None):
        """``(status, etag, raw config or None)``: 200 with the configuration, or 304 when ``etag`` is current."""
        extra = {"Accept": "application/json"}
        if etag:
            extra["If-None-Match"] = etag
        status, headers, body = self.request("GET", self.deployment_path + "/config", None, extra)
        if status == 304:
            return 304, headers.get("etag") or etag, None
        return status, headers.get("etag"), json.loads(body.decode("utf-8"))

    def acknowledge(self, generation, runtime_id):
        body = json.dumps({"generation": generation, "runtimeId": runtime_id}).encode("utf-8")
        self.request("POST", self.deployment_path + "/acknowledgements", body,
                     {"Content-Type": "application/json"})

    def post_outcomes(self, ndjson, batch_id):
        """Posts NDJSON outcomes; returns the answer ``{"accepted", "rejected", "deduplicated"}``."""
        path = "%s/api/v1/outcomes?%s" % (self._prefix, urlencode({"batchId": batch_id}))
        _, _, body = self.request("POST", path, ndjson, {"Content-Type": "application/x-ndjson"})
        return json.loads(body.decode("utf-8"))

    def open_stream(self, last_event_id, runtime_id, read_timeout):
        """Opens the configuration stream; returns ``(connection, response)`` once its headers arrived."""
        path = self.deployment_path + "/config/stream"
        if runtime_id:
            path += "?" + urlencode({"runtimeId": runtime_id})
        extra = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
        if last_event_id is not None:
            extra["Last-Event-ID"] = str(last_event_id)
        connection = self.connection(read_timeout)
        try:
            connection.request("GET", path, headers=self.headers(extra))
            response = connection.getresponse()
            if response.status != 200:
                raise _refusal(response.status, response.getheader("Retry-After"), response.read())
            return connection, response
        except BaseException:
            connection.close()
            raise

    def request(self, method, path, body, extra):
        connection = self.connection()
        try:
            connection.request(method, path, body=body, headers=self.headers(extra))
            response = connection.getresponse()
            data = response.read()
            headers = {name.lower(): value for name, value in response.getheaders()}
            if response.status >= 400:
                raise _refusal(response.status, headers.get("retry-after"), data)
            return response.status, headers, data
        finally:
            connection.close()


def _refusal(status, retry_after, body):
    """The server's coded error ({"errors": [{"message", "extensions": {"code"}}]}) as an ApiError."""
    code, message = "HTTP_%d" % status, ""
    try:
        error = json.loads(body.decode("utf-8"))["errors"][0]
        code = error.get("extensions", {}).get("code", code)
        message = error.get("message", "")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        message = body[:200].decode("utf-8", "replace")
    seconds = None
    if retry_after is not None:
        try:
            seconds = float(retry_after)
        except ValueError:
            seconds = None
    return ApiError(status, code, message, seconds)


def shutdown(connection):
    """Unblocks a thread reading from ``connection`` (used by close()): the socket is shut down, so the reader sees
    the end of the stream and closes the connection itself. Closing it from here too would race with the reader
    inside http.client (it would find its response's file already gone and raise AttributeError in its thread)."""
    sock = getattr(connection, "sock", None)
    if sock is None:
        connection.close()
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
