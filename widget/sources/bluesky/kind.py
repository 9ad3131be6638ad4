"""The ``bluesky:`` source kind: one account's author feed from the public AppView.

No login: ``getProfile`` and ``getAuthorFeed`` are public on
``public.api.bsky.app``. Every request goes through the build's cached session
(``widget.sources.web``), so replay, recording and the HTTP cache work as for
every network. The profile is asked for only on a first fetch; after that the
opaque cursor holds the account's DID and the newest post seen, and a steady
state build costs one request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from widget.errors import SourceError
from widget.model import Author, Post
from widget.sources import web
from widget.sources.base import (
    Fetched,
    FetchFailure,
    FetchRequest,
    Network,
    Rechecked,
    RecheckRequest,
    Replayed,
    SourceSpec,
    store_key,
)
from widget.sources.bluesky import accounts, recheck, replay
from widget.sources.bluesky.normalize import (
    HIDDEN_LABEL,
    Hidden,
    Normalizer,
    Skip,
    author_of,
    hidden_line,
    identity,
    is_pin,
    parse_time,
)

NETWORK = Network(
    name="bluesky",
    profile="https://bsky.app/profile/{}",
    hashtag="https://bsky.app/hashtag/{}",
)
PROFILE_URL = replay.api_url(replay.PROFILE)
FEED_URL = replay.api_url(replay.FEED)
FEED_FILTER = "posts_with_replies"
MAX_PAGES = 20
"""However many posts are wanted, a fetch stops here (a cycling cursor stops sooner)."""


def page_size(limit: int) -> int:
    """The API gives 1 to 100 items a page."""
    return max(1, min(100, limit))


class BlueskyKind:
    name = "bluesky"
    network = NETWORK
    syntax = "bluesky:name.bsky.social"
    local = False

    def problem(self, value: str) -> str | None:
        return accounts.problem(value)

    def spec(self, value: str, resolve: Callable[[str], Path]) -> SourceSpec:
        return SourceSpec(kind=self.name, value=accounts.normalized(value))

    def account(self, spec: SourceSpec) -> str:
        if accounts.problem(spec.value) is not None:
            raise SourceError(f"{spec.label}: {accounts.problem(spec.value)}")
        return store_key(accounts.normalized(spec.value))

    def fetch(self, request: FetchRequest) -> Fetched:
        return _Fetch(request).run()

    def recheck(self, request: RecheckRequest) -> Rechecked | None:
        return recheck.recheck(request)

    def replay(self, folder: Path, request: requests.PreparedRequest) -> Replayed | None:
        return replay.replay(folder, request)

    def record_target(self, folder: Path, request: requests.PreparedRequest) -> Path | None:
        return replay.record_target(folder, request)


KIND = BlueskyKind()


class _Fetch:
    """One fetch of one account: the pages newest first, down to what was seen before."""

    def __init__(self, request: FetchRequest) -> None:
        self.request = request
        self.actor = request.spec.value
        self.counter = [0]
        self.normalizer = Normalizer(request.account)
        self.hidden = 0
        self.posts: dict[str, Post] = {}
        self.seen_id = request.cursor.get("newest_id")
        self.seen_at = parse_time(request.cursor.get("newest_at"))
        self.newest: tuple[str, datetime | None] | None = None

    def run(self) -> Fetched:
        did = self.request.cursor.get("did")
        author = None
        if not did:
            author = self._profile()
            did = author.id
        self._pages()
        posts = sorted(self.posts.values(), key=lambda post: post.created, reverse=True)
        own = next((post.author for post in posts if post.author.id == did), None)
        problems = self.normalizer.problems + ([hidden_line(self.hidden)] if self.hidden else [])
        return Fetched(
            posts=tuple(posts),
            cursor=self._cursor(did),
            author=own or author,
            requests=self.counter[0],
            problems=tuple(problems),
        )

    def _profile(self) -> Author:
        body = self._json(PROFILE_URL, {"actor": self.actor}, "the profile")
        try:
            author, labels = author_of(body, "the profile")
        except Skip:
            raise self._failure("the server answered the profile in an unexpected shape") from None
        if HIDDEN_LABEL in labels:
            raise self._failure(
                f"the account asks not to be shown to readers who are not logged in "
                f"({HIDDEN_LABEL}); remove it from sources"
            )
        return author

    def _pages(self) -> None:
        page_cursor: str | None = None
        used: set[str] = set()
        for _ in range(MAX_PAGES):
            params = {
                "actor": self.actor,
                "limit": str(page_size(self.request.limit)),
                "filter": FEED_FILTER,
            }
            if page_cursor is not None:
                params["cursor"] = page_cursor
            body = self._json(FEED_URL, params, "the posts")
            feed = body.get("feed")
            if not isinstance(feed, list):
                raise self._failure("the server answered the posts in an unexpected shape")
            if self._read(feed) or len(self.posts) >= self.request.limit:
                return
            following = body.get("cursor")
            if not isinstance(following, str) or not following:
                return
            if following in used or following == page_cursor:
                self.normalizer.problems.append(web.circle(len(used) + 1, "cursor"))
                return
            used.add(following)
            page_cursor = following

    def _read(self, feed: list[Any]) -> bool:
        """Takes a page's posts; True once it reaches what an earlier fetch saw."""
        for item in feed:
            pinned = is_pin(item)
            found = identity(item)
            if found is not None and pinned and self._seen(*found, pinned=True):
                continue  # an old pin: stored when it was new
            if found is not None and not pinned:
                if self._seen(*found):
                    return True
                self.newest = self.newest or found
            try:
                post = self.normalizer.item(item)
            except Hidden:
                self.hidden += 1
                continue
            except Skip as skip:
                self.normalizer.problems.append(str(skip))
                continue
            self.posts.setdefault(post.id, post)
        return False

    def _seen(self, post_id: str, moment: datetime | None, *, pinned: bool = False) -> bool:
        """Whether an earlier fetch read this far. A pin sits out of date order, so it
        only tells whether the pin itself is old; it never ends the paging."""
        if post_id == self.seen_id:
            return True
        if moment is None or self.seen_at is None:
            return False
        return moment <= self.seen_at if pinned else moment < self.seen_at

    def _cursor(self, did: str) -> Mapping[str, str]:
        cursor = {"did": did}
        if self.newest is not None:
            newest_id, newest_at = self.newest
            cursor["newest_id"] = newest_id
            if newest_at is not None:
                cursor["newest_at"] = newest_at.isoformat()
        else:
            for key in ("newest_id", "newest_at"):
                if key in self.request.cursor:
                    cursor[key] = self.request.cursor[key]
        return cursor

    def _json(self, url: str, params: dict[str, str], what: str) -> Mapping[str, Any]:
        """The answer as a JSON object; a refused actor (400) becomes a one-line reason."""
        response = web.get(
            self.request, url, params=params, what=what, counter=self.counter, ok=(200, 400)
        )
        if response.status_code == 400:
            raise self._failure(_refusal(response, self.actor, what))
        body = web.json_body(self.request, response, what=what, counter=self.counter)
        if not isinstance(body, Mapping):
            raise self._failure(f"the server answered {what} in an unexpected shape")
        return body

    def _failure(self, reason: str) -> FetchFailure:
        return FetchFailure(self.request.spec.label, reason, self.counter[0])


def _refusal(response: requests.Response, actor: str, what: str) -> str:
    """The AppView says why in ``{error, message}``: an unknown actor is the common case."""
    try:
        body = response.json()
    except (ValueError, RecursionError):
        body = None
    message = body.get("message") if isinstance(body, dict) else None
    error = body.get("error") if isinstance(body, dict) else None
    detail = web.one_line(message if isinstance(message, str) else str(error or ""), 120)
    status = f"{response.status_code}{': ' + detail if detail else ''}"
    if isinstance(message, str) and "not found" in message.lower():
        return f"no Bluesky account {actor} was found ({status})"
    if error in ("BlockedActor", "BlockedByActor"):
        return f"the account {actor} cannot be read: it blocks or is blocked ({status})"
    return f"the server rejected the request for {what} ({status})"
