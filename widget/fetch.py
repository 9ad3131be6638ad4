"""The fetch stage: every account of every feed into the store, and how each one went.

An account fetched less than ``x.refresh_minutes`` ago is not fetched again,
and an account that is fetched asks only for posts newer than the newest one
stored, so a build costs nothing when nothing is due and one request per
account when something is. A failure never empties a widget: the account is
served from the store and reported in one line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import requests

from widget.config import Config, FeedConfig, SourceSpec
from widget.errors import SourceError, StoreError
from widget.http import make_session
from widget.model import Post
from widget.sources.x.archive import archive_handle, read_archive
from widget.sources.x.common import NETWORK
from widget.sources.x.live import REPLAY_TOKEN, TOKEN_VARIABLE, XClient, XFetchError
from widget.sources.x.replay import attach_recorder, mount_replay
from widget.store import ACCOUNT_NAME, AccountState, Store, id_order


@dataclass(frozen=True)
class AccountStatus:
    source: str
    """``x:borgerdk`` or ``x-archive:/abs/path``."""
    status: str
    """``fresh`` (fetched now), ``cached`` (not due, or offline), ``stored`` (the fetch
    failed; served from the store) or ``failed`` (the fetch failed and nothing is stored)."""
    message: str | None
    fetched_at: datetime | None
    new_posts: int
    requests: int


@dataclass(frozen=True)
class FetchReport:
    accounts: tuple[AccountStatus, ...]

    @property
    def degraded(self) -> bool:
        return any(account.status in {"stored", "failed"} for account in self.accounts)


def fetch_sources(
    config: Config,
    store: Store,
    *,
    offline: bool = False,
    replay: Path | None = None,
    record: Path | None = None,
    wait_on_rate_limit: bool | None = None,
    now: datetime | None = None,
    log: Callable[[str], None] = print,
    session: requests.Session | None = None,
) -> FetchReport:
    """Fetches what is due into the store.

    A ``session`` passed in is used as it is (the caller mounts replay and the
    recorder on it); without one, a cached session is opened for this call.
    ``replay`` means answers come from recordings, so no token is needed.
    ``record`` fetches every account in full (user lookup, no ``since_id``,
    refresh window ignored) so the recording can be replayed on its own.
    """
    now = now or datetime.now(timezone.utc)
    replay = replay if replay is not None else config.x.replay
    wait = config.x.wait_on_rate_limit if wait_on_rate_limit is None else wait_on_rate_limit
    handles = x_accounts(config)
    statuses: list[AccountStatus] = []
    own_session: requests.Session | None = None
    with store.lock(log=log):
        for path in archive_folders(config):
            statuses.append(_merge_archive(store, path, now, log))
        client: XClient | None = None
        token = REPLAY_TOKEN if replay is not None else os.environ.get(TOKEN_VARIABLE, "").strip()
        if handles and token and not offline:
            if session is None:
                session = own_session = _open_session(config, replay, record)
            client = XClient(session, token, wait_on_rate_limit=wait)
        try:
            for handle, limit in handles.items():
                job = _Job(store, handle, limit, now, log)
                statuses.append(job.run(client, config.x.refresh_minutes, offline, record))
        finally:
            if own_session is not None:
                own_session.close()
    return FetchReport(tuple(statuses))


def x_accounts(config: Config) -> dict[str, int]:
    """Every ``x:`` handle, with the largest ``limit`` of the feeds that show it."""
    limits: dict[str, int] = {}
    for feed in config.feeds.values():
        for source in feed.sources:
            if source.kind == "x":
                limits[source.value] = max(limits.get(source.value, 0), feed.limit)
    return limits


def archive_folders(config: Config) -> list[Path]:
    folders = (s.path for f in config.feeds.values() for s in f.sources if s.kind == "x-archive")
    return list(dict.fromkeys(path for path in folders if path is not None))


def _open_session(config: Config, replay: Path | None, record: Path | None) -> requests.Session:
    session = make_session(
        config.state,
        expire_after=timedelta(minutes=config.x.refresh_minutes),
        timeout=config.x.timeout_seconds,
    )
    if replay is not None:
        mount_replay(session, replay)
    if record is not None:
        attach_recorder(session, record)
    return session


@dataclass
class _Job:
    store: Store
    handle: str
    limit: int
    now: datetime
    log: Callable[[str], None]

    @property
    def label(self) -> str:
        return f"{NETWORK}:{self.handle}"

    def run(
        self, client: XClient | None, refresh: int, offline: bool, record: Path | None
    ) -> AccountStatus:
        state = self.store.load(NETWORK, self.handle)
        due = state.fetched_at is None or self.now - state.fetched_at >= timedelta(minutes=refresh)
        if not due and record is None:
            return AccountStatus(self.label, "cached", None, state.fetched_at, 0, 0)
        if offline:
            status = "cached" if state.posts else "failed"
            message = f"{self.label}: offline, so nothing was fetched; {self._serving(state)}"
            return AccountStatus(self.label, status, message, state.fetched_at, 0, 0)
        if client is None:
            return self._failed(state, f"{TOKEN_VARIABLE} is not set", 0)
        self.log(f"{self.label}: fetching new posts")
        try:
            timeline = client.timeline(
                self.handle,
                user_id=None if record else state.user_id,
                since_id=None if record else state.newest_id,
                limit=self.limit,
            )
        except XFetchError as failure:
            return self._failed(state, failure.reason, failure.requests)
        new = state.merge(timeline.posts)
        state.user_id = timeline.user_id
        state.author = timeline.author or state.author
        state.fetched_at = self.now
        state.last_error = None
        self.store.save(state)
        for problem in timeline.problems:
            self.log(f"{self.label}: {problem}")
        return AccountStatus(self.label, "fresh", None, self.now, new, timeline.requests)

    def _failed(self, state: AccountState, reason: str, requests: int) -> AccountStatus:
        state.last_error = reason
        self.store.save(state)  # the posts stay; only the error is new
        status = "stored" if state.posts else "failed"
        message = f"{self.label}: {reason}; {self._serving(state)}"
        return AccountStatus(self.label, status, message, state.fetched_at, 0, requests)

    def _serving(self, state: AccountState) -> str:
        if not state.posts:
            return "no posts are stored yet"
        count = len(state.posts)
        posts = f"{count} stored post{'s' if count != 1 else ''}"
        if state.fetched_at is None:
            return f"serving {posts}"
        return f"serving {posts} from {age(state.fetched_at, self.now)}"


def age(then: datetime, now: datetime) -> str:
    """How long ago, in the unit a person would use."""
    minutes = int(max(0.0, (now - then).total_seconds()) // 60)
    if minutes < 2:
        return "a minute ago"
    if minutes < 120:
        return f"{minutes} minutes ago"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hours ago"
    return f"{hours // 24} days ago"


def _merge_archive(
    store: Store, folder: Path, now: datetime, log: Callable[[str], None]
) -> AccountStatus:
    label = f"x-archive:{folder}"
    try:
        handle, posts = read_archive(folder)
        store.path(NETWORK, handle)
    except (SourceError, StoreError) as exc:
        return AccountStatus(label, "failed", f"{label}: {_one_line(exc.message)}", None, 0, 0)
    state = store.load(NETWORK, handle)
    new = state.merge(posts, replace=False)
    if new:
        store.save(state)
        log(f"{label}: {new} post(s) added to {NETWORK}:{handle}")
    return AccountStatus(label, "fresh", None, now, new, 0)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def stored_posts(store: Store, feed: FeedConfig) -> list[Post]:
    """Every stored post of the feed's sources, newest first, each id once."""
    return posts_by_feed(store, [feed])[feed.name]


def posts_by_feed(store: Store, feeds: Iterable[FeedConfig]) -> dict[str, list[Post]]:
    """``stored_posts`` of several feeds, reading each account's file once."""
    states: dict[str, AccountState] = {}
    by_feed: dict[str, list[Post]] = {}
    for feed in feeds:
        posts: dict[str, Post] = {}
        for handle in dict.fromkeys(_handles(feed.sources)):
            if handle not in states:
                states[handle] = store.load(NETWORK, handle)
            for post in states[handle].posts.values():
                posts.setdefault(post.id, post)
        by_feed[feed.name] = sorted(
            posts.values(), key=lambda post: (post.created, id_order(post.id)), reverse=True
        )
    return by_feed


def _handles(sources: tuple[SourceSpec, ...]) -> Iterator[str]:
    for source in sources:
        if source.kind == "x":
            yield source.value
        elif source.path is not None:
            try:
                handle = archive_handle(source.path)
            except SourceError:
                continue  # the fetch stage has already reported it
            if ACCOUNT_NAME.match(handle):
                yield handle
