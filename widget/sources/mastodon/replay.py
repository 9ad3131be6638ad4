"""Recorded Mastodon answers: the fixed layout, served back and recorded.

A recordings folder holds, per account, the exact bodies the API returned:

- ``<user>@<host>/account.json``: ``GET https://<host>/api/v1/accounts/lookup?acct=<user>``
- ``<user>@<host>/statuses-1.json``, ``statuses-2.json``, …: successive pages of
  ``GET https://<host>/api/v1/accounts/:id/statuses``, each following the one
  before through its ``Link: rel="next"`` (``max_id`` = the last id of that page).

Headers are not recorded, so replay writes the ``Link`` header a server would
have sent (``rel="next"`` while a further page is recorded), and the real paging
code runs. An incremental request (``since_id``, or ``min_id`` treated alike)
gets only the statuses newer than that id, and no further page once the page
held older ones: what the server answers when the new statuses run out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from widget.sources.base import LOOKUP_FILE, Replayed
from widget.sources.replay import child, json_file

LOOKUP_PATH = "/api/v1/accounts/lookup"
STATUSES_PATH = re.compile(r"^/api/v1/accounts/([A-Za-z0-9_-]{1,100})/statuses$")
PAGE_NAME = re.compile(r"^statuses-(\d{1,6})\.json$")
STATUS_PATH = re.compile(r"^/api/v1/statuses/([A-Za-z0-9]{1,40})$")
ACCOUNT_FILE = "account.json"


def _query(url: str) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(urlsplit(url).query).items()}


def _error(status: int, message: str) -> Replayed:
    """Mastodon's own error shape: ``{"error": "…"}``."""
    return Replayed(status, json.dumps({"error": message}).encode("utf-8"))


def account_folder(folder: Path, user: str, host: str) -> Path | None:
    """The existing ``<user>@<host>`` folder, its user matched without regard to case."""
    wanted = f"{user}@{host}".lower()
    if not folder.is_dir():
        return None
    for path in sorted(folder.iterdir()):
        if path.is_dir() and path.name.lower() == wanted:
            return path
    return None


def folder_of_id(folder: Path, host: str, account_id: str) -> Path | None:
    """The ``…@<host>`` folder whose recorded account has ``account_id``."""
    if not folder.is_dir():
        return None
    for path in sorted(folder.iterdir()):
        if not path.is_dir() or not path.name.lower().endswith(f"@{host}"):
            continue
        account = json_file(path / ACCOUNT_FILE)
        if isinstance(account, dict) and str(account.get("id")) == account_id:
            return path
    return None


def pages(account: Path) -> list[Path]:
    numbered = [
        (int(match.group(1)), path)
        for path in account.iterdir()
        if (match := PAGE_NAME.match(path.name))
    ]
    return [path for _, path in sorted(numbered)]


def _ids(page: Any) -> list[str]:
    if not isinstance(page, list):
        return []
    return [str(item.get("id")) for item in page if isinstance(item, dict)]


def _page_after(recorded: list[Path], max_id: str | None) -> int | None:
    """The index of the page a request with ``max_id`` gets (the first without one)."""
    if max_id is None:
        return 0 if recorded else None
    for number, page in enumerate(recorded[:-1]):
        ids = _ids(json_file(page))
        if ids and ids[-1] == max_id:
            return number + 1
    return None


def _split_user(acct: str, host: str) -> tuple[str, str]:
    user, _, other = acct.strip().removeprefix("@").partition("@")
    return user, (other.lower() or host)


def _host(request: requests.PreparedRequest) -> tuple[str, str]:
    parts = urlsplit(request.url or "")
    return (parts.hostname or "").lower(), parts.path


