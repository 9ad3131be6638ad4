"""The fixed layout of Bluesky recordings, for ``--replay`` and ``--record``.

``DIR/<handle>/profile.json`` is the body of ``getProfile``; ``feed-1.json``,
``feed-2.json`` … are successive ``getAuthorFeed`` pages, each reached by the
``cursor`` of the page before. An account named by DID is found through the
``did`` in each folder's ``profile.json``. ``lookup.json`` is the recheck: the body of
``getPosts`` (``{"posts": [...]}``) holding the account's posts that still exist, so
a post of the account it does not hold is gone; without one, a post is there while a
recorded feed page holds it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from widget.sources.base import LOOKUP_FILE, Replayed
from widget.sources.bluesky.accounts import is_did
from widget.sources.replay import child, json_file, not_found, recorded_file

HOST = "public.api.bsky.app"
PROFILE = "/xrpc/app.bsky.actor.getProfile"
FEED = "/xrpc/app.bsky.feed.getAuthorFeed"
GET_POSTS = "/xrpc/app.bsky.feed.getPosts"
MAX_PAGES = 1000
"""Recordings are a few pages; the bound only keeps a broken folder from looping."""


def api_url(method_path: str) -> str:
    return f"https://{HOST}{method_path}"


def _query(request: requests.PreparedRequest) -> tuple[str, dict[str, str]] | None:
    """The API method's path and its parameters, or None when not a Bluesky API request."""
    parts = urlsplit(request.url or "")
    if (parts.hostname or "").lower() != HOST or parts.path not in (PROFILE, FEED):
        return None
    params = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return parts.path, params


def account_folder(folder: Path, actor: str) -> Path | None:
    """The recorded account's folder: by handle, or by the DID in a ``profile.json``."""
    if not actor:
        return None
    named = child(folder, actor.lower() if not is_did(actor) else actor.replace(":", "_"))
    if named is not None and named.is_dir():
        return named
    if not folder.is_dir():
        return None
    for candidate in sorted(folder.iterdir()):
        profile = json_file(candidate / "profile.json") if candidate.is_dir() else None
        if isinstance(profile, dict) and actor in (profile.get("did"), profile.get("handle")):
            return candidate
    return None


def page_after(account: Path, cursor: str | None) -> Path | None:
    """``feed-1.json`` without a cursor, else the page after the one that gave ``cursor``."""
    if cursor is None:
        return account / "feed-1.json"
    for number in range(1, MAX_PAGES):
        page = account / f"feed-{number}.json"
        if not page.is_file():
            return None
        body = json_file(page)
        if isinstance(body, dict) and body.get("cursor") == cursor:
            return account / f"feed-{number + 1}.json"
    return None


def _profile_not_found() -> Replayed:
    body = {"error": "InvalidRequest", "message": "Profile not found"}
    return Replayed(400, json.dumps(body).encode("utf-8"))


def replay(folder: Path, request: requests.PreparedRequest) -> Replayed | None:
    parts = urlsplit(request.url or "")
    if (parts.hostname or "").lower() == HOST and parts.path == GET_POSTS:
        return Replayed(200, get_posts(folder, parse_qs(parts.query).get("uris", [])))
    query = _query(request)
    if query is None:
        return None
    path, params = query
    account = account_folder(folder, params.get("actor", ""))
    if account is None:
        return _profile_not_found()  # what the AppView answers for an unknown actor
    cursor = params.get("cursor")
    target = account / "profile.json" if path == PROFILE else page_after(account, cursor)
    return recorded_file(target) or not_found(f"no recording of {request.url}")


def get_posts(folder: Path, uris: list[str]) -> bytes:
    """The answer to ``getPosts``: the recordings are the world (see the module docstring)."""
    listed: dict[str, Any] = {}
    paged: dict[str, Any] = {}
    covered: set[str] = set()  # the DIDs whose folder has a lookup.json
    for account in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not account.is_dir():
            continue
        lookup = json_file(account / LOOKUP_FILE)
        if isinstance(lookup, dict):
            profile = json_file(account / "profile.json")
            covered.add(str(profile.get("did")) if isinstance(profile, dict) else "")
            for post in lookup.get("posts") or []:
                if isinstance(post, dict):
                    listed.setdefault(str(post.get("uri")), post)
        for number in range(1, MAX_PAGES):
            page = json_file(account / f"feed-{number}.json")
            if not isinstance(page, dict):
                break
            for item in page.get("feed") or []:
                post = item.get("post") if isinstance(item, dict) else None
                if isinstance(post, dict):
                    paged.setdefault(str(post.get("uri")), post)
    posts = []
    for uri in uris:
        author = uri.removeprefix("at://").split("/", 1)[0]
        post = listed.get(uri) or (None if author in covered else paged.get(uri))
        if post is not None:
            posts.append(post)
    return json.dumps({"posts": posts}, ensure_ascii=False).encode("utf-8")


def record_target(folder: Path, request: requests.PreparedRequest) -> Path | None:
    query = _query(request)
    if query is None:
        return None
    path, params = query
    actor = params.get("actor", "")
    account = account_folder(folder, actor)
    if account is None:
        account = child(folder, actor.replace(":", "_") if is_did(actor) else actor.lower())
    if account is None:
        return None
    if path == PROFILE:
        return account / "profile.json"
    cursor = params.get("cursor")
    if cursor is None:
        return account / "feed-1.json"
    return page_after(account, cursor) or account / f"feed-{_next_number(account)}.json"


def _next_number(account: Path) -> int:
    number = 1
    while (account / f"feed-{number}.json").is_file() and number < MAX_PAGES:
        number += 1
    return number
