"""A small in-process Tightrope runtime API for the unit tests (standard library HTTP server).

It serves ``GET …/config`` (ETag, 304), ``GET …/config/stream`` (SSE: retry, the current configuration unless the
client's Last-Event-ID is current, then every ``publish``), ``POST …/acknowledgements`` and ``POST
/api/v1/outcomes``, and records what it received. Tests script failures: ``stream_refusals`` answers the next N
stream requests with 503, ``outcome_answers`` the next outcome posts with given statuses, and an outcome body over
``max_outcome_bytes`` is refused with 413 (as the server does over 2 MiB).
"""

import json
import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "tr_test-token-00000000000000000000000000000000000000"


def config(generation, weight=0, salt=None, canary=None, agent="support-bot", environment="production"):
    def version(number):
        return {"version": number, "snapshotHash": "h%d" % number, "prompt": {"system": "v%d" % number},
                "model": {"provider": "openai", "modelId": "m"}, "tools": {"tools": []}, "guardrails": {},
                "knowledgeBase": {"indexId": "kb"}}
    return {"agent": agent, "environment": environment, "generation": generation, "weight": weight,
            "salt": salt, "rolloutId": None if canary is None else "7", "stable": version(1),
            "canary": None if canary is None else version(canary)}


class FakeTightrope(object):

    def __init__(self):
        self.config = config(1)
        self.lock = threading.Lock()
        self.subscribers = []
        self.stream_requests = []
        self.config_requests = []
        self.acks = []
        self.outcome_posts = []
        self.stream_refusals = 0
        self.outcome_answers = []
        self.max_outcome_bytes = 2 * 1024 * 1024
        self.too_large = []
        self.heartbeat = None
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def publish(self, new_config):
        with self.lock:
            self.config = new_config
            subscribers = list(self.subscribers)
        for subscriber in subscribers:
            subscriber.put(new_config)

    def send_heartbeat(self):
        with self.lock:
            subscribers = list(self.subscribers)
        for subscriber in subscribers:
            subscriber.put("heartbeat")

    def drop_streams(self):
        with self.lock:
            subscribers = list(self.subscribers)
        for subscriber in subscribers:
            subscriber.put(None)

    def close(self):
        self.drop_streams()
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                if not self._authorized():
                    return
                path = self.path.split("?")[0]
                if path.endswith("/config/stream"):
                    self._stream()
                elif path.endswith("/config"):
                    fake.config_requests.append(self.headers.get("If-None-Match"))
                    with fake.lock:
                        current = fake.config
                    etag = '"%d"' % current["generation"]
                    if self.headers.get("If-None-Match") == etag:
                        self.send_response(304)
                        self.send_header("ETag", etag)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                    else:
                        self._json(200, current, {"ETag": etag})
                else:
                    self._json(404, {"errors": [{"message": "no", "extensions": {"code": "NOT_FOUND"}}]})

            def do_POST(self):
                if not self._authorized():
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.path.endswith("/acknowledgements"):
                    ack = json.loads(body)
                    fake.acks.append(ack)
                    self._json(200, {"runtimeId": ack["runtimeId"], "generation": ack["generation"],
                                     "acknowledgedAt": "2026-12-01T10:00:00Z", "eventsPropagated": 0})
                elif self.path.startswith("/api/v1/outcomes") and len(body) > fake.max_outcome_bytes:
                    fake.too_large.append(len(body))
                    self._json(413, {"errors": [{"message": "The request body (%d bytes) is larger than the limit"
                                                 % len(body), "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]})
                elif self.path.startswith("/api/v1/outcomes"):
                    lines = [json.loads(line) for line in body.decode("utf-8").splitlines() if line]
                    fake.outcome_posts.append((self.path, lines))
                    status = fake.outcome_answers.pop(0) if fake.outcome_answers else 200
                    if status == 200:
                        self._json(200, {"accepted": len(lines), "rejected": [], "deduplicated": False})
                    else:
                        self._json(status, {"errors": [{"message": "busy", "extensions": {
                            "code": "OVERLOADED" if status == 429 else "UNAVAILABLE"}}]}, {"Retry-After": "0"})

            def _stream(self):
                fake.stream_requests.append((self.path, self.headers.get("Last-Event-ID")))
                if fake.stream_refusals > 0:
                    fake.stream_refusals -= 1
                    self._json(503, {"errors": [{"message": "down", "extensions": {"code": "UNAVAILABLE"}}]})
                    return
                items = queue.Queue()
                with fake.lock:
                    fake.subscribers.append(items)
                    current = fake.config
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    self._chunk("retry: 100\n\n")
                    known = self.headers.get("Last-Event-ID")
                    if known is None or int(known) < current["generation"]:
                        self._event(current)
                    while True:
                        item = items.get()
                        if item is None:
                            self.wfile.write(b"0\r\n\r\n")
                            self.wfile.flush()
                            self.close_connection = True
                            return
                        if item == "heartbeat":
                            self._chunk(": heartbeat\n\n")
                        else:
                            self._event(item)
                except OSError:
                    pass
                finally:
                    with fake.lock:
                        fake.subscribers.remove(items)

            def _event(self, item):
                text = "id: %d\nevent: config\ndata: %s\n\n" % (item["generation"], json.dumps(item))
                # split in two chunks, so the client must put lines together across reads
                self._chunk(text[:7])
                self._chunk(text[7:])

            def _chunk(self, text):
                data = text.encode("utf-8")
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()

            def _authorized(self):
                if self.headers.get("Authorization") == "Bearer " + TOKEN:
                    return True
                self._json(401, {"errors": [{"message": "token", "extensions": {"code": "UNAUTHENTICATED"}}]})
                return False

            def _json(self, status, body, headers=None):
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler
