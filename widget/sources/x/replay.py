"""Recorded X answers: served back as if from the network, and recorded from it.

A recordings folder holds, per account, the exact bodies the API returned:
``<username>/user.json`` (``GET /2/users/by/username/:username``) and
``<username>/tweets-1.json``, ``tweets-2.json``, … (successive pages of
``GET /2/users/:id/tweets`` following ``meta.next_token``), and
``<username>/lookup.json`` (``GET /2/tweets?ids=``, the recheck: found posts in
``data``, deleted ones in ``errors`` as ``resource-not-found``). Any other https URL
``https://<host>/<path>`` is the file ``<host>/<path>``; host names contain a
dot, usernames never do. The adapter sits under tweepy's own session, so a
replayed build runs exactly the code a live one runs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from widget.sources.base import LOOKUP_FILE, Replayed
from widget.sources.replay import json_file, not_found
from widget.sources.x.common import valid_post_id

API_HOSTS = frozenset({"api.twitter.com", "api.x.com"})
USER_PATH = re.compile(r"^/2/users/by/username/([A-Za-z0-9_]{1,50})$")
TWEETS_PATH = re.compile(r"^/2/users/(\d{1,20})/tweets$")
PAGE_NAME = re.compile(r"^tweets-(\d{1,6})\.json$")
LOOKUP_PATH = "/2/tweets"
NOT_FOUND = "https://api.twitter.com/2/problems/resource-not-found"


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
            user = json_file(path / "user.json")
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
            if _next_token(json_file(page)) == token and number + 1 < len(pages):
                return pages[number + 1]
        return None


def _since(body: bytes, since_id: str) -> bytes:
    """Keeps the posts newer than ``since_id``, as the API would have answered."""
    try:
        page = json.loads(body)
    except (ValueError, RecursionError):
        return body  # served as recorded: the normalizer reports what it cannot read
    data = page.get("data") if isinstance(page, dict) else None
    if not isinstance(data, list):
        return body
    kept = [post for post in data if not _not_newer(post, since_id)]
    if len(kept) == len(data) and data:
        return body
    if not kept:
        return json.dumps({"meta": {"result_count": 0}}).encode("utf-8")
    ids = [post["id"] for post in kept if _id_of(post)]
    page["data"] = kept
    page["meta"] = {"result_count": len(kept)}
    if ids:
        page["meta"].update(newest_id=max(ids, key=int), oldest_id=min(ids, key=int))
    return json.dumps(page, ensure_ascii=False).encode("utf-8")


def _id_of(post: Any) -> str | None:
    return valid_post_id(post.get("id")) if isinstance(post, dict) else None


def _not_newer(post: Any, since_id: str) -> bool:
    """A post the API would not send after ``since_id``; one it cannot compare is kept."""
    number = _id_of(post)
    return number is not None and int(number) <= int(since_id)


def answer(folder: Path, request: requests.PreparedRequest) -> Replayed | None:
    """The recorded answer to an X API request, or None when the URL is not X's API."""
    parts = urlsplit(request.url or "")
    if (parts.hostname or "").lower() not in API_HOSTS:
        return None
    recordings = Recordings(folder)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if match := USER_PATH.match(parts.path):
        user = recordings.user_folder(match.group(1))
        if user is None or not (user / "user.json").is_file():
            return not_found(f"Could not find user with username: [{match.group(1)}].")
        return Replayed(200, (user / "user.json").read_bytes())
    if match := TWEETS_PATH.match(parts.path):
        user = recordings.folder_of_id(match.group(1))
        page = None if user is None else recordings.page_after(user, query.get("pagination_token"))
        if page is None:
            return not_found(f"no recorded timeline page for {parts.path}?{parts.query}")
        body = page.read_bytes()
        if valid_post_id(query.get("since_id")):
            body = _since(body, query["since_id"])
        return Replayed(200, body)
    if parts.path == LOOKUP_PATH and query.get("ids"):
        return Replayed(200, lookup(folder, query["ids"].split(",")))
    return not_found(f"no recording for {parts.path}")


def lookup(folder: Path, ids: list[str]) -> bytes:
    """The answer to ``GET /2/tweets?ids=``: the recordings are the world.

    An id an account's ``lookup.json`` lists is answered as it says; any other id
    is found when a recorded timeline page holds it, and is reported deleted when
    none does (a post removed from the recordings was deleted).
    """
    found: dict[str, Any] = {}
    gone: set[str] = set()
    includes: dict[str, dict[str, Any]] = {}
    bodies = []
    if folder.is_dir():
        for user in sorted(
            path for path in folder.iterdir() if path.is_dir() and "." not in path.name
        ):
            bodies += [json_file(user / LOOKUP_FILE)] + [json_file(page) for page in _pages(user)]
    for body in (b for b in bodies if isinstance(b, dict)):  # lookup.json first: it wins
        for item in body.get("data") or []:
            if isinstance(item, dict) and item.get("id") in ids and item["id"] not in gone:
                found.setdefault(item["id"], item)
        for error in body.get("errors") or []:
            error = error if isinstance(error, dict) else {}
            post_id = error.get("resource_id")
            if error.get("type") == NOT_FOUND and post_id in ids and post_id not in found:
                gone.add(post_id)
        for key, values in (body.get("includes") or {}).items():
            for value in values if isinstance(values, list) else []:
                if isinstance(value, dict):
                    name = str(value.get("id") or value.get("media_key"))
                    includes.setdefault(key, {}).setdefault(name, value)
    answer: dict[str, Any] = {}
    data = [found[post_id] for post_id in ids if post_id in found]
    if data:
        answer["data"] = data
        answer["includes"] = {key: list(values.values()) for key, values in includes.items()}
    missing = [post_id for post_id in ids if post_id not in found]
    if missing:
        answer["errors"] = [_not_found(post_id) for post_id in missing]
    return json.dumps(answer, ensure_ascii=False).encode("utf-8")


def _not_found(post_id: str) -> dict[str, str]:
    return {
        "value": post_id,
        "detail": f"Could not find tweet with ids: [{post_id}].",
        "title": "Not Found Error",
        "resource_type": "tweet",
        "parameter": "ids",
        "resource_id": post_id,
        "type": NOT_FOUND,
    }


def record_target(folder: Path, request: requests.PreparedRequest) -> Path | None:
    """Where the answer to an X API request is recorded (the layout ``answer`` reads)."""
    parts = urlsplit(request.url or "")
    if (parts.hostname or "").lower() not in API_HOSTS:
        return None
    recordings = Recordings(folder)
    if match := USER_PATH.match(parts.path):
        name = match.group(1)
        return (recordings.user_folder(name) or folder / name.lower()) / "user.json"
    match = TWEETS_PATH.match(parts.path)
    user_folder = recordings.folder_of_id(match.group(1)) if match else None
    if user_folder is None:
        return None
    token = parse_qs(parts.query).get("pagination_token", [None])[-1]
    if token is None:
        for stale in _pages(user_folder):  # a new first page starts a new recording
            stale.unlink()
        return user_folder / "tweets-1.json"
    for page in _pages(user_folder):
        if _next_token(json_file(page)) == token:
            number = int(PAGE_NAME.match(page.name).group(1))  # type: ignore[union-attr]
            return user_folder / f"tweets-{number + 1}.json"
    return None
