"""The recheck: the posts the feeds show are looked up again, so a deleted post goes.

Every ``recheck_hours`` (per network; 0 means every build) the posts each feed
currently shows, as curation picks them from the store, are asked of their
network again. A post the network reports gone is removed from the store and
kept as a tombstone, so neither an archive nor a later page brings it back; an
older version of an edited post goes the same way, its tombstone naming the
version that replaced it. A recheck that fails removes nothing: only an answer
that says "gone" does. Which networks can recheck is their kinds' business
(``SourceKind.recheck``); this module never names one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import requests

from widget.accounts import Where, stored_accounts
from widget.budget import Budget
from widget.config import Config, FeedConfig
from widget.curate import curate
from widget.model import Post
from widget.sources.base import Rechecked, RecheckRequest, SourceSpec
from widget.sources.registry import KINDS
from widget.store import AccountState, Store, Tombstone, newest_first


@dataclass(frozen=True)
class RecheckStatus:
    source: str
    checked: int
    """How many posts were looked up."""
    gone: tuple[str, ...]
    replaced: tuple[str, ...]
    requests: int
    problems: tuple[str, ...]
    notes: tuple[str, ...] = ()
    over_budget: bool = False
    """Not asked: the lookup could read more posts than ``monthly_post_reads`` leaves."""


def recheck_shown(
    config: Config,
    store: Store,
    session: requests.Session,
    *,
    now: datetime,
    replaying: Callable[[str], bool],
    record: Path | None = None,
    skip: Collection[str] = (),
    log: Callable[[str], None] = print,
    warn: Callable[[str], None] | None = None,
    budget: Budget | None = None,
) -> tuple[RecheckStatus, ...]:
    """Rechecks the shown posts of every account that is due; the caller holds the store lock.

    ``replaying(network)`` says whether that network's answers come from recordings;
    with ``record`` every account is due, so the recording holds its lookups. Sources
    in ``skip`` (their fetch just failed) are left for a later build. A recheck that
    failed, or was not made to stay within ``budget``, is a ``warn`` line (``log``
    without one); the posts a recheck receives are added to ``budget``.
    """
    warn = warn or log
    states: dict[Where, AccountState] = {}
    live: dict[Where, SourceSpec] = {}
    for feed in config.feeds.values():
        for where, spec in stored_accounts(store, feed.sources):
            if where not in states:
                states[where] = store.load(*where)
            if not KINDS[spec.kind].local and spec.label not in skip:
                live.setdefault(where, spec)
    due: dict[Where, SourceSpec] = {}
    for where, spec in live.items():
        state, hours = states[where], config.settings(where[0]).recheck_hours
        if record is None and state.rechecked_at is None and hours > 0:
            state.rechecked_at = now  # the posts were just fetched: the clock starts now
            store.save(state)
        elif record is not None or is_due(state.rechecked_at, hours, now):
            due[where] = spec
    if not due:
        return ()  # the common build: nothing to curate, nothing to ask
    shown: dict[Where, set[str]] = {}
    for feed in config.feeds.values():
        wheres = dict.fromkeys(where for where, _ in stored_accounts(store, feed.sources))
        if wheres.keys() & due.keys():
            for where, ids in shown_ids(feed, [states[w] for w in wheres], now).items():
                shown.setdefault(where, set()).update(ids)
    statuses = []
    for where, spec in due.items():
        state = states[where]
        posts = newest_first(state.posts[post_id] for post_id in shown.get(where, ()))
        asked = tuple(p.id for p in posts)
        cap = config.settings(where[0]).monthly_post_reads
        if budget is not None and not budget.allows(where[0], len(asked), cap):
            skipped = _over_budget(spec.label, where[0], len(asked), budget, cap)
            statuses.append(skipped)
            warn(skipped.problems[0])
            continue
        status = _recheck(config, spec, state, asked, session, now, replaying, record)
        if status is None:
            continue
        statuses.append(status)
        if budget is not None:  # X bills a looked-up post like any other read
            budget.add(where[0], status.checked - len(status.gone))
        for line in status.problems:
            warn(f"{spec.label}: {line}")
        for line in status.notes:
            log(f"{spec.label}: {line}")
        if status.checked or status.gone or status.replaced:
            log(_summary(status))
        store.save(state)
    return tuple(statuses)


def is_due(rechecked_at: datetime | None, hours: int, now: datetime) -> bool:
    return rechecked_at is None or now - rechecked_at >= timedelta(hours=hours)


def shown_ids(
    feed: FeedConfig, states: Iterable[AccountState], now: datetime
) -> dict[Where, set[str]]:
    """The ids of the stored posts the feed shows (for a repost entry, each repost), by account."""
    owner: dict[str, Where] = {}
    posts: dict[str, Post] = {}
    for state in states:
        for post in state.posts.values():
            owner.setdefault(post.key, (state.network, state.account))
            posts.setdefault(post.key, post)
    curated = curate(feed, newest_first(posts.values()), now=now)
    by_account: dict[Where, set[str]] = {}
    for entry in curated.entries:
        for key in entry.source_ids:
            if key in owner:
                by_account.setdefault(owner[key], set()).add(posts[key].id)
    return by_account


def _recheck(
    config: Config,
    spec: SourceSpec,
    state: AccountState,
    ids: tuple[str, ...],
    session: requests.Session,
    now: datetime,
    replaying: Callable[[str], bool],
    record: Path | None,
) -> RecheckStatus | None:
    kind = KINDS[spec.kind]
    network = kind.network.name
    request = RecheckRequest(
        spec=spec,
        account=state.account,
        ids=ids,
        session=session,
        settings=config.settings(network),
        replaying=replaying(network),
        record=record,
    )
    # A recheck asks the network what is true now: an answer the HTTP cache kept from
    # minutes ago would make "every build" a promise the cache breaks.
    fresh = getattr(session, "cache_disabled", contextlib.nullcontext)
    with fresh():
        answer = kind.recheck(request)
    if answer is None:
        return None
    gone, replaced = apply(state, answer, now)
    if not answer.problems:
        state.rechecked_at = now
    return RecheckStatus(
        spec.label,
        len(ids),
        tuple(gone),
        tuple(replaced),
        answer.requests,
        answer.problems,
        answer.notes,
    )


def _over_budget(
    label: str, network: str, shown: int, budget: Budget, cap: int | None
) -> RecheckStatus:
    """A recheck not made; it is due again at the next build, when the month may allow it."""
    problem = (
        f"{label}: the recheck was not made, to stay within {budget.spent(network, cap)}, "
        f"and it would read {shown} more; a deleted post stays shown until a recheck is made"
    )
    return RecheckStatus(label, 0, (), (), 0, (problem,), over_budget=True)


def apply(state: AccountState, answer: Rechecked, now: datetime) -> tuple[list[str], list[str]]:
    """Buries what the answer says is gone or replaced, refreshes the rest; returns the ids
    removed (gone, then replaced)."""
    gone = state.bury(sorted(answer.gone), "deleted", now)
    replaced: list[str] = []
    for old, new in sorted(answer.replaced.items()):
        replaced += state.bury([old], "edited", now, replaced_by=new)
    state.merge(post for post in answer.posts if post.id in state.posts)
    return gone, replaced


def _summary(status: RecheckStatus) -> str:
    asked = "request" if status.requests == 1 else "requests"
    found = []
    if status.gone:
        found.append(f"{len(status.gone)} deleted and removed")
    if status.replaced:
        found.append(f"{len(status.replaced)} replaced by a newer version")
    result = "; ".join(found) or "all still there"
    return (
        f"{status.source}: rechecked {status.checked} shown post(s) with {status.requests} "
        f"{asked}: {result}"
    )


def why_gone(store: Store, feed: FeedConfig, reference: str) -> str | None:
    """What ``widget explain`` says of a post that left the store, or None when none did.

    ``reference`` is written as ``hidden`` takes it: ``network:id``, the bare id, or the
    post's address."""
    for (network, account), _ in stored_accounts(store, feed.sources):
        state = store.load(network, account)
        post_id = _buried_id(reference.removeprefix(f"{network}:"), state.tombstones)
        if post_id is not None:
            return f"{network}:{post_id} {_gone_words(network, state.tombstones[post_id])}"
    return None


def _buried_id(reference: str, tombstones: Mapping[str, Tombstone]) -> str | None:
    """The tombstone's id ``reference`` names, or None.

    A tombstone keeps no address, but every network's address of a post ends in the
    last part of its id (X and Mastodon ``…/<id>``, Bluesky ``…/post/<rkey>`` of
    ``at://…/app.bsky.feed.post/<rkey>``)."""
    if reference in tombstones:
        return reference
    parts = urlsplit(reference)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    named = [post_id for post_id in tombstones if last and post_id.rsplit("/", 1)[-1] == last]
    return named[0] if len(named) == 1 else None


def _gone_words(network: str, stone: Tombstone) -> str:
    when = stone.at.strftime("%Y-%m-%d %H:%M UTC")
    if stone.reason == "edited":
        return (
            f"is not shown: it was edited, and {network}:{stone.replaced_by} replaced it "
            f"(found {when}); only the newest version is shown"
        )
    if stone.reason == "forgotten":
        return f"is not shown: widget forget removed it ({when}), and it will not return"
    return f"is not shown: {network} reported it deleted ({when}), and it will not return"
