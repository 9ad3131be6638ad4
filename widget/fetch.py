"""The fetch stage: every account of every feed into the store, and how each one went.

An account fetched less than its network's ``refresh_minutes`` ago is not
fetched again, and an account that is fetched asks only for what is newer than
its source's cursor, so a build costs nothing when nothing is due and about one
request per account when something is. A failure never empties a widget: the
account is served from the store and reported in one line. Which networks
exist is the registry's business; this stage only runs the kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import requests

from widget.accounts import stored_accounts
from widget.budget import Budget, NetworkReads
from widget.config import Config, FeedConfig
from widget.errors import SourceError, StoreError
from widget.http import CACHE_FILE, REPLAY_CACHE_FILE, make_session
from widget.model import Post
from widget.recheck import RecheckStatus, recheck_shown
from widget.redact import redact
from widget.sources.base import FetchFailure, FetchRequest, SourceKind, SourceSpec
from widget.sources.registry import KINDS
from widget.sources.replay import attach_recorder, mount_replay
from widget.store import AccountState, Store, newest_first


@dataclass(frozen=True)
class AccountStatus:
    source: str
    """``x:borgerdk``, ``mastodon:user@host`` or ``x-archive:/abs/path``."""
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
    reads: tuple[NetworkReads, ...] = ()
    """Posts read per network in use: by this fetch and this month (``budget.py``)."""
    rechecks: tuple[RecheckStatus, ...] = ()

    @property
    def degraded(self) -> bool:
        return any(account.status in {"stored", "failed"} for account in self.accounts) or any(
            recheck.over_budget for recheck in self.rechecks
        )


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
    warn: Callable[[str], None] | None = None,
) -> FetchReport:
    """Fetches what is due into the store.

    A ``session`` passed in is used as it is (the caller has mounted replay and
    the recorder on it); without one, the same session a build uses is opened
    for this call. ``replay`` serves every network from one recordings folder.
    ``record`` fetches every account in full (no cursor, refresh window
    ignored) so the recording can be replayed on its own. ``warn`` gets the lines of a
    recheck that failed or was not made (``log`` without it); a build counts them.
    """
    now = now or datetime.now(timezone.utc)
    own_session: requests.Session | None = None
    if session is None:
        session = own_session = open_session(config, replay=replay, record=record, offline=offline)
    statuses: list[AccountStatus] = []
    with store.lock(log=log):
        budget = Budget.load(config.state, now)
        try:
            for spec, limit in sources_with_limits(config).items():
                job = _Job(config, store, spec, KINDS[spec.kind], limit, now, log, budget)
                statuses.append(
                    job.run(
                        session,
                        offline=offline,
                        record=record is not None,
                        replaying=replay is not None
                        or config.settings(job.kind.network.name).replay is not None,
                        wait_on_rate_limit=wait_on_rate_limit,
                    )
                )
            rechecks = (
                ()
                if offline
                else recheck_shown(
                    config,
                    store,
                    session,
                    now=now,
                    replaying=lambda name: (
                        replay is not None or config.settings(name).replay is not None
                    ),
                    record=record,
                    skip={s.source for s in statuses if s.status in {"stored", "failed"}},
                    log=log,
                    warn=warn,
                    budget=budget,
                )
            )
        finally:
            budget.save()  # what was read and stored counts, even when a later account broke
            if own_session is not None:
                own_session.close()
    used = config.networks_used()
    caps = {name: config.settings(name).monthly_post_reads for name in used}
    return FetchReport(tuple(statuses), budget.report(used, caps), rechecks)


def sources_with_limits(config: Config) -> dict[SourceSpec, int]:
    """Every source, local ones first, with the largest ``limit`` of the feeds showing it.

    Local sources (archives) are read first so that an API answer, merged after,
    wins over an export's older copy of the same post.
    """
    limits: dict[SourceSpec, int] = {}
    for feed in config.feeds.values():
        for source in feed.sources:
            limits[source] = max(limits.get(source, 0), feed.limit)
    return dict(sorted(limits.items(), key=lambda item: not KINDS[item[0].kind].local))


def open_session(
    config: Config,
    *,
    replay: Path | None = None,
    record: Path | None = None,
    offline: bool = False,
) -> requests.Session:
    """The build's one HTTP session: cached, with replay and the recorder mounted as asked.

    ``replay`` (the ``--replay`` option) serves every network from one folder; a
    network's own ``replay`` setting serves only that network, and requests no
    recording answers then still go out, unless every network in use is replayed.
    """
    used = config.networks_used()
    routes: list[tuple[Path, SourceKind]] = []
    for kind in KINDS.values():
        folder = replay or config.settings(kind.network.name).replay
        if folder is not None:
            routes.append((folder, kind))
    replayed = {kind.network.name for _, kind in routes}
    settings = [config.settings(name) for name in used] or [config.settings("x")]
    session = make_session(
        config.state,
        expire_after=timedelta(minutes=min(s.refresh_minutes for s in settings)),
        timeout=max(s.timeout_seconds for s in settings),
        offline=offline,
        cache_file=CACHE_FILE if not routes else REPLAY_CACHE_FILE,
    )
    if routes:
        mount_replay(session, routes, fallback=not replayed.issuperset(used))
    if record is not None:
        attach_recorder(session, record, list(KINDS.values()))
    return session


@dataclass
class _Job:
    config: Config
    store: Store
    spec: SourceSpec
    kind: SourceKind
    limit: int
    now: datetime
    log: Callable[[str], None]
    budget: Budget

    @property
    def label(self) -> str:
        return self.spec.label

    def run(
        self,
        session: requests.Session,
        *,
        offline: bool,
        record: bool,
        replaying: bool,
        wait_on_rate_limit: bool | None,
    ) -> AccountStatus:
        network = self.kind.network.name
        try:
            account = self.kind.account(self.spec)
            self.store.path(network, account)
        except (SourceError, StoreError) as exc:
            message = f"{self.label}: {' '.join(exc.message.split())}"
            return AccountStatus(self.label, "failed", message, None, 0, 0)
        state = self.store.load(network, account)
        settings = self.config.settings(network)
        if wait_on_rate_limit is not None:
            settings = replace(settings, wait_on_rate_limit=wait_on_rate_limit)
        if not self.kind.local:
            refresh = timedelta(minutes=settings.refresh_minutes)
            due = state.fetched_at is None or self.now - state.fetched_at >= refresh
            if not due and not record:
                return AccountStatus(self.label, "cached", None, state.fetched_at, 0, 0)
            if offline:
                status = "cached" if state.posts else "failed"
                message = f"{self.label}: offline, so nothing was fetched; {self._serving(state)}"
                return AccountStatus(self.label, status, message, state.fetched_at, 0, 0)
            if not self.budget.allows(network, self.limit, settings.monthly_post_reads):
                return self._over_budget(state, settings.monthly_post_reads)
            self.log(f"{self.label}: fetching new posts")
        request = FetchRequest(
            spec=self.spec,
            account=account,
            cursor={} if record else dict(state.cursor),
            limit=self.limit,
            session=session,
            settings=settings,
            log=self.log,
            replaying=replaying,
        )
        try:
            fetched = self.kind.fetch(request)
        except FetchFailure as failure:
            if self.kind.local:  # an export that cannot be read leaves what it gave before
                status = "stored" if state.posts else "failed"
                return AccountStatus(self.label, status, redact(failure.message), None, 0, 0)
            return self._failed(state, redact(failure.reason), failure.requests)
        for problem in fetched.problems:
            self.log(f"{self.label}: {redact(problem)}")
        if not self.kind.local:  # every post received counts, skipped ones too
            self.budget.add(network, len(fetched.posts) + len(fetched.problems))
        new = state.merge(fetched.posts, replace=not self.kind.local)
        for old, newest in fetched.replaced.items():  # only an edit's newest version is shown
            state.bury([old], "edited", self.now, replaced_by=newest)
        if self.kind.local:
            if new or state.cursor != fetched.cursor:
                state.cursor = dict(fetched.cursor)
                self.store.save(state)
            if new:
                self.log(f"{self.label}: {new} post(s) added to {network}:{account}")
            return AccountStatus(self.label, "fresh", None, self.now, new, 0)
        state.cursor = dict(fetched.cursor)
        state.author = fetched.author or state.author
        state.fetched_at = self.now
        state.last_error = None
        self.store.save(state)
        return AccountStatus(self.label, "fresh", None, self.now, new, fetched.requests)

    def _failed(self, state: AccountState, reason: str, requests: int) -> AccountStatus:
        state.last_error = reason
        self.store.save(state)  # the posts stay; only the error is new
        status = "stored" if state.posts else "failed"
        message = f"{self.label}: {reason}; {self._serving(state)}"
        return AccountStatus(self.label, status, message, state.fetched_at, 0, requests)

    def _over_budget(self, state: AccountState, cap: int | None) -> AccountStatus:
        """Not asked: the fetch could read up to ``limit`` posts, more than the cap leaves."""
        status = "stored" if state.posts else "failed"
        message = (
            f"{self.label}: not asked, to stay within "
            f"{self.budget.spent(self.kind.network.name, cap)}, and a fetch may read "
            f"{self.limit} more; {self._serving(state)}"
        )
        return AccountStatus(self.label, status, message, state.fetched_at, 0, 0)

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


def stored_posts(store: Store, feed: FeedConfig) -> list[Post]:
    """Every stored post of the feed's sources, newest first, each post once."""
    return newest_first(posts_by_feed(store, [feed])[feed.name])


def posts_by_feed(store: Store, feeds: Iterable[FeedConfig]) -> dict[str, list[Post]]:
    """The stored posts of several feeds, each post once, reading each account's file once.

    In no particular order: curation orders what it needs itself, and a build of tens of
    thousands of stored posts should not pay for sorting them all.
    """
    states: dict[tuple[str, str], AccountState] = {}
    by_feed: dict[str, list[Post]] = {}
    for feed in feeds:
        posts: dict[str, Post] = {}
        for where, _ in stored_accounts(store, feed.sources):
            if where not in states:
                states[where] = store.load(*where)
            for post in states[where].posts.values():
                posts.setdefault(post.key, post)
        by_feed[feed.name] = list(posts.values())
    return by_feed
