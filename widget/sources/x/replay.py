"""Recorded X answers: served back as if from the network, and recorded from it.

A recordings folder holds, per account, the exact bodies the API returned:
``<username>/user.json`` (``GET /2/users/by/username/:username``) and
``<username>/tweets-1.json``, ``tweets-2.json``, … (successive pages of
``GET /2/users/:id/tweets`` following ``meta.next_token``). Any other https URL
``https://<host>/<path>`` is the file ``<host>/<path>``; host names contain a
dot, usernames never do. The adapter sits under tweepy's own session, so a
replayed build runs exactly the code a live one runs.
"""

from __future__ import annotations

import io
import json
import mimetypes
import re
from collections.abc import Mapping
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3.response import HTTPResponse

API_HOSTS = frozenset({"api.twitter.com", "api.x.com"})
USER_PATH = re.compile(r"^/2/users/by/username/([A-Za-z0-9_]{1,50})$")
TWEETS_PATH = re.compile(r"^/2/users/(\d{1,20})/tweets$")
PAGE_NAME = re.compile(r"^tweets-(\d{1,6})\.json$")


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


def _not_found(detail: str) -> tuple[int, bytes, str]:
    body = {"title": "Not Found Error", "detail": detail, "type": "about:blank", "status": 404}
    return 404, json.dumps(body).encode("utf-8"), "application/json; charset=utf-8"


def _json_file(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def _pages(user_folder: Path) -> list[Path]:
    numbered = [
        (int(match.group(1)), path)
        for path in user_folder.iterdir()
        if (match := PAGE_NAME.match(path.name))
    ]
    return [path for _, path in sorted(numbered)]


def _next_token(page: Any) -> str | None:
    meta = page.get("meta") if isinstance(page, dict) else None
    token = meta.get("next_token") if isinstance(meta, dict) else None
    return token if isinstance(token, str) else None


class Recordings:
    """Finds recorded files; shared by the adapter and the recorder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def user_folder(self, username: str) -> Path | None:
        if not self.folder.is_dir():
            return None
        for path in self.folder.iterdir():
            if path.is_dir() and "." not in path.name and path.name.lower() == username.lower():
                return path
        return None

    def folder_of_id(self, user_id: str) -> Path | None:
        if not self.folder.is_dir():
            return None
        for path in sorted(self.folder.iterdir()):
            if not path.is_dir() or "." in path.name:
                continue
            user = _json_file(path / "user.json")
            data = user.get("data") if isinstance(user, dict) else None
            if isinstance(data, dict) and str(data.get("id")) == user_id:
                return path
        return None

    def page_after(self, user_folder: Path, token: str | None) -> Path | None:
        """The page a request with ``pagination_token=token`` gets (the first when None)."""
        pages = _pages(user_folder)
        if token is None:
            first = user_folder / "tweets-1.json"
            return first if first.is_file() else None
        for number, page in enumerate(pages):
            if _next_token(_json_file(page)) == token and number + 1 < len(pages):
                return pages[number + 1]
        return None

    def file_for_url(self, host: str, path: str) -> Path | None:
        """``<host>/<path>``, or None for anything that would step outside the host's folder."""
        if "." not in host or host.startswith("."):
            return None
        base = (self.folder / host).resolve()
        target = (base / unquote(path).lstrip("/")).resolve()
        return target if target.is_relative_to(base) and target.is_file() else None


def _since(body: bytes, since_id: str) -> bytes:
    """Keeps the posts newer than ``since_id``, as the API would have answered."""
    page = json.loads(body)
    data = page.get("data") or []
    kept = [post for post in data if int(post["id"]) > int(since_id)]
    if len(kept) == len(data) and data:
        return body
    if not kept:
        return json.dumps({"meta": {"result_count": 0}}).encode("utf-8")
    ids = [post["id"] for post in kept]
    page["data"] = kept
    page["meta"] = {
        "result_count": len(kept),
        "newest_id": max(ids, key=int),
        "oldest_id": min(ids, key=int),
    }
    return json.dumps(page, ensure_ascii=False).encode("utf-8")


class ReplayAdapter(BaseAdapter):
    """Answers every request from a recordings folder, never from the network."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.recordings = Recordings(folder)

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        status, body, content_type = self._answer(request.url or "")
        return make_response(request, status, body, {"Content-Type": content_type})

    def close(self) -> None:
        """Nothing to release: files are opened per request."""

    def _answer(self, url: str) -> tuple[int, bytes, str]:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host not in API_HOSTS:
            found = self.recordings.file_for_url(host, parts.path)
            if found is None:
                return _not_found(f"no recording of {url}")
            content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            return 200, found.read_bytes(), content_type
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        if match := USER_PATH.match(parts.path):
            folder = self.recordings.user_folder(match.group(1))
            if folder is None or not (folder / "user.json").is_file():
                return _not_found(f"Could not find user with username: [{match.group(1)}].")
            return 200, (folder / "user.json").read_bytes(), "application/json; charset=utf-8"
        if match := TWEETS_PATH.match(parts.path):
            folder = self.recordings.folder_of_id(match.group(1))
            page = (
                None
                if folder is None
                else self.recordings.page_after(folder, query.get("pagination_token"))
            )
            if page is None:
                return _not_found(f"no recorded timeline page for {parts.path}?{parts.query}")
            body = page.read_bytes()
            if query.get("since_id", "").isdigit():
                body = _since(body, query["since_id"])
            return 200, body, "application/json; charset=utf-8"
        return _not_found(f"no recording for {parts.path}")


def mount_replay(session: requests.Session, folder: Path) -> None:
    """Serves every https:// request of the session from ``folder``."""
    session.mount("https://", ReplayAdapter(folder))


class _Recorder:
    def __init__(self, folder: Path) -> None:
        self.recordings = Recordings(folder)

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if response.status_code != 200 or response.request is None:
            return
        target = self._target(response.request.url or "")
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(response.content)

    def _target(self, url: str) -> Path | None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        folder = self.recordings.folder
        if host not in API_HOSTS:
            if "." not in host or host.startswith("."):
                return None
            base = (folder / host).resolve()
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            return target if target.is_relative_to(base) and target != base else None
        if match := USER_PATH.match(parts.path):
            name = match.group(1)
            return (self.recordings.user_folder(name) or folder / name.lower()) / "user.json"
        match = TWEETS_PATH.match(parts.path)
        user_folder = self.recordings.folder_of_id(match.group(1)) if match else None
        if user_folder is None:
            return None
        token = parse_qs(parts.query).get("pagination_token", [None])[-1]
        if token is None:
            for stale in _pages(user_folder):  # a new first page starts a new recording
                stale.unlink()
            return user_folder / "tweets-1.json"
        for page in _pages(user_folder):
            if _next_token(_json_file(page)) == token:
                number = int(PAGE_NAME.match(page.name).group(1))  # type: ignore[union-attr]
                return user_folder / f"tweets-{number + 1}.json"
        return None


def attach_recorder(session: requests.Session, folder: Path) -> None:
    """Saves every successful answer of the session into ``folder``, byte for byte."""
    session.hooks["response"].append(_Recorder(folder))
