"""The preview's HTTP server: the built files, a reload script and a Server-Sent Events stream.

Request handling is the pure function ``respond`` (path in, status, headers and
body out), so almost all of it is tested without opening a port. Only files
inside the build's output folder are served, never a directory listing.
"""

from __future__ import annotations

import ipaddress
import mimetypes
import queue
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

LIVERELOAD_SCRIPT = Path(__file__).parent / "static" / "livereload.js"
LIVERELOAD_PATH = "/__widget/livereload.js"
EVENTS_PATH = "/__widget/events"
COMPARE_PATH = "/__widget/compare/"
"""The comparison page (``widget.preview_compare``), served from the preview's own folder."""
COMPARE_FRAMES = COMPARE_PATH + "pages/"
"""Pages shown inside the comparison page's frame: the page around them does the reloading."""
LIVERELOAD_TAG = f'<script src="{LIVERELOAD_PATH}" defer></script>'.encode("ascii")
KEEPALIVE_SECONDS = 15.0
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/atom+xml",
    ".webp": "image/webp",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".svg": "image/svg+xml",
}

MAX_PATH = 2048
"""Longer request targets get 414: no file of a build has a path near this long."""
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
_HOST = re.compile(r"(?P<name>\[[0-9a-f:.]+\]|[^:\[\]]+)(?::(?P<port>[0-9]{1,5}))?")

Headers = tuple[tuple[str, str], ...]


