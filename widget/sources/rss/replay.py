"""Where a recorded feed lives: ``<folder>/<host>/<path>``, as for any URL, with two additions.

A query string is part of a feed's address (``/news?format=rss&cat=2`` and
``…&cat=3`` are two feeds) but not of a file path, so it is kept in the file
name after ``%3F`` (an encoded ``?``); a path ending in ``/`` (``/feed/``, or a
site's root) names ``index`` in that folder. Only feed requests (the ones this
kind sends, recognised by their ``Accept`` header) use this layout; images
keep the shared one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import requests

from widget.sources.base import Replayed
from widget.sources.replay import child, recorded_file, url_path

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
"""What a feed request asks for; it also marks the request as this kind's."""

_LONGEST_NAME = 200
"""File systems allow 255 bytes per name; longer queries are named by their hash."""


def is_feed_request(request: requests.PreparedRequest) -> bool:
    return request.method == "GET" and request.headers.get("Accept") == ACCEPT


def feed_file(folder: Path, url: str) -> Path | None:
    """The recording of the feed at ``url``, or None when the URL cannot name a file."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    path = parts.path or "/"
    if path.endswith("/"):
        path += "index"
    target = url_path(folder, urlunsplit((parts.scheme, parts.netloc, path, "", "")))
    if target is None or not parts.query:
        return target
    name = f"{target.name}%3F{quote(parts.query, safe='=&+,;-_.~')}"
    if len(name.encode("utf-8")) > _LONGEST_NAME:
        digest = hashlib.sha256(parts.query.encode("utf-8")).hexdigest()[:16]
        name = f"{target.name}%3F{digest}"
    return child(target.parent, name)


def replay_feed(folder: Path, request: requests.PreparedRequest) -> Replayed | None:
    if not is_feed_request(request):
        return None
    return recorded_file(feed_file(folder, request.url or ""))


def feed_record_target(folder: Path, request: requests.PreparedRequest) -> Path | None:
    return feed_file(folder, request.url or "") if is_feed_request(request) else None
