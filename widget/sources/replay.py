"""Recorded answers served as if from the network, and answers recorded from it.

Each source kind answers its own API URLs from a recordings folder in its own
fixed layout (``SourceKind.replay``); any other URL ``https://<host>/<path>``
(an image, an RSS feed) is the file ``<host>/<path>`` of the folder. The adapter
sits under the build's one session, so a replayed build runs exactly the code a
live one runs. With every network replayed nothing reaches the network; when
only some are, requests none of the recordings can answer go out as usual.
"""

from __future__ import annotations

import io
import json
import mimetypes
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3.response import HTTPResponse

from widget.sources.base import Replayed, SourceKind


def make_response(
    request: requests.PreparedRequest,
    status: int,
    body: bytes,
    headers: Mapping[str, str] | None = None,
) -> requests.Response:
    """A response built the way requests builds a real one, so the cache can store it."""
    raw = HTTPResponse(
        body=io.BytesIO(body),
        headers={"Content-Length": str(len(body)), **(headers or {})},
        status=status,
        reason=HTTPStatus(status).phrase,
        preload_content=False,
        decode_content=False,
        request_url=request.url,
    )
    return HTTPAdapter().build_response(request, raw)


def not_found(detail: str) -> Replayed:
    body = {"title": "Not Found Error", "detail": detail, "type": "about:blank", "status": 404}
    return Replayed(404, json.dumps(body).encode("utf-8"))


def json_file(path: Path) -> Any:
    """A recorded JSON body, or None when it is missing or not JSON."""
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None


def recorded_file(path: Path | None) -> Replayed | None:
    """A recorded file as an answer, its type guessed from its name."""
    if path is None or not path.is_file():
        return None
    # Bluesky's CDN names a picture's format after an "@" (``…/bafkrei…@jpeg``).
    content_type = (
        mimetypes.guess_type(path.name)[0]
        or mimetypes.guess_type(path.name.replace("@", "."))[0]
        or "application/octet-stream"
    )
    if content_type == "application/json":
        content_type += "; charset=utf-8"
    return Replayed(200, path.read_bytes(), content_type)


def url_path(folder: Path, url: str) -> Path | None:
    """``<folder>/<host>/<path>`` for a URL, or None when that would step outside the host's
    folder or the host is no host name (host names contain a dot)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if "." not in host or host.startswith("."):
        return None
    base = (folder / host).resolve()
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    return target if target.is_relative_to(base) and target != base else None


def child(folder: Path, name: str) -> Path | None:
    """``folder/name`` for a name taken from a URL, or None when it is not a plain name."""
    if not name or name in {".", ".."} or "/" in name or "\\" in name or "\0" in name:
        return None
    return folder / name


class ReplayAdapter(BaseAdapter):
    """Answers requests from recordings; ``fallback`` sends the rest to the network."""

    def __init__(
        self,
        routes: Sequence[tuple[Path, SourceKind]],
        *,
        fallback: bool = False,
        network: BaseAdapter | None = None,
    ) -> None:
        super().__init__()
        self.routes = list(routes)
        self.folders = list(dict.fromkeys(folder for folder, _ in routes))
        # ``network``: the session's own adapter, so what goes out keeps its deadline.
        self.network = (network or HTTPAdapter()) if fallback else None

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        answer = self.answer(request)
        if answer is None and self.network is not None:
            return self.network.send(request, **kwargs)
        answer = answer or not_found(f"no recording of {request.url}")
        headers = {**answer.headers, "Content-Type": answer.content_type}
        return make_response(request, answer.status, answer.body, headers)

    def answer(self, request: requests.PreparedRequest) -> Replayed | None:
        for folder, kind in self.routes:
            found = kind.replay(folder, request)
            if found is not None:
                return found
        for folder in self.folders:
            found = recorded_file(url_path(folder, request.url or ""))
            if found is not None:
                return found
        return None

    def close(self) -> None:
        if self.network is not None:
            self.network.close()


def mount_replay(
    session: requests.Session, routes: Sequence[tuple[Path, SourceKind]], *, fallback: bool
) -> None:
    """Serves the session's requests from the recordings of ``routes``."""
    adapter = ReplayAdapter(routes, fallback=fallback, network=session.get_adapter("https://"))
    session.mount("https://", adapter)
    session.mount("http://", adapter)


class Recorder:
    """A response hook saving every successful answer into ``folder``, byte for byte."""

    def __init__(self, folder: Path, kinds: Sequence[SourceKind]) -> None:
        self.folder = folder
        self.kinds = list(kinds)

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if response.status_code != 200 or response.request is None:
            return
        target = self.target(response.request)
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(response.content)

    def target(self, request: requests.PreparedRequest) -> Path | None:
        """The kind's own place for its API answers; the ``<host>/<path>`` rule for the rest.
        An API URL a kind cannot place (its replay would not find it either) is not saved."""
        for kind in self.kinds:
            found = kind.record_target(self.folder, request)
            if found is not None:
                return found
            if kind.replay(self.folder, request) is not None:
                return None
        return url_path(self.folder, request.url or "")


def attach_recorder(session: requests.Session, folder: Path, kinds: Sequence[SourceKind]) -> None:
    session.hooks["response"].append(Recorder(folder, kinds))