def replay(folder: Path, request: requests.PreparedRequest) -> Replayed | None:
    """The recorded answer to a Mastodon API request, or None when it is not one."""
    host, path = _host(request)
    if request.method != "GET" or "." not in host:
        return None
    query = _query(request.url or "")
    if path == LOOKUP_PATH:
        user, home = _split_user(query.get("acct", ""), host)
        account = account_folder(folder, user, home) if user else None
        if account is None or not (account / ACCOUNT_FILE).is_file():
            return _error(404, "Record not found")
        return Replayed(200, (account / ACCOUNT_FILE).read_bytes())
    if status := STATUS_PATH.match(path):
        return _status(folder, host, status.group(1))
    match = STATUSES_PATH.match(path)
    if match is None:
        return None
    account = folder_of_id(folder, host, match.group(1))
    if account is None:
        return _error(404, "Record not found")
    recorded = pages(account)
    index = _page_after(recorded, query.get("max_id"))
    if index is None:
        return _error(404, f"no recorded page of statuses for max_id={query.get('max_id')}")
    body = recorded[index].read_bytes()
    newer_than = query.get("since_id") or query.get("min_id")
    body, cut = _newer(body, newer_than) if newer_than else (body, False)
    headers = {}
    if index + 1 < len(recorded) and not cut:
        last = _ids(json_file(recorded[index]))[-1:]
        if last:
            params = {"limit": query.get("limit", "20"), "max_id": last[0]}
            url = f"https://{host}{path}?{urlencode(params)}"
            headers["Link"] = f'<{url}>; rel="next"'
    return Replayed(200, body, headers=headers)


def _status(folder: Path, host: str, status_id: str) -> Replayed:
    """A status looked up by id: the recordings are the world (see the module docstring)."""
    accounts = [
        path
        for path in (sorted(folder.iterdir()) if folder.is_dir() else [])
        if path.is_dir() and path.name.lower().endswith(f"@{host}")
    ]
    for account in accounts:
        recorded = json_file(account / LOOKUP_FILE)
        body = recorded.get(status_id) if isinstance(recorded, dict) else None
        if isinstance(body, dict):
            status = 404 if "error" in body else 200
            return Replayed(status, json.dumps(body, ensure_ascii=False).encode("utf-8"))
    for account in accounts:
        for page in pages(account):
            for item in json_file(page) or []:
                if isinstance(item, dict) and str(item.get("id")) == status_id:
                    return Replayed(200, json.dumps(item, ensure_ascii=False).encode("utf-8"))
    return _error(404, "Record not found")


def _is_newer(status_id: str, than: str) -> bool:
    """Mastodon's ids are numbers that grow with time."""
    if all(text.isascii() and text.isdigit() and len(text) <= 30 for text in (status_id, than)):
        return int(status_id) > int(than)
    return (len(status_id), status_id) > (len(than), than)


def _newer(body: bytes, newer_than: str) -> tuple[bytes, bool]:
    """The page's statuses newer than ``newer_than``, and whether any were left out."""
    try:
        page = json.loads(body)
    except (ValueError, RecursionError):
        return body, False
    if not isinstance(page, list):
        return body, False
    kept = [
        item
        for item in page
        if isinstance(item, dict) and _is_newer(str(item.get("id")), newer_than)
    ]
    if len(kept) == len(page):
        return body, False
    return json.dumps(kept, ensure_ascii=False).encode("utf-8"), True


def record_target(folder: Path, request: requests.PreparedRequest) -> Path | None:
    """Where ``--record`` saves a Mastodon API answer, or None (incremental answers, not
    the API's, or a page that follows no recorded one)."""
    host, path = _host(request)
    if request.method != "GET" or "." not in host:
        return None
    query = _query(request.url or "")
    if path == LOOKUP_PATH:
        user, home = _split_user(query.get("acct", ""), host)
        name = child(folder, f"{user}@{home}") if user else None
        if name is None:
            return None
        return (account_folder(folder, user, home) or name) / ACCOUNT_FILE
    match = STATUSES_PATH.match(path)
    account = folder_of_id(folder, host, match.group(1)) if match else None
    if account is None or "since_id" in query or "min_id" in query:
        return None
    recorded = pages(account)
    max_id = query.get("max_id")
    if max_id is None:
        for stale in recorded:  # a new first page starts a new recording
            stale.unlink()
        return account / "statuses-1.json"
    for number, page in enumerate(recorded):
        ids = _ids(json_file(page))
        if ids and ids[-1] == max_id:
            return account / f"statuses-{number + 2}.json"
    return None
