"""A loopback HTTP server with canned answers, for tests that need real downloads.

    with FakeServer() as server:
        url = server.add("/a.jpg", body=jpeg_bytes, headers={"Content-Type": "image/jpeg"})
        ...
        assert server.hits["/a.jpg"] == 1

Each path answers with a fixed status, headers and body. ``framing`` chooses how
the body's end is told: by ``Content-Length`` (the default, overridable by
giving the header yourself, even a false one), by closing the connection, or
chunked. ``delay`` sleeps before answering, for timeouts; ``drip`` sends the body one
byte at a time, that many seconds apart, for a server that is slow but never silent.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Literal

Framing = Literal["length", "close", "chunked"]


@dataclass(frozen=True)
class Canned:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    framing: Framing = "length"
    delay: float = 0.0
    drip: float = 0.0


class FakeServer:
    def __init__(self) -> None:
        self.routes: dict[str, Canned] = {}
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True  # a sleeping handler must not hold up shutdown
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(
        self,
        path: str,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        body: bytes = b"",
        framing: Framing = "length",
        delay: float = 0.0,
        drip: float = 0.0,
    ) -> str:
        self.routes[path] = Canned(status, dict(headers or {}), body, framing, delay, drip)
        return self.url(path)

    @property
    def total_hits(self) -> int:
        return sum(self.hits.values())

    def _count(self, path: str) -> Canned | None:
        with self._lock:
            self.hits[path] += 1
        return self.routes.get(path)

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up (a timeout, a closed pool) is normal here, not a server error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def closed_port_url(path: str = "/") -> str:
    """A loopback URL nothing listens on, so connecting is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


def _handler_for(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            canned = server._count(self.path.split("?", 1)[0])
            if canned is None:
                canned = Canned(404, {"Content-Type": "text/plain"}, b"not here")
            if canned.delay:
                time.sleep(canned.delay)
            self.send_response(canned.status)
            for name, value in canned.headers.items():
                self.send_header(name, value)
            given = {name.lower() for name in canned.headers}
            try:
                self._send_body(canned, given)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client stopped reading, as it may

        def _send_body(self, canned: Canned, given: set[str]) -> None:
            if canned.framing == "chunked":
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                size = 1 if canned.drip else 16 * 1024
                for start in range(0, len(canned.body), size):
                    piece = canned.body[start : start + size]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    if canned.drip:
                        self.wfile.flush()
                        time.sleep(canned.drip)
                self.wfile.write(b"0\r\n\r\n")
                return
            if canned.framing == "close" or "content-length" in given:
                # A close-delimited body, or a given (perhaps false) length that must not
                # leave stray bytes on a kept-alive connection.
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(canned.body)))
            self.end_headers()
            if not canned.drip:
                self.wfile.write(canned.body)
                return
            for byte in canned.body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(canned.drip)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output to what the tests print

    return Handler