def host_allowed(host: str | None, bound: tuple[str, int]) -> bool:
    """Whether a request's ``Host`` header names this server, so DNS rebinding cannot read it.

    A page on another site can make its own name resolve to 127.0.0.1; its requests then
    carry that name. Only loopback names, the bound address and address literals (which
    no rebinding can produce) are answered, and only with the bound port.
    """
    match = _HOST.fullmatch((host or "").strip().lower())
    if match is None or int(match["port"] or 80) != bound[1]:
        return False
    name = match["name"]
    bound_host = bound[0].lower()
    if name in LOOPBACK_NAMES or name in (bound_host, f"[{bound_host}]"):
        return True
    try:
        ipaddress.ip_address(name[1:-1] if name.startswith("[") and name.endswith("]") else name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Site:
    """What is served: the build's output at the path of its ``base_url``."""

    output: Path
    base_path: str

    @classmethod
    def at(cls, output: Path, base_url: str) -> Site:
        path = urlsplit(base_url).path or "/"
        return cls(output, path if path.endswith("/") else path + "/")


@dataclass(frozen=True)
class Response:
    status: int
    headers: Headers
    body: bytes


def respond(site: Site, request_path: str, *, livereload: bool = True) -> Response:
    """The answer to a GET of ``request_path`` (the raw request target)."""
    path = request_path.split("?", 1)[0].split("#", 1)[0]
    if len(path) > MAX_PATH:
        return _plain(HTTPStatus.REQUEST_URI_TOO_LONG, b"Request path too long\n")
    if path == LIVERELOAD_PATH:
        return _ok(LIVERELOAD_SCRIPT.read_bytes(), CONTENT_TYPES[".js"])
    if path + "/" == site.base_path:
        return Response(HTTPStatus.MOVED_PERMANENTLY, (("Location", site.base_path),), b"")
    target = resolve(site, path)
    if target is None:
        return not_found()
    body = target.read_bytes()
    content_type = CONTENT_TYPES.get(target.suffix.lower()) or (
        mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    )
    if target.suffix.lower() == ".html" and livereload:
        body = with_livereload(body)
    return _ok(body, content_type)


def resolve(site: Site, path: str) -> Path | None:
    """The file a URL path names, or None when it is not a file inside the output."""
    decoded = unquote(path)
    if "\x00" in decoded or "\\" in decoded or not decoded.startswith("/"):
        return None
    if decoded == "/":
        relative = "index.html"
    elif decoded.startswith(site.base_path):
        relative = decoded[len(site.base_path) :]
    else:
        return None
    parts = [part for part in relative.split("/") if part not in ("", ".")]
    if ".." in parts:
        return None
    if not parts or relative.endswith("/"):
        parts.append("index.html")
    try:
        root = site.output.resolve()
        target = root.joinpath(*parts).resolve()
        if root not in target.parents or not target.is_file():
            return None  # a symlink out of the output counts as outside
    except (OSError, RuntimeError):  # a name too long for the system, a symlink loop
        return None
    return target


def with_livereload(html: bytes) -> bytes:
    """The page with the preview-only reload script before its last ``</body>``."""
    end = html.lower().rfind(b"</body")
    if end < 0:
        return html + LIVERELOAD_TAG
    return html[:end] + LIVERELOAD_TAG + html[end:]


def not_found() -> Response:
    page = (
        b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Not found</title>'
        b"</head><body><h1>Not found</h1><p>Nothing is built at this address.</p></body></html>"
    )
    body = with_livereload(page)
    return Response(HTTPStatus.NOT_FOUND, _headers(CONTENT_TYPES[".html"], len(body)), body)


def _plain(status: HTTPStatus, body: bytes) -> Response:
    return Response(status, _headers("text/plain; charset=utf-8", len(body)), body)


def _ok(body: bytes, content_type: str) -> Response:
    return Response(HTTPStatus.OK, _headers(content_type, len(body)), body)


def _headers(content_type: str, length: int) -> Headers:
    return (
        ("Content-Type", content_type),
        ("Content-Length", str(length)),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    )


def format_event(name: str, lines: Sequence[str]) -> bytes:
    """One Server-Sent Event; each line becomes a ``data:`` field, so none can end the event."""
    fields = [f"event: {name}"]
    for line in lines or [""]:
        fields.extend(f"data: {part}" for part in line.splitlines() or [""])
    return ("\n".join(fields) + "\n\n").encode("utf-8")


class Broadcaster:
    """Sends each event to every open ``/__widget/events`` stream.

    The last failure is remembered, so a page opened after a failed rebuild
    shows the error too, until a rebuild succeeds.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: set[queue.Queue[bytes | None]] = set()
        self._error: bytes | None = None
        self._closed = False

    @property
    def listeners(self) -> int:
        """How many pages are listening (the preview's tests wait for their page)."""
        with self._lock:
            return len(self._clients)

    def reload(self) -> None:
        with self._lock:
            self._error = None
        self._publish(format_event("reload", ["reload"]))

    def error(self, lines: Sequence[str]) -> None:
        event = format_event("error", lines)
        with self._lock:
            self._error = event
        self._publish(event)

    def subscribe(self) -> queue.Queue[bytes | None]:
        client: queue.Queue[bytes | None] = queue.Queue()
        with self._lock:
            if self._error is not None:
                client.put(self._error)
            if self._closed:
                client.put(None)
            self._clients.add(client)
        return client

    def unsubscribe(self, client: queue.Queue[bytes | None]) -> None:
        with self._lock:
            self._clients.discard(client)

    def close(self) -> None:
        """Ends every stream, so the server's threads can be joined."""
        with self._lock:
            self._closed = True
            clients = list(self._clients)
        for client in clients:
            client.put(None)

    def _publish(self, event: bytes) -> None:
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            client.put(event)


class PreviewState:
    """What the handler serves; a successful rebuild swaps the site in one assignment.

    ``compare`` brings the comparison pages up to date and says where they are; without
    it the comparison page is not served.
    """

    def __init__(
        self,
        site: Site,
        events: Broadcaster | None = None,
        compare: Callable[[], Site] | None = None,
    ) -> None:
        self.site = site
        self.events = events or Broadcaster()
        self.compare = compare

    def respond(self, request_path: str) -> Response:
        path = request_path.split("?", 1)[0]
        if self.compare is not None and (path + "/").startswith(COMPARE_PATH):
            live = not path.startswith(COMPARE_FRAMES)
            return respond(self.compare(), request_path, livereload=live)
        return respond(self.site, request_path)


class PreviewHandler(BaseHTTPRequestHandler):
    server_version = "widget-preview"
    timeout = 30

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the preview prints rebuilds and errors, not every request."""

    @property
    def state(self) -> PreviewState:
        state: PreviewState = getattr(self.server, "state")  # noqa: B009
        return state

    def _answer(self, *, send_body: bool) -> None:
        bound: tuple[str, int] = getattr(self.server, "server_address")[:2]  # noqa: B009
        if not host_allowed(self.headers.get("Host"), bound):
            response = _plain(HTTPStatus.BAD_REQUEST, b"Unknown Host header\n")
        elif self.path.split("?", 1)[0] == EVENTS_PATH:
            self._stream_events()
            return
        else:
            response = self.state.respond(self.path)
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)

    def _stream_events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        events = self.state.events
        client = events.subscribe()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while True:
                try:
                    message = client.get(timeout=KEEPALIVE_SECONDS)
                except queue.Empty:
                    message = b": keep-alive\n\n"
                if message is None:
                    return
                self.wfile.write(message)
                self.wfile.flush()
        except OSError:
            return  # the page went away
        finally:
            events.unsubscribe(client)


class PreviewServer(ThreadingHTTPServer):
    """Joins its request threads on close, so nothing outlives the preview."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, address: tuple[str, int], state: PreviewState) -> None:
        super().__init__(address, PreviewHandler)
        self.state = state

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"
