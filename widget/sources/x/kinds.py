"""The two X source kinds: ``x:<handle>`` (the API v2) and ``x-archive:<folder>`` (an export)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import requests

from widget.errors import SourceError
from widget.sources.base import (
    Fetched,
    FetchFailure,
    FetchRequest,
    Network,
    Rechecked,
    RecheckRequest,
    Replayed,
    SourceSpec,
)
from widget.sources.x import archive_cache, replay
from widget.sources.x.archive import archive_handle, read_archive
from widget.sources.x.common import REPLAY_TOKEN, TOKEN_VARIABLE, valid_post_id

HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")

X = Network(
    name="x",
    profile="https://x.com/{}",
    hashtag="https://x.com/hashtag/{}",
    cashtag="https://x.com/search?q=%24{}",
    token_variable=TOKEN_VARIABLE,
)


def _newest(ids: list[str]) -> str | None:
    numeric = [number for number in ids if valid_post_id(number)]
    return max(numeric, key=int) if numeric else None


class XKind:
    """``x:<handle>``: the account's timeline through tweepy, only what is new each time."""

    name = "x"
    network = X
    syntax = '"x:<handle>"'
    local = False

    def problem(self, value: str) -> str | None:
        if not HANDLE.match(value.lstrip("@")):
            return f"{value!r} is not a valid X username; write {self.syntax}"
        return None

    def spec(self, value: str, resolve: Callable[[str], Path]) -> SourceSpec:
        return SourceSpec(kind=self.name, value=value.lstrip("@").lower())

    def account(self, spec: SourceSpec) -> str:
        return spec.value

    def fetch(self, request: FetchRequest) -> Fetched:
        # tweepy is imported only when an account is fetched: an --offline build,
        # `widget check` and `widget --help` never need it.
        from widget.sources.x.live import XClient, XFetchError
        from widget.sources.x.recheck import superseded

        label = request.spec.label
        token = REPLAY_TOKEN if request.replaying else os.environ.get(TOKEN_VARIABLE, "").strip()
        if not token:
            raise FetchFailure(label, f"{TOKEN_VARIABLE} is not set")
        client = XClient(
            request.session, token, wait_on_rate_limit=request.settings.wait_on_rate_limit
        )
        since_id = request.cursor.get("since_id")
        try:
            timeline = client.timeline(
                request.account,
                user_id=request.cursor.get("user_id"),
                since_id=since_id,
                limit=request.limit,
            )
        except XFetchError as failure:
            raise FetchFailure(label, failure.reason, failure.requests) from None
        newest = _newest([post.id for post in timeline.posts] + ([since_id] if since_id else []))
        cursor = {**request.cursor, "user_id": timeline.user_id}  # an export's signature stays
        if newest is not None:
            cursor["since_id"] = newest
        return Fetched(
            posts=timeline.posts,
            cursor=cursor,
            author=timeline.author,
            requests=timeline.requests,
            problems=timeline.problems,
            replaced=superseded(timeline.versions),
        )

    def recheck(self, request: RecheckRequest) -> Rechecked | None:
        from widget.sources.x.recheck import recheck  # tweepy, as for a fetch

        return recheck(request)

    def replay(self, folder: Path, request: requests.PreparedRequest) -> Replayed | None:
        return replay.answer(folder, request)

    def record_target(self, folder: Path, request: requests.PreparedRequest) -> Path | None:
        return replay.record_target(folder, request)


class XArchiveKind:
    """``x-archive:<folder>``: an unpacked account export, read on every build."""

    name = "x-archive"
    network = X
    syntax = '"x-archive:<folder>"'
    local = True

    def problem(self, value: str) -> str | None:
        return None if value.strip() else f"it names no folder; write {self.syntax}"

    def spec(self, value: str, resolve: Callable[[str], Path]) -> SourceSpec:
        return SourceSpec(kind=self.name, value=value, path=resolve(value))

    def account(self, spec: SourceSpec) -> str:
        if spec.path is None:
            raise SourceError(f"{spec.label}: names no folder")
        return archive_handle(spec.path)

    def fetch(self, request: FetchRequest) -> Fetched:
        if request.spec.path is None:
            raise FetchFailure(request.spec.label, "names no folder")
        folder = request.spec.path
        cursor = dict(request.cursor)
        if archive_cache.unchanged(folder, cursor):
            return Fetched(posts=(), cursor=cursor)  # merged already; see archive_cache
        found = archive_cache.signature(folder)
        skipped: list[str] = []
        try:
            _, posts = read_archive(folder, skipped)
        except SourceError as exc:
            raise FetchFailure(request.spec.label, " ".join(exc.message.split())) from None
        if found is not None:
            cursor[archive_cache.CURSOR_KEY] = found
        # The export's newest post is where the API takes over: X bills every post read.
        newest = _newest([post.id for post in posts] + [cursor.get("since_id", "")])
        if newest is not None:
            cursor["since_id"] = newest
        return Fetched(posts=posts, cursor=cursor, problems=tuple(skipped))

    def recheck(self, request: RecheckRequest) -> Rechecked | None:
        return None  # an export never changes; the x: source of the same account rechecks

    def replay(self, folder: Path, request: requests.PreparedRequest) -> Replayed | None:
        return None

    def record_target(self, folder: Path, request: requests.PreparedRequest) -> Path | None:
        return None


X_KIND = XKind()
X_ARCHIVE_KIND = XArchiveKind()
