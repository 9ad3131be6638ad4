"""Downloads an image's bytes and checks them before any decoder sees them.

Everything here answers one question: may these bytes be handed to Pillow? A
``Skip`` carries the one-line reason a download was given up, so the media
stage can log it and carry on without the image.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import requests

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


def fetch(session: requests.Session, url: str, *, max_bytes: int, timeout: float) -> bytes:
    """The checked bytes of ``url`` (``http``, ``https`` or ``file``), or ``Skip``."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        return _read_file(parts.netloc, parts.path, max_bytes=max_bytes)
    if scheme in ("http", "https") and not parts.hostname:
        raise Skip("refused: the URL names no host")
    if scheme not in ("http", "https"):
        shown = f"'{scheme}:' URLs" if scheme else "URLs without a scheme"
        raise Skip(f"refused: {shown} are not downloaded (only http, https and file)")
    return _download(session, url, max_bytes=max_bytes, timeout=timeout)


def _read_file(host: str, path: str, *, max_bytes: int) -> bytes:
    # Archive exports reference their own media folder; a file on another host is not ours.
    if host not in ("", "localhost"):
        raise Skip(f"refused: file URL names another host ({host})")
    file = Path(url2pathname(unquote(path)))
    try:
        with file.open("rb") as stream:
            if os.fstat(stream.fileno()).st_size > max_bytes:
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
