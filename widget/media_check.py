"""Downloads an image's bytes and checks them before any decoder sees them.

Everything here answers one question: may these bytes be handed to Pillow? A
``Skip`` carries the one-line reason a download was given up, so the media
stage can log it and carry on without the image.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import requests
from requests.adapters import BaseAdapter, HTTPAdapter

from widget.sources.replay import ReplayAdapter

ALLOWED_TYPES = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WebP",
}
SVG_REFUSED = "refused: SVG images are not allowed"
_CHUNK = 64 * 1024


class Skip(Exception):
    """An image that will not be shown; ``reason`` is the part of the log line after the URL."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def human_size(n: int) -> str:
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= size:
            return f"{n // size} {unit}" if n % size == 0 else f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def sniff(body: bytes) -> str | None:
    """The content type the first bytes prove, or None; SVG counts so it can be named."""
    if body.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if body.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if body[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return "image/webp"
    head = body[:256].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml")):
        return "image/svg+xml"
    return None


def check_body(body: bytes, declared: str | None) -> str:
    """Returns the proven content type; ``declared`` is None for files read from disk."""
    found = sniff(body)
    if found == "image/svg+xml":
        raise Skip(SVG_REFUSED)
    if declared is not None and found != declared:
        raise Skip(f"refused: content is not {ALLOWED_TYPES[declared]} as declared (bytes differ)")
    if found is None:
        raise Skip("refused: not a JPEG, PNG, GIF or WebP image")
    return found


def fetch(
    session: requests.Session,
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    file_roots: Sequence[Path] = (),
    check_host: Callable[[str, int], None] | None = None,
) -> bytes:
    """The checked bytes of ``url``, or ``Skip``: the one place a media URL is judged.

    ``http`` and ``https`` only, and a host that is not on a private, loopback,
    link-local or unspecified address when the request would reach the network
    (a recording answers without it); ``file`` only for a regular file inside one
    of ``file_roots`` (an archive export's own folder). ``check_host`` raises Skip
    for a host that must not be fetched; it is :func:`refuse_private_host` unless the
    caller knows better (a test's own loopback server).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        return _read_file(parts.netloc, parts.path, max_bytes=max_bytes, roots=file_roots)
    if scheme not in ("http", "https"):
        shown = f"'{scheme}:' URLs" if scheme else "URLs without a scheme"
        raise Skip(f"refused: {shown} are not downloaded (only http, https and file)")
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - a port out of range raises here, before any request
    except ValueError:
        raise Skip("refused: the URL's host or port is not valid") from None
    if not host:
        raise Skip("refused: the URL names no host")
    if reaches_network(session, url):
        (check_host or refuse_private_host)(host, parts.port or (443 if scheme == "https" else 80))
    return _download(session, url, max_bytes=max_bytes, timeout=timeout)


def reaches_network(session: requests.Session, url: str) -> bool:
    """Whether the session would send ``url`` out: an offline build answers from its
    cache, a replayed build from its recordings, and where no recording answers and
    nothing falls back, from nowhere."""
    settings = getattr(session, "settings", None)  # a requests-cache session
    if getattr(settings, "only_if_cached", False):
        return False  # an offline build: the cache answers or nothing does
    adapter: BaseAdapter = session.get_adapter(url)
    if isinstance(adapter, ReplayAdapter):
        if adapter.network is None:
            return False
        return adapter.answer(requests.Request("GET", url).prepare()) is None
    # requests' own transport opens sockets; an adapter of another kind answers by itself.
    return isinstance(adapter, HTTPAdapter)


def refuse_private_host(host: str, port: int) -> None:
    """Skip unless every address ``host`` resolves to is a public one.

    A recording or an API answer must not make the build read the machine's own
    services (a cloud metadata address, an admin port on loopback, the office LAN).
    """
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise Skip(f"could not resolve the host {host}") from None
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
        mapped = getattr(ip, "ipv4_mapped", None)
        ip = mapped or ip
        if not ip.is_global or ip.is_multicast:
            raise Skip(f"refused: {host} is a private, loopback or link-local address ({ip})")


def _read_file(host: str, path: str, *, max_bytes: int, roots: Sequence[Path]) -> bytes:
    # Archive exports reference their own media folder; a file on another host is not ours.
    if host not in ("", "localhost"):
        raise Skip(f"refused: file URL names another host ({host})")
    try:
        file = Path(url2pathname(unquote(path))).resolve()
    except (OSError, ValueError, RuntimeError):
        raise Skip("refused: the file URL names no usable path") from None
    if not any(file.is_relative_to(root.resolve()) for root in roots):
        raise Skip("refused: file URLs are read only inside an archive's own folder")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; only regular files are read.
        handle = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise Skip("file not found") from None
    except OSError as error:
        raise Skip(f"cannot read the file ({error.strerror or type(error).__name__})") from None
    except ValueError:  # a NUL in the path
        raise Skip("refused: the file URL names no usable path") from None
    try:
        with os.fdopen(handle, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Skip("refused: not a regular file")
            if info.st_size > max_bytes:
                raise Skip(f"larger than {human_size(max_bytes)}")
            body = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise Skip("file not found") from None
    except OSError as error:
        raise Skip(f"cannot read the file ({error.strerror or type(error).__name__})") from None
    if len(body) > max_bytes:
        raise Skip(f"larger than {human_size(max_bytes)}")
    check_body(body, None)
    return body


def _download(session: requests.Session, url: str, *, max_bytes: int, timeout: float) -> bytes:
    hook = _CappedReader(max_bytes)
    try:
        response = session.get(url, stream=True, timeout=timeout, hooks={"response": [hook]})
    except requests.Timeout:
        raise Skip("timed out") from None
    except requests.ConnectionError as error:
        reason = "timed out" if "timed out" in str(error).lower() else "could not connect"
        raise Skip(reason) from None
    except requests.RequestException as error:
        raise Skip(f"download failed ({type(error).__name__})") from None
    with response:
        if response.status_code != 200:
            raise Skip(_status_reason(response))
        declared = hook.checked_type or hook.check_headers(response)
        body = response.content
    check_body(body, declared)
    return body


def _status_reason(response: requests.Response) -> str:
    # requests-cache answers an offline miss (only_if_cached) with a synthetic 504 "Not Cached".
    if response.status_code == 504 and response.reason == "Not Cached":
        return "not in the cache (offline build)"
    return f"server answered {response.status_code}"


def content_type(response: requests.Response) -> str:
    raw = response.headers.get("Content-Type", "")
    return raw.split(";", 1)[0].strip().lower()


class _CappedReader:
    """A response hook, so it runs before requests-cache stores the body.

    requests-cache reads a whole response to store it, which would defeat a cap
    applied afterwards; checking the headers and reading at most ``max_bytes``
    here keeps oversize or non-image answers out of memory and out of the cache.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.checked_type: str | None = None

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if response.status_code != 200:
            return
        try:
            self.checked_type = self.check_headers(response)
            if not getattr(response, "_content_consumed", False):
                response._content = self._read(response)
                response._content_consumed = True  # type: ignore[attr-defined]
            if len(response.content) > self.max_bytes:
                raise Skip(f"larger than {human_size(self.max_bytes)}")
        except Exception:
            response.close()
            raise

    def check_headers(self, response: requests.Response) -> str:
        kind = content_type(response)
        if kind == "image/svg+xml":
            raise Skip(SVG_REFUSED)
        if kind not in ALLOWED_TYPES:
            shown = f"'{kind}'" if kind else "missing"
            raise Skip(f"refused: content type {shown} is not an allowed image type")
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise Skip(f"larger than {human_size(self.max_bytes)}")
        return kind

    def _read(self, response: requests.Response) -> bytes:
        # The declared length is a hint only: the cap holds for chunked and close-delimited bodies.
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_content(_CHUNK):
            total += len(chunk)
            if total > self.max_bytes:
                raise Skip(f"larger than {human_size(self.max_bytes)}")
            chunks.append(chunk)
        return b"".join(chunks)
