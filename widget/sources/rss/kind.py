"""The ``rss:`` source kind: one RSS, Atom or JSON Feed read through the build's session.

A feed is one document, so a fetch is one conditional GET. The cursor keeps the
validators of the last answer (``ETag``, ``Last-Modified``) and a digest of its
bytes: a ``304 Not Modified``, or the same bytes again (a server without
validators, or the HTTP cache's own copy), means nothing new and no posts.
There are no pages to follow: every item of a changed feed is returned, whatever
the limit, and the store keeps the first copy of each.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

from widget.errors import SourceError
from widget.sources import web
from widget.sources.base import (
    Fetched,
    FetchFailure,
    FetchRequest,
    Network,
    Rechecked,
    RecheckRequest,
    Replayed,
    SourceKind,
    SourceSpec,
    store_key,
)
from widget.sources.rss.feed import NotAFeed
from widget.sources.rss.ids import stored_post
from widget.sources.rss.replay import ACCEPT, feed_record_target, replay_feed

MAX_FEED_BYTES = 10 * 1024 * 1024
"""Busy news feeds are a few hundred KB; far more is no feed to trust."""

RSS_NETWORK = Network(name="rss", stored_post=stored_post)
"""Named here, not imported with the reader: parsing needs feedparser and BeautifulSoup,
which only a fetch that finds a changed feed should pay for (not --offline or --help)."""
"""Feeds have no profiles or hashtags of their own: links come with each post."""


def feed_url_problem(value: str) -> str | None:
    """Why ``value`` is no feed address, in one line, or None."""
    if not value.strip():
        return "the feed URL is empty (write rss:https://…)"
    if any(character.isspace() for character in value):
        return f"the feed URL {value!r} contains spaces (encode them as %20)"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError:
        return f"the feed URL {value!r} is malformed"
    if parts.scheme.lower() not in ("http", "https"):
        return f"the feed URL {value!r} must start with https:// or http://"
    if not parts.hostname:
        return f"the feed URL {value!r} has no host name"
    if parts.username is not None or parts.password is not None:
        return f"the feed URL {value!r} must not carry a user name or password"
    return None


def normalized_url(value: str) -> str:
    """Scheme and host in lower case, no fragment: two spellings of a feed are one account."""
    parts = urlsplit(value.strip())
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


class RssKind:
    """The ``SourceKind`` of feeds; it holds no state, so one instance serves every feed."""

    name: str = "rss"
    network: Network = RSS_NETWORK
    syntax: str = "rss:https://example.org/feed.xml"
    local: bool = False

    def problem(self, value: str) -> str | None:
        return feed_url_problem(value)

    def spec(self, value: str, resolve: Callable[[str], Path]) -> SourceSpec:
        problem = feed_url_problem(value)
        if problem:
            raise SourceError(f"{self.name}:{value}: {problem}")
        return SourceSpec(self.name, normalized_url(value))

    def account(self, spec: SourceSpec) -> str:
        return store_key(spec.value)

    def fetch(self, request: FetchRequest) -> Fetched:
        url = request.spec.value
        counter = [0]
        response = web.get(
            request,
            url,
            headers=_conditional_headers(request.cursor),
            what="feed at that address",
            counter=counter,
            ok=(200, 304),
        )
        if response.status_code == 304:
            return Fetched((), dict(request.cursor), requests=counter[0])
        body = response.content
        if len(body) > MAX_FEED_BYTES:
            reason = f"the feed is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB"
            raise FetchFailure(request.spec.label, reason, counter[0])
        cursor = _cursor(response, body)
        if cursor["digest"] == request.cursor.get("digest"):
            return Fetched((), cursor, requests=counter[0])
        from widget.sources.rss.normalize import normalize_feed
        from widget.sources.rss.parse import read_feed

        try:
            feed = read_feed(body, url, response.headers.get("Content-Type"))
        except NotAFeed as exc:
            raise FetchFailure(request.spec.label, str(exc), counter[0]) from None
        fetched_at = datetime.now(timezone.utc).replace(microsecond=0)
        normalized = normalize_feed(feed, request.account, fetched_at)
        return Fetched(
            posts=normalized.posts,
            cursor=cursor,
            author=normalized.author,
            requests=counter[0],
            problems=normalized.problems,
        )

    def recheck(self, request: RecheckRequest) -> Rechecked | None:
        return None  # a feed has no way to ask for one entry; an entry it drops is still true

    def replay(self, folder: Path, request: requests.PreparedRequest) -> Replayed | None:
        return replay_feed(folder, request)

    def record_target(self, folder: Path, request: requests.PreparedRequest) -> Path | None:
        return feed_record_target(folder, request)


def _conditional_headers(cursor: Mapping[str, str]) -> dict[str, str]:
    headers = {"Accept": ACCEPT}
    if cursor.get("etag"):
        headers["If-None-Match"] = cursor["etag"]
    if cursor.get("last_modified"):
        headers["If-Modified-Since"] = cursor["last_modified"]
    return headers


def _cursor(response: requests.Response, body: bytes) -> dict[str, str]:
    cursor = {"digest": hashlib.sha256(body).hexdigest()}
    for key, header in (("etag", "ETag"), ("last_modified", "Last-Modified")):
        value = (response.headers.get(header) or "").strip()
        if value and len(value) < 200 and value.isprintable():
            cursor[key] = value
    return cursor


KIND: SourceKind = RssKind()
